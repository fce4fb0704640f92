"""``python -m effplm_catalog``: the effplm command."""

from .launcher import main

main()
