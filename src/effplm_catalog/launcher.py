"""The ``effplm`` command's entry point: the commands CI runs on every change, without click.

``effplm validate`` and ``effplm readme [--check] [--output PATH]`` are what CI, pre-commit
hooks and curators run on every change. For an unchanged catalog the answer to
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
    code = None
    if args == ["validate"]:
        code = _validate()
    elif args[:1] == ["readme"]:
        options = _readme_options(args[1:])
        code = _readme(*options) if options is not None else None
    if code is not None:
        _exit(code)
    from .cli import main as cli

    cli()


def _exit(code: int) -> None:
    """Exit with ``code``, without the collector's pass at shutdown: it would walk every object
    the command made (every record) only to free memory the operating system takes back
    anyway. Streams are still flushed and ``atexit`` handlers still run."""
    import gc

    gc.disable()
    sys.exit(code)


def _readme_options(args: list[str]) -> tuple[bool, str | None] | None:
    """``--check`` and ``--output PATH`` (or ``--output=PATH``), each at most once, as
    (check, output); None for anything else (other options, help, a missing value), which
    the CLI parses and explains."""
    check, output, rest = False, None, list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--check" and not check:
            check = True
        elif arg == "--output" and output is None and rest and not rest[0].startswith("-"):
            output = rest.pop(0)
        elif arg.startswith("--output=") and output is None and len(arg) > len("--output="):
            output = arg[len("--output=") :]
        else:
            return None
    return check, output


def _readme(check: bool, output: str | None) -> int | None:
    """Regenerate or check the README (and, without ``output``, CONTRIBUTING.md) as the CLI
    would; None when the CLI should take over (an invalid catalog, a path that is a directory,
    any error, to report in its words)."""
    from pathlib import Path

    from .errors import EffplmError
    from .generated import readme_command

    try:
        said, code = readme_command(None, check, Path(output) if output is not None else None)
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
    return found
