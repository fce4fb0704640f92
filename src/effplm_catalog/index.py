"""The record cache's index, and the answer for an unchanged catalog, on the lightest imports.

The index (``.effplm-cache/records.bin``, in ``marshal`` format: plain data, nothing
executed when read) keeps, for each record file, its size, modification and inode
change times, inode and content digest, and the last catalog-wide result. A file's
digest is trusted without reading it when its stat is the one recorded and it was
not changed within two seconds of the index being written (git's "racy" rule; the
inode change time is part of the signature because no program can set it back, so a
rewrite that restores size and modification time is still seen). The catalog-wide
result is kept under a key made of the vocabularies' digest and every file's digest.

``effplm validate`` on an unchanged catalog runs this module and nothing heavier
(see :mod:`effplm_catalog.launcher`): it imports ``os``, ``marshal`` and ``hashlib``
only (no ``re``, ``typing``, ``pathlib`` or ``dataclasses``), so the answer costs
little more than Python's start-up and one ``stat`` per record.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import time

from . import SCHEMA_VERSION, __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

CACHE_FORMAT = 4
CACHE_DIR = ".effplm-cache"
RECORD_SUFFIX = ".yaml"
VOCAB_FILES = ("taxonomy.yaml", "venues.yaml", "sources.yaml")
RACY_NS = 2_000_000_000
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

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


def is_slug(text: str) -> bool:
    """What ``ids.SLUG`` matches (lowercase ASCII letters and digits in hyphen-separated runs),
    without importing ``re``."""
    return bool(text) and _SLUG_CHARS.issuperset(text) and text[0] != "-" and text[-1] != "-" and "--" not in text


def is_record_name(name: str) -> bool:
    """A file name a record may have: ``<slug>.yaml``."""
    return name.endswith(RECORD_SUFFIX) and is_slug(name[: -len(RECORD_SUFFIX)])


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


def catalog_key(vocab: str, digests: Mapping[str, str]) -> str:
    """What the catalog-wide result depends on: the vocabularies and every file's content
    (``digests``: each file's shown path and digest, empty for files that were not loaded)."""
    text = vocab + "".join(f"\0{shown}\0{digests[shown]}" for shown in sorted(digests))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


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
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
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
                self.written_ns = int(data.get("written_ns", 0))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass  # no cache, a damaged one, or one from another version: start afresh

    def save(self) -> None:
        """Write the index if it changed (atomically; a cache that cannot be written only makes
        the next run slower)."""
        if not self.dirty:
            return
        written = time.time_ns()
        data = {"salt": self.salt, "written_ns": written, "files": self.files, "catalog": self.catalog}
        if write_cache_file(self.path, marshal.dumps(data)):
            self.written_ns = written
            self.dirty = False

    def signatures(
        self, items: Iterable[tuple[str, str]], *, read_unknown: bool = True
    ) -> dict[str, tuple[str, bytes | None]]:
        """For each readable file ``(path, shown)``: its digest, and its bytes when they had to be read.

        With ``read_unknown=False``, files the index has never seen are left out: on a cold
        start the workers read and hash them, and reading them here first would double the I/O.
        A file read again whose digest is unchanged gets its new stat recorded.
        """
        found: dict[str, tuple[str, bytes | None]] = {}
        files = self.files
        trusted_before = self.written_ns - RACY_NS  # changed later than this: the stat is not trusted
        stat = os.stat
        for path, shown in items:
            try:
                st = stat(path)  # strings: Path objects cost more than the stats
            except OSError:
                continue
            entry = files.get(shown)
            if (
                entry is not None
                and entry[0] == st.st_size
                and entry[1] == st.st_mtime_ns
                and entry[2] == st.st_ctime_ns
                and entry[3] == st.st_ino
                and st.st_mtime_ns < trusted_before
                and st.st_ctime_ns < trusted_before
            ):
                found[shown] = (entry[4], None)
                continue
            if entry is None and not read_unknown:
                continue
            try:
                with open(path, "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            file_digest = digest(raw)
            found[shown] = (file_digest, raw)
            if entry is not None and entry[4] == file_digest:
                files[shown] = (*stat_key(st), file_digest)
                self.dirty = True
        return found


def quick_result(root: str, names: list[str] | None = None) -> tuple[Index, int, list[list[Any]]] | None:
    """The cached result of validating an unchanged catalog: the index, the number of records
    and the problems (as rows); None when anything changed or nothing is cached.

    ``names``: the files to validate (default: every ``.yaml``/``.yml`` file in ``papers/``).
    """
    index = Index(os.path.join(root, CACHE_DIR, "records.bin"), cache_salt())
    index.load()
    if not index.catalog:
        return None
    vocab = vocab_digest(os.path.join(root, "vocab"))
    if vocab is None:
        return None
    if names is None:  # papers/: names and shown paths in one pass
        papers = os.path.join(root, "papers")
        try:
            with os.scandir(papers) as entries:
                found = [(e.path, e.name) for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file()]
        except OSError:
            found = []
        digests = {f"papers/{name}": "" for _path, name in found}
        known = index.files  # stored only for files with a record's name: no need to check theirs again
        items = [(path, text) for path, name in found if (text := f"papers/{name}") in known or is_record_name(name)]
    else:
        prefix = root + os.sep
        cut = len(prefix)
        shown = {name: name[cut:] if name.startswith(prefix) else name for name in names}
        if os.sep != "/":
            shown = {name: text.replace(os.sep, "/") for name, text in shown.items()}
        digests = dict.fromkeys(shown.values(), "")
        items = [(name, text) for name, text in shown.items() if is_record_name(os.path.basename(name))]
    for text, (file_digest, _raw) in index.signatures(items).items():
        digests[text] = file_digest
    if index.catalog.get("key") != catalog_key(vocab, digests):
        return None
    return index, int(index.catalog["records"]), index.catalog["problems"]
