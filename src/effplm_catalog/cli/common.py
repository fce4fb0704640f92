"""What every ``effplm`` command shares: error handling, the ``--root`` option, generated files.

Exit codes: 0 success; 1 invalid input, stale output or any reported failure;
2 usage errors (click's default).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from ..errors import EffplmError, InvalidCatalog
from ..fsutil import Generated, write_or_check
from ..problems import format_problems
from ..project import Project

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> None:
    click.echo(f"effplm: error: {message}", err=True)
    sys.exit(1)


def handle_errors(func: F) -> F:
    """Turn the package's errors and OS errors into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidCatalog as exc:
            click.echo(format_problems(exc.problems, "text"), nl=False, err=True)
            fail(f"{exc}; nothing was written")
        except EffplmError as exc:
            fail(str(exc))
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            fail(f"{exc.strerror or exc}{':' if where else ''}{where}")
        return None

    return cast(F, wrapper)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Catalog root (default: the nearest directory above the current one with vocab/taxonomy.yaml).",
)


def project_at(root: Path | None) -> Project:
    return Project(root.resolve()) if root is not None and (root / "vocab").is_dir() else Project.find(root)


COMMANDS = {"README": "effplm readme", "CONTRIBUTING": "effplm readme", "schema": "effplm schema"}
"""The command that regenerates each kind of generated file."""


def write_one(path: Path, text: str, check: bool, label: str) -> bool:
    """Write ``text`` atomically, or with ``check`` compare; say what happened; False when stale."""
    ((said, ok),) = write_or_check([Generated(path, text, label, COMMANDS[label])], check=check)
    click.echo(said, nl=False, err=True)
    return ok


def write_or_check_all(files: Sequence[tuple[Path, str, str]], check: bool) -> None:
    """Write several generated files all or nothing, or with ``check`` compare every one of them;
    the stale ones are reported last, and exit 1 when any is."""
    results = write_or_check(
        [Generated(path, text, label, COMMANDS[label]) for path, text, label in files], check=check
    )
    for said, _ok in sorted(results, key=lambda r: not r[1]):
        click.echo(said, nl=False, err=True)
    if not all(ok for _said, ok in results):
        sys.exit(1)


def interactive() -> bool:
    """Whether a person is at the terminal to answer prompts."""
    return sys.stdin.isatty()
