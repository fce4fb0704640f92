"""Reading record files: on every core for a cold start, from a content-keyed cache afterwards.

The cache (``.effplm-cache/records.bin``, in ``marshal`` format: plain data, nothing
executed when read, ten times faster to read than JSON) keeps, for each file, the digest of its
bytes and what loading it gave (the record, or its problems). A file is read and
hashed again unless its size, modification time and inode are those recorded and
it was not changed within two seconds of the cache being written (git's "racy"
rule; the inode change time is part of the signature because no program can set
it back, so a rewrite that restores size and modification time is still seen).
Entries are only valid for the same cache salt: the schema version, the
package version and the parser versions. Checks against the vocabularies and
across records run on every load; their result is cached too, under a key made
of the vocabularies' digest and every file's digest, so that an unchanged catalog
is validated without parsing or even importing the models.

This module imports nothing heavy at module level, so the fast path stays fast.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import SCHEMA_VERSION, __version__
from .problems import Problem

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .catalog import LoadedRecord
    from .models import Paper

    M = TypeVar("M", bound=BaseModel)

CACHE_FORMAT = 3
VOCAB_FILES = ("taxonomy.yaml", "venues.yaml", "sources.yaml")
PARALLEL_THRESHOLD = 300
"""Fewer files than this load in one process: starting workers would cost more than it saves."""
RACY_NS = 2_000_000_000

State = dict[str, Any]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Loading a catalog allocates hundreds of thousands of dicts and strings and no
    cycles; the collector, triggered by the allocations alone, would otherwise scan
    the growing heap again and again (5 times slower to read the cache, 25% to parse).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def cache_salt() -> str:
    """What cached results depend on besides the files: our formats and the installed parsers.

    The parsers are identified by the file each package is installed as, with its size and
    time stamp (any reinstall or upgrade changes them), found without importing them:
    importing pydantic-core just to read its version would cost a warm run a tenth of its time.
    """
    import importlib.util

    parts = [str(CACHE_FORMAT), str(SCHEMA_VERSION), __version__]
    for name in ("pydantic_core", "yaml", "pydantic"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            st = os.stat(origin) if origin else None  # noqa: PTH116 - a string from find_spec
        except OSError:
            st = None
        parts.append(f"{name}={origin}:{st.st_size if st else 0}:{st.st_mtime_ns if st else 0}")
    return "|".join(parts)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def problem_rows(problems: Sequence[Problem]) -> list[list[Any]]:
    return [[p.path, p.line, p.column, p.code, p.message, p.severity] for p in problems]


def problems_from_rows(rows: Sequence[Sequence[Any]]) -> list[Problem]:
    return [Problem(*row) for row in rows]


View = Callable[["Paper"], Any]
"""A function of a valid paper whose result (plain data) is sent back with its record."""


def load_file(
    raw: bytes, shown: str, stem: str, view: View | None = None
) -> tuple[bytes | None, Sequence[Any] | None, list[Problem], Any]:
    """Parse and validate one file's bytes: the record's cacheable state and facts, its problems,
    and what ``view`` makes of the paper."""
    from .catalog import load_record

    record, problems = load_record(raw, shown, stem)
    if record is None:
        return None, None, problems, None
    return record.state(), tuple(record.facts), problems, view(record.paper) if view is not None else None


Row = tuple[str, str, list[int], "bytes | None", "Sequence[Any] | None", list[list[Any]], Any]
"""What loading a file gives, as plain data: shown path, digest, stat, state, facts, problems, view."""


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def read_with_stat(path: str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its stat, taken before reading (a change while reading then makes the
    stat stale, never the cache). Plain file descriptors: half the cost of a file object."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        raw = os.read(fd, st.st_size + 1)
        if len(raw) > st.st_size:  # it grew since the stat: read to the end
            chunks = [raw]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            raw = b"".join(chunks)
        return raw, st
    finally:
        os.close(fd)


def _load_chunk(items: Sequence[tuple[str, str, str]], view: View | None = None) -> list[Row]:
    """Load files given as (path, shown, stem); results as plain data (cheap to send between processes)."""
    out: list[Row] = []
    for path, shown, stem in items:
        try:
            raw, st = read_with_stat(path)
        except OSError as exc:
            problem = Problem(shown, 0, 0, "unreadable", f"cannot read file: {exc.strerror or exc}")
            out.append((shown, "", [], None, None, problem_rows([problem]), None))
            continue
        state, facts, problems, seen = load_file(raw, shown, stem, view)
        out.append((shown, digest(raw), _stat_key(st), state, facts, problem_rows(problems), seen))
    return out


def paper_from_state(state: State) -> Paper:
    """A paper rebuilt from cached state without validating it again (it was valid when cached).

    Every field is given to ``model_construct``: for a missing one pydantic inspects the
    default factory's signature, which costs more than the whole rebuild.
    """
    import datetime as dt

    from .models import Links, Paper, Venue

    data = dict(state["paper"])
    fields_set = set(data)
    venue = data["venue"]
    links = data.get("links", {})
    data["venue"] = construct(Venue, {**_VENUE_DEFAULTS, **venue}, set(venue))
    data["links"] = construct(Links, {**_LINK_DEFAULTS, **links}, set(links))
    data["added"] = dt.date.fromisoformat(data["added"])
    for key in ("categories", "tags"):
        data.setdefault(key, [])
    data.setdefault("abstract", None)
    data.setdefault("notes", None)
    return construct(Paper, data, fields_set)


def construct(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """What ``cls.model_construct(_fields_set=fields_set, **values)`` makes, with every field given,
    in a fraction of the time (tests/test_records.py holds the two to the same result)."""
    model = cls.__new__(cls)
    _set = object.__setattr__
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


_VENUE_DEFAULTS = {"year": None, "track": None, "pages": None}
_LINK_DEFAULTS = dict.fromkeys(("arxiv", "doi", "acl", "openreview", "paper", "code", "project"))


@dataclass
class RecordCache:
    """The on-disk cache: an index (per-file stat and digest, the last catalog-wide result) and the
    per-file results. The index is small and read on every command; results only when records load."""

    path: Path
    salt: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    written_ns: int = 0
    dirty: bool = False
    _results: dict[str, Any] | None = None

    @property
    def results_path(self) -> Path:
        return self.path.with_name(self.path.stem + "-results.bin")

    @classmethod
    def open(cls, path: Path, salt: str) -> RecordCache:
        cache = cls(path, salt)
        try:
            with paused_gc():
                data = marshal.loads(path.read_bytes())
            if data.get("salt") == salt:
                cache.files = data["files"]
                cache.catalog = data.get("catalog", {})
                cache.written_ns = int(data.get("written_ns", 0))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            pass  # no cache, a damaged one, or one from another version: start afresh
        return cache

    @property
    def results(self) -> dict[str, Any]:
        """Per-file results by digest, read on first use."""
        if self._results is None:
            try:
                with paused_gc():
                    data = marshal.loads(self.results_path.read_bytes())
                self._results = data["results"] if data.get("salt") == self.salt else {}
            except (OSError, ValueError, KeyError, TypeError, EOFError):
                self._results = {}
        return self._results

    def result(self, shown: str, file_digest: str) -> Row | None:
        """What loading the file gave when it had this digest, if cached."""
        entry = self.files.get(shown)
        if entry is None or entry.get("digest") != file_digest:
            return None
        found = self.results.get(f"{shown}\0{file_digest}")
        if found is None:
            return None
        state, facts, rows = found
        return shown, file_digest, entry["stat"], state, facts, rows, None

    def store(self, row: Row) -> None:
        shown, file_digest, stat, state, facts, rows, _view = row
        self.files[shown] = {"stat": stat, "digest": file_digest}
        self.results[f"{shown}\0{file_digest}"] = [state, facts, rows]
        self.dirty = True

    def forget(self, keep: set[str]) -> None:
        for shown in [s for s in self.files if s not in keep]:
            del self.files[shown]
            self.dirty = True
        if self._results is not None:
            live = {f"{s}\0{e['digest']}" for s, e in self.files.items()}
            for key in [k for k in self._results if k not in live]:
                del self._results[key]
                self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        from .fsutil import write_bytes_atomic

        written = time.time_ns()
        index = {"salt": self.salt, "written_ns": written, "files": self.files, "catalog": self.catalog}
        with contextlib.suppress(OSError):  # a cache that cannot be written only makes the next run slower
            if self._results is not None:
                payload = marshal.dumps({"salt": self.salt, "results": self._results})
                write_bytes_atomic(self.results_path, payload, durable=False)
            write_bytes_atomic(self.path, marshal.dumps(index), durable=False)
            self.written_ns = written
            self.dirty = False

    def known_digest(self, shown: str, st: os.stat_result) -> str | None:
        """The file's digest if its stat says it has not changed since the cache was written."""
        entry = self.files.get(shown)
        if entry is None or entry.get("stat") != _stat_key(st):
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) >= self.written_ns - RACY_NS:
            return None  # changed too close to the last write to trust the time stamps
        return str(entry["digest"])


