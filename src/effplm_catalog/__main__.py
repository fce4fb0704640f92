"""``python -m effplm_catalog``: the effplm command."""

from .cli import main

main()
