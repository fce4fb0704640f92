"""The ``effplm`` command's entry point: an unchanged catalog validated before the CLI is imported.

``effplm validate`` without options is what CI and pre-commit hooks run on every change,
and for an unchanged catalog its answer is in the cache index (:mod:`effplm_catalog.index`).
Importing click, the CLI and the modules behind them would cost more than finding that
answer, so this entry point looks first and answers "N records valid" itself. Anything
else (another command, an option, a catalog that changed or has problems) goes to
:mod:`effplm_catalog.cli`, which says the same thing in the same words.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["validate"] and not os.environ.get("EFFPLM_NO_CACHE") and _unchanged_and_valid():
        return
    from .cli import main as cli

    cli()


def _unchanged_and_valid() -> bool:
    """Print the cached result and return True when the catalog is unchanged and valid."""
    from .index import find_root, quick_result

    try:
        root = find_root(os.getcwd())
        found = quick_result(root) if root is not None else None
    except OSError:  # a vanished working directory, an unreadable file: the CLI explains
        return False
    if found is None or found[2]:
        return False
    index, count, _problems = found
    index.save()  # refreshed stat entries, if any, make the next run faster still
    sys.stderr.write(f"effplm: {count} record{'s' if count != 1 else ''} valid\n")
    return True
