"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
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
    of them are written (a full disk fails here) renamed into place, one after the other. Should a
    rename fail, the files already renamed get their old content back (from a hard link kept until
    the end); an interruption (Ctrl-C) waits until every rename is done."""
    temps: list[tuple[Path, Path]] = []
    backups: dict[Path, Path | None] = {}  # target → a link to its old content (None: it did not exist)
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_name(path, ".tmp")
            temps.append((tmp, path))  # before the file exists: an interruption after this removes it
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if durable:
                    os.fsync(fh.fileno())
            tmp.chmod(path.stat().st_mode & 0o777 if path.exists() else _default_mode())
        if len(temps) > 1:
            for _tmp, path in temps:
                backups[path] = _backup(path)
        done: list[Path] = []
        with _interruptions_held():
            try:
                for tmp, path in temps:
                    tmp.replace(path)
                    done.append(path)
            except BaseException:
                for path in done:  # put back what was there
                    old = backups.get(path)
                    with contextlib.suppress(OSError):
                        old.replace(path) if old is not None else path.unlink()
                raise
    except BaseException:
        for tmp, _path in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    finally:
        for old in backups.values():
            if old is not None:
                with contextlib.suppress(OSError):
                    old.unlink()


def _temp_name(path: Path, suffix: str) -> Path:
    """A free name beside ``path``, hidden and ending in ``.tmp`` (which .gitignore ignores)."""
    return Path(tempfile.mktemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix))


def _backup(path: Path) -> Path | None:
    """A second name for ``path``'s current content (a hard link, else a copy), or None."""
    if not path.exists():
        return None
    old = _temp_name(path, ".old.tmp")
    try:
        os.link(path, old)
    except OSError:
        shutil.copy2(path, old)
    return old


@contextlib.contextmanager
def _interruptions_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back (POSIX, main thread) while files are renamed into place."""
    held = {signal.SIGINT, signal.SIGTERM}
    can = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held) if can else None
    try:
        yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


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
