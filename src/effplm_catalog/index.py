"""The record cache's index, and the answer for an unchanged catalog, on the lightest imports.

The index (``.effplm-cache/records.bin``, in ``marshal`` format: plain data, nothing
executed when read) keeps, for each record file, its size, modification and inode
change times, inode and content digest, and the last catalog-wide result. A file's
digest is trusted without reading it when its stat is the one recorded and it was
not changed within two seconds of the index being written (git's "racy" rule; the
inode change time is part of the signature because no program can set it back, so a
rewrite that restores size and modification time is still seen).

The catalog-wide result holds for the files and digests it was computed from. Rather
than hashing every name and digest again to show that, the index counts its
*generation*: any entry added, dropped or given another digest moves it on, and the
result records the generation, the vocabularies' digest, how many files it covered
and which of them were not records. Unchanged means: same generation and
vocabularies, the same number of files, each of them either a record the index knows
with its content unchanged or one of the files that were not records.

``effplm validate`` on an unchanged catalog runs this module and nothing heavier
(see :mod:`effplm_catalog.launcher`): it imports ``os``, ``marshal``, ``time``, ``hashlib``
and :mod:`effplm_catalog.forking` only (no ``re``, ``typing``, ``pathlib``, ``dataclasses``,
or ``contextlib`` and the ``collections`` it brings), so the answer costs little more than
Python's start-up and one ``stat`` per record.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time

from . import SCHEMA_VERSION, __version__
from .forking import Forked, may_fork, write_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

CACHE_FORMAT = 5
CACHE_DIR = ".effplm-cache"
RECORD_SUFFIX = ".yaml"
VOCAB_FILES = ("taxonomy.yaml", "venues.yaml", "sources.yaml")
RACY_NS = 2_000_000_000

Signature = tuple[int, int, int, int, str]
"""What the index keeps of a file: size, mtime_ns, ctime_ns, inode, digest."""


def cache_salt() -> str:
    """What cached results depend on besides the files: our formats and the installed parsers.

    The parsers are identified by the file each package is installed as, with its size and
    time stamp (any reinstall or upgrade changes them), found without importing them (and
    without ``importlib.util``, whose import costs more than the lookups).
    """
    from importlib.machinery import PathFinder

    parts = [str(CACHE_FORMAT), str(SCHEMA_VERSION), __version__]
    for name in ("pydantic_core", "yaml", "pydantic"):
        spec = PathFinder.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            st = os.stat(origin) if origin else None
        except OSError:
            st = None
        parts.append(f"{name}={origin}:{st.st_size if st else 0}:{st.st_mtime_ns if st else 0}")
    return "|".join(parts)


def digest(data: bytes) -> str:
    """A file's content digest."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def find_root(start: str) -> str | None:
    """The nearest directory at or above ``start`` that holds ``vocab/taxonomy.yaml``."""
    here = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(here, "vocab", "taxonomy.yaml")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def vocab_digest(vocab_dir: str) -> str | None:
    """The digest load_vocabulary computes, from the bytes alone (None if a file is missing)."""
    h = hashlib.sha256()
    for name in VOCAB_FILES:
        try:
            with open(os.path.join(vocab_dir, name), "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        h.update(name.encode() + b"\0" + raw + b"\0")
    return h.hexdigest()


def write_cache_file(path: str, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically (a reader sees the old file or the new one).

    Not flushed to disk first: a cache lost in a crash is rebuilt, and a damaged one ignored.
    False when it could not be written.
    """
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        try:  # noqa: SIM105 (contextlib and the collections it imports cost the warm path 4 ms)
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class Index:
    """The index part of the cache: per-file signatures and the last catalog-wide result."""

    def __init__(self, path: str, salt: str) -> None:
        self.path = path
        self.salt = salt
        self.files: dict[str, Signature] = {}
        self.catalog: dict[str, Any] = {}
        self.generation = 0
        self.written_ns = 0
        self.dirty = False

    def load(self) -> None:
        """Read the index from disk, unless it is missing, damaged or of another salt."""
        try:
            with open(self.path, "rb") as fh:
                data = marshal.loads(fh.read())
            if data.get("salt") == self.salt:
                self.files = data["files"]
                self.catalog = data.get("catalog", {})
                self.generation = int(data.get("generation", 0))
                self.written_ns = int(data.get("written_ns", 0))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass  # no cache, a damaged one, or one from another version: start afresh

    def save(self) -> None:
        """Write the index if it changed (atomically; a cache that cannot be written only makes
        the next run slower)."""
        if not self.dirty:
            return
        written = time.time_ns()
        data = {
            "salt": self.salt,
            "written_ns": written,
            "generation": self.generation,
            "files": self.files,
            "catalog": self.catalog,
        }
        if write_cache_file(self.path, marshal.dumps(data)):
            self.written_ns = written
            self.dirty = False

    def put(self, shown: str, signature: Signature) -> None:
        """Record a file's signature; a new file or a new digest moves the generation on."""
        entry = self.files.get(shown)
        if entry is None or entry[4] != signature[4]:
            self.generation += 1
        self.files[shown] = signature
        self.dirty = True

    def drop(self, shown: str) -> None:
        del self.files[shown]
        self.generation += 1
        self.dirty = True

    def record_result(self, vocab: str, shown: Iterable[str], records: int, problems: list[list[Any]]) -> None:
        """Keep the catalog-wide result of loading the files ``shown`` (call after their entries are put)."""
        names = list(shown)
        extra = [name for name in names if name not in self.files]  # not records: bad names, unreadable
        self.catalog = {
            "generation": self.generation,
            "vocab": vocab,
            "count": len(names),
            "extra": extra,
            "records": records,
            "problems": problems,
        }
        self.dirty = True

    def signatures(self, items: Iterable[tuple[str, str]]) -> dict[str, tuple[str, bytes | None]]:
        """For each readable file ``(path, shown)`` the index knows: its digest, and its bytes when
        they had to be read. Files it has never seen are left out: the workers read and hash
        them, and reading them here first would double the I/O."""
        found: dict[str, tuple[str, bytes | None]] = {}
        trusted_before = self.written_ns - RACY_NS
        for path, shown in items:
            entry = self.files.get(shown)
            if entry is None:
                continue
            try:
                st = os.stat(path)  # strings: Path objects cost more than the stats
            except OSError:
                continue
            known = (entry[4], None) if vouches(entry, st, trusted_before) else self.rehash(path, shown, entry, st)
            if known is not None:
                found[shown] = known
        return found

    def rehash(self, path: str, shown: str, entry: Signature, st: os.stat_result) -> tuple[str, bytes] | None:
        """A file's digest and bytes, read again (None when it cannot be read); when its content
        is the entry's, its new stat is recorded, to be trusted next time."""
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError:
            return None
        file_digest = digest(raw)
        if entry[4] == file_digest:
            self.files[shown] = (*stat_key(st), file_digest)
            self.dirty = True
        return file_digest, raw


def vouches(entry: Signature, st: os.stat_result, trusted_before: int) -> bool:
    """Whether a file's stat shows it unchanged since ``entry``: the same size, times and inode,
    and not changed too close to when the index was last written (``trusted_before``)."""
    return (
        entry[0] == st.st_size
        and entry[1] == st.st_mtime_ns
        and entry[2] == st.st_ctime_ns
        and entry[3] == st.st_ino
        and st.st_mtime_ns < trusted_before
        and st.st_ctime_ns < trusted_before
    )


def quick_result(root: str, items: list[tuple[str, str]] | None = None) -> tuple[int, list[list[Any]]] | None:
    """The cached result of validating an unchanged catalog: the number of records and the
    problems (as rows); None when anything changed or nothing is cached. Stat entries refreshed
    on the way (files touched but unchanged) are saved, so the next run trusts them at once.

    ``items``: the files to validate as (path, shown path), by default every ``.yaml``/``.yml``
    file in ``papers/``.
    """
    index = Index(os.path.join(root, CACHE_DIR, "records.bin"), cache_salt())
    index.load()
    result = index.catalog
    if not result or result.get("generation") != index.generation:
        return None
    if result.get("vocab") != vocab_digest(os.path.join(root, "vocab")):
        return None
    if items is None:  # papers/ (listdir: a stat per file comes below anyway)
        papers = os.path.join(root, "papers")
        try:
            listed = [name for name in os.listdir(papers) if name.endswith((".yaml", ".yml"))]
            if len(listed) != result.get("count"):  # a directory named like a record is not one
                with os.scandir(papers) as entries:
                    listed = [e.name for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file()]
        except OSError:
            listed = []
        items = [(f"{papers}{os.sep}{name}", f"papers/{name}") for name in listed]
    if len(items) != result.get("count"):
        return None
    trusted_before = index.written_ns - RACY_NS
    suspects = _suspects(items, index.files, set(result.get("extra", ())), trusted_before)
    if suspects is None:
        return None
    for path, shown in suspects:  # the stat does not vouch for the content: compare digests
        entry = index.files[shown]
        try:
            st = os.stat(path)
        except OSError:
            return None
        found = index.rehash(path, shown, entry, st)
        if found is None or found[0] != entry[4]:
            return None  # unreadable now, or changed
    index.save()
    return int(result["records"]), result["problems"]


PARALLEL_STATS = 2000
"""From this many files the quick check stats them in two processes: a ``stat`` is most of
its cost (about 2.5 µs a file), and forking this small process costs about a millisecond."""


def _suspects(
    items: list[tuple[str, str]], files: dict[str, Signature], extra: set[str], trusted_before: int
) -> list[tuple[str, str]] | None:
    """The files whose stat does not vouch for their index entry (to be hashed again); None when
    one is unknown to the result or cannot be stat'ed. With many files and more than one core,
    a forked process checks the second half (its answer is a few bytes; should it fail, this
    process checks that half itself)."""
    if len(items) < PARALLEL_STATS or (os.cpu_count() or 1) < 2 or not may_fork():
        return _check_stats(items, files, extra, trusted_before)
    half = len(items) // 2

    def second_half() -> list[tuple[str, str]] | None:
        return _check_stats(items[half:], files, extra, trusted_before)

    child = Forked(second_half)
    try:
        mine = _check_stats(items[:half], files, extra, trusted_before)
    finally:
        theirs = child.result(otherwise=second_half)
    if mine is None or theirs is None:
        return None
    return mine + theirs


def _check_stats(
    items: list[tuple[str, str]], files: dict[str, Signature], extra: set[str], trusted_before: int
) -> list[tuple[str, str]] | None:
    """:func:`_suspects` in this process."""
    suspects = []
    stat = os.stat
    for path, shown in items:
        entry = files.get(shown)
        if entry is None:
            if shown in extra:
                continue
            return None  # a file the result did not cover
        try:
            st = stat(path)
        except OSError:
            return None
        if not vouches(entry, st, trusted_before):
            suspects.append((path, shown))
    return suspects
