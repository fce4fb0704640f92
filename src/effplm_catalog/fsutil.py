"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically.

    The text goes to a temporary file in the same directory, is flushed to disk,
    and then renamed over ``path``; on any error the temporary file is removed
    and ``path`` is untouched.
    """
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_text_atomic`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_or_check(path: Path, text: str, *, check: bool, label: str, command: str) -> tuple[str, bool]:
    """Write a generated file atomically unless it already holds ``text``; with ``check``, only
    compare. What to tell the user (lines for standard error, a diff when stale) and whether
    all is well. ``command`` is the one that regenerates the file."""
    try:
        same = path.read_bytes() == text.encode("utf-8")
    except FileNotFoundError:
        if check:
            return f"effplm: error: {label} {path} does not exist; run `{command}` to write it\n", False
        same = False
    if check:
        current = text if same else path.read_text(encoding="utf-8", errors="replace")  # \r\n read as \n
        if current == text:
            return f"effplm: {label} {path} is up to date\n", True
        diff = difflib.unified_diff(
            current.splitlines(), text.splitlines(), f"{path} (committed)", f"{path} (generated)", lineterm="", n=1
        )
        shown = "\n".join(list(diff)[:60])
        return f"{shown}\neffplm: error: {label} {path} is stale; run `{command}` and commit the result\n", False
    if same:
        return f"effplm: {label} {path} unchanged\n", True
    write_text_atomic(path, text)
    return f"effplm: wrote {label} {path}\n", True
