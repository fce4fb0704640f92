"""effplm-catalog: a curated, validated catalog of papers on efficient pre-trained language models.

The library never prints and never exits; :mod:`effplm_catalog.cli` is the thin
command-line layer over it.
"""

__version__ = "0.1.0"

#: Bumped whenever the record schema changes in a way that affects validation.
#: Part of the load-cache key, so a schema change never serves stale results.
SCHEMA_VERSION = 1
