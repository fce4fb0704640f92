"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically.

    The text goes to a temporary file in the same directory, is flushed to disk
    (unless ``durable`` is False: for caches, which may be lost), and then renamed
    over ``path``; on any error or interruption the temporary file is removed and
    ``path`` is untouched.
    """
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_text_atomic`)."""
    write_all_atomic([(path, data)], durable=durable)


def write_all_atomic(files: Sequence[tuple[Path, bytes]], *, durable: bool = True) -> None:
    """Write several files all or nothing: every one to a temporary file first, and only when all
    of them are written (a full disk fails here) renamed into place, one after the other."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
            temps.append((tmp, path))  # before the file exists: an interruption after this removes it
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
            tmp.chmod(path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        for tmp, path in temps:
            tmp.replace(path)
    except BaseException:
        for tmp, _path in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated file: where it goes, its text, what to call it and the command that makes it."""

    path: Path
    text: str
    label: str
    command: str


def write_or_check(files: Sequence[Generated], *, check: bool) -> list[tuple[str, bool]]:
    """Write generated files that do not already hold their text, all or nothing (README.md
    and CONTRIBUTING.md are never left one new and one old); with ``check``, only compare. For
    each file, what to tell the user (lines for standard error, a diff when stale) and whether
    all is well."""
    results: list[tuple[str, bool]] = []
    changed: list[tuple[Path, bytes]] = []
    for file in files:
        path, text, label, command = file.path, file.text, file.label, file.command
        try:
            same = path.read_bytes() == text.encode("utf-8")
        except FileNotFoundError:
            if check:
                results.append((f"effplm: error: {label} {path} does not exist; run `{command}` to write it\n", False))
                continue
            same = False
        if check:
            current = text if same else path.read_text(encoding="utf-8", errors="replace")  # \r\n read as \n
            if current == text:
                results.append((f"effplm: {label} {path} is up to date\n", True))
                continue
            diff = difflib.unified_diff(
                current.splitlines(), text.splitlines(), f"{path} (committed)", f"{path} (generated)", lineterm="", n=1
            )
            shown = "\n".join(list(diff)[:60])
            results.append(
                (f"{shown}\neffplm: error: {label} {path} is stale; run `{command}` and commit the result\n", False)
            )
        elif same:
            results.append((f"effplm: {label} {path} unchanged\n", True))
        else:
            changed.append((path, text.encode("utf-8")))
            results.append((f"effplm: wrote {label} {path}\n", True))
    write_all_atomic(changed)
    return results
