"""``effplm validate`` as a function: the cached answer for an unchanged catalog, else a full
validation, turned into what the command prints and its exit code.

The CLI and the entry point (:mod:`effplm_catalog.launcher`, which runs it without
importing click) both call :func:`validate_command`, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import InvalidCatalog
from .problems import OutputFormat, Problem, format_problems
from .project import Project, quick_validate


def validate(project: Project, paths: Sequence[Path] = (), *, quick: bool = True) -> tuple[int, list[Problem]]:
    """The number of valid records and every problem, from the cache when nothing changed
    (``quick=False``: the caller has just looked there)."""
    cached = quick_validate(project, paths) if quick else None  # unchanged: the cached result, without parsing
    if cached is not None:
        return cached
    from .catalog import validate_catalog

    try:
        return validate_catalog(project, paths), []
    except InvalidCatalog as exc:
        return 0, exc.problems


def validate_command(
    project: Project, paths: Sequence[Path], fmt: OutputFormat, *, quick: bool = True
) -> tuple[str, str, int]:
    """What ``effplm validate`` writes to standard output and standard error, and its exit code."""
    return command_output(*validate(project, paths, quick=quick), fmt)


def command_output(count: int, problems: Sequence[Problem], fmt: OutputFormat) -> tuple[str, str, int]:
    """Standard output, standard error and exit code for a validation's result."""
    if problems:
        return format_problems(problems, fmt), f"effplm: {InvalidCatalog(problems)}\n", 1
    return ("[]\n" if fmt == "json" else ""), f"effplm: {count} record{'s' if count != 1 else ''} valid\n", 0
