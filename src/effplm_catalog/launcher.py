"""The ``effplm`` command's entry point: the commands CI runs on every change, without click.

``effplm validate`` and ``effplm readme [--check]`` without other options are what CI
and pre-commit hooks run on every change. For an unchanged catalog the answer to
``validate`` is in the cache index (:mod:`effplm_catalog.index`), and importing click,
the CLI and the modules behind them would cost more than finding that answer; for the
rest, click costs a few percent of a cold run. So this entry point runs those three
command lines itself, through the same functions the CLI calls
(:mod:`effplm_catalog.validation`, :mod:`effplm_catalog.generated`), and hands
everything else (other commands, options, errors to report) to :mod:`effplm_catalog.cli`.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    code = _validate() if args == ["validate"] else _readme(check=args[1:] == ["--check"]) if args in _README else None
    if code is not None:
        sys.exit(code)
    from .cli import main as cli

    cli()


_README = (["readme"], ["readme", "--check"])


def _readme(*, check: bool) -> int | None:
    """Regenerate or check the README and CONTRIBUTING.md as the CLI would; None when the CLI
    should take over (an invalid catalog or an error, to report in its words)."""
    from .errors import EffplmError
    from .generated import readme_command

    try:
        said, code = readme_command(None, check, None)
    except (EffplmError, OSError):
        return None
    sys.stderr.write(said)
    return code


def _validate() -> int | None:
    """Validate the catalog around the working directory and print what the CLI would; None
    when the CLI should take over (to report an error in its words)."""
    cached = None if os.environ.get("EFFPLM_NO_CACHE") else _cached()
    if cached is not None and not cached[1]:  # unchanged and valid: nothing more to import
        sys.stderr.write(f"effplm: {cached[0]} record{'s' if cached[0] != 1 else ''} valid\n")
        return 0
    from .errors import EffplmError
    from .project import Project
    from .records import problems_from_rows
    from .validation import command_output, validate_command

    try:
        if cached is not None:  # unchanged, with problems
            out, err, code = command_output(cached[0], problems_from_rows(cached[1]), "text")
        else:
            out, err, code = validate_command(Project.find(), (), "text", quick=False)
    except (EffplmError, OSError):
        return None
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _cached() -> tuple[int, list[list[object]]] | None:
    """The cached result (records, problem rows) when the catalog is unchanged, else None."""
    import gc

    from .index import find_root, quick_result

    gc.disable()  # reading the index makes tens of thousands of objects and no cycles
    try:
        root = find_root(os.getcwd())
        found = quick_result(root) if root is not None else None
    except OSError:  # a vanished working directory, an unreadable file: the CLI explains
        return None
    finally:
        gc.enable()
    if found is None:
        return None
    index, count, rows = found
    index.save()  # refreshed stat entries, if any, make the next run faster still
    return count, rows