def file_signatures(
    items: Sequence[tuple[Path | str, str]], cache: RecordCache | None, *, read_unknown: bool = True
) -> dict[str, tuple[str, bytes | None]]:
    """For each readable file: its digest, and its bytes when they had to be read.

    With ``read_unknown=False``, files the cache has never seen are left out: on a cold
    start the workers read and hash them, and reading them here first would double the I/O.
    """
    found: dict[str, tuple[str, bytes | None]] = {}
    for path, shown in items:
        try:
            st = os.stat(path)  # noqa: PTH116 - strings on purpose: 10,000 Path objects cost more than the stats
        except OSError:
            continue
        known = cache.known_digest(shown, st) if cache is not None else None
        if known is not None:
            found[shown] = (known, None)
            continue
        if not read_unknown and (cache is None or shown not in cache.files):
            continue
        try:
            with open(path, "rb") as fh:  # noqa: PTH123 - see above
                raw = fh.read()
        except OSError:
            continue
        found[shown] = (digest(raw), raw)
        if cache is not None:
            entry = cache.files.get(shown)
            if entry is not None and entry.get("digest") == found[shown][0]:
                entry["stat"] = _stat_key(st)
                cache.dirty = True
    return found


def read_files(
    items: Sequence[tuple[str, str]], cache: RecordCache | None, jobs: int | None = None, view: View | None = None
) -> tuple[list[LoadedRecord], list[Problem], dict[str, tuple[str, bytes | None]]]:
    """Records, problems and file signatures of the files ``(path, shown)``, using and refreshing ``cache``."""
    from .catalog import Facts, LoadedRecord

    # On a cold start the workers read, hash and stat every file: nothing to look up first.
    known = file_signatures(items, cache, read_unknown=False) if cache is not None and cache.files else {}
    results: dict[str, Row] = {}
    todo: list[tuple[str, str]] = []
    for path, shown in items:
        signature = known.get(shown)
        cached = cache.result(shown, signature[0]) if cache is not None and signature is not None else None
        if cached is not None:
            results[shown] = cached
        else:
            todo.append((path, shown))
    for loaded in _parse(todo, known, jobs, view):
        results[loaded[0]] = loaded
        if cache is not None and loaded[1]:
            cache.store(loaded)
    records = []
    problems: list[Problem] = []
    signatures: dict[str, tuple[str, bytes | None]] = {}
    for _path, shown in items:
        row = results.get(shown)
        if row is None:
            continue
        if row[1]:
            signatures[shown] = (row[1], None)
        if row[5]:
            problems.extend(problems_from_rows(row[5]))
        if row[3] is not None and row[4] is not None:
            record = LoadedRecord.cached(shown, Facts(*row[4]), row[3])
            record.view = row[6]
            records.append(record)
    if cache is not None and items and all(shown.startswith("papers/") for _, shown in items):
        cache.forget({shown for _, shown in items})
    return records, problems, signatures


def _parse(
    todo: Sequence[tuple[str, str]], known: dict[str, tuple[str, bytes | None]], jobs: int | None, view: View | None
) -> list[Row]:
    """Load the files ``todo``, on every core when there are many."""
    items = [(path, shown, shown.rpartition("/")[2].rpartition(".")[0]) for path, shown in todo]
    workers = min(jobs if jobs is not None else (os.cpu_count() or 1), 1 + len(items) // PARALLEL_THRESHOLD)
    if workers > 1 and threading.active_count() == 1 and hasattr(os, "fork"):
        # Warm up (validators built, patterns compiled) so the forked worker inherits it.
        return _load_chunk(items[:1], view) + _forked(items[1:], workers, view)
    out: list[Row] = []
    for item in items:
        file_digest, raw = known.get(item[1], ("", None))
        if raw is None:
            out.extend(_load_chunk([item], view))
        else:  # read already, to compare with the cache
            state, facts, problems, seen = load_file(raw, item[1], item[2], view)
            out.append((item[1], file_digest, [], state, facts, problem_rows(problems), seen))
    return out


def _forked(items: Sequence[tuple[str, str, str]], workers: int, view: View | None) -> list[Row]:
    """Load ``items`` in this process and ``workers - 1`` forked ones, each taking every n-th file.

    Forking is only done when no other thread runs (forking a threaded process is unsafe).
    A child starts in a millisecond with everything imported and sends its rows back
    through a pipe in ``marshal`` format; whatever a child fails to send is loaded here.
    """
    children: list[tuple[int, int, Sequence[tuple[str, str, str]]]] = []
    for k in range(1, workers):
        share = items[k::workers]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: load its share, send it, and leave without running any cleanup
            code = 1
            try:
                os.close(read_end)
                payload = marshal.dumps(_load_chunk(share, view))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end, share))
    out = _load_chunk(items[0::workers], view)
    for pid, read_end, share in children:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            rows = marshal.loads(payload) if status == 0 else None
        except (EOFError, ValueError, TypeError):
            rows = None
        out.extend(rows if rows is not None else _load_chunk(share, view))
    return out


def catalog_key(vocab_digest: str, signatures: dict[str, tuple[str, bytes | None]]) -> str:
    """What the catalog-wide result depends on: the vocabularies and every file's content."""
    h = hashlib.blake2b(digest_size=16)
    h.update(vocab_digest.encode())
    for shown in sorted(signatures):
        h.update(f"\0{shown}\0{signatures[shown][0]}".encode())
    return h.hexdigest()


def vocab_digest(vocab_dir: Path) -> str | None:
    """The digest load_vocabulary computes, from the bytes alone (None if a file is missing)."""
    h = hashlib.sha256()
    for name in VOCAB_FILES:
        try:
            raw = (vocab_dir / name).read_bytes()
        except OSError:
            return None
        h.update(name.encode() + b"\0" + raw + b"\0")
    return h.hexdigest()
