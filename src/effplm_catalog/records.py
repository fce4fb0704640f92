"""Reading record files: on every core for a cold start, from a content-keyed cache afterwards.

The cache is the index of :mod:`effplm_catalog.index` (each file's stat and digest,
and the last catalog-wide result) and, beside it, ``records-results.bin``: what
loading each file gave (the record's state and facts, or its problems), by content
digest, in ``marshal`` format (plain data, nothing executed when read, ten times
faster to read than JSON). Entries are only valid for the same cache salt: the
schema version, the package version and the parser versions. Checks against the
vocabularies and across records run on every load and their result is kept in the
index, so that an unchanged catalog is validated without parsing or even importing
the models.

A cold load parses files in this process and in forked children at once
(:func:`_forked`), with the flat reader where a file allows it.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import forking
from .index import Index, digest, stat_key, write_cache_file
from .problems import Problem

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .catalog import LoadedRecord
    from .models import Paper

    M = TypeVar("M", bound=BaseModel)

PARALLEL_THRESHOLD = 300
"""Fewer files than this load in one process: starting workers would cost more than it saves."""

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


Row = tuple[str, str, tuple[int, ...], "bytes | None", "Sequence[Any] | None", list[list[Any]], Any]
"""What loading a file gives, as plain data: shown path, digest, stat, state, facts, problems, view."""


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
            out.append((shown, "", (), None, None, problem_rows([problem]), None))
            continue
        state, facts, problems, seen = load_file(raw, shown, stem, view)
        out.append((shown, digest(raw), stat_key(st), state, facts, problem_rows(problems), seen))
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


class RecordCache(Index):
    """The on-disk cache: the index (read on every command) and the per-file results by digest
    (``records-results.bin``, read only when records load)."""

    def __init__(self, path: Path, salt: str) -> None:
        super().__init__(str(path), salt)
        self._results: dict[str, Any] | None = None

    @property
    def results_path(self) -> Path:
        path = Path(self.path)
        return path.with_name(path.stem + "-results.bin")

    @classmethod
    def open(cls, path: Path, salt: str) -> RecordCache:
        cache = cls(path, salt)
        with paused_gc():
            cache.load()
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
        if entry is None or entry[4] != file_digest:
            return None
        found = self.results.get(f"{shown}\0{file_digest}")
        if found is None:
            return None
        state, facts, rows = found
        return shown, file_digest, entry[:4], state, facts, rows, None

    def store(self, row: Row) -> None:
        shown, file_digest, stat, state, facts, rows, _view = row
        if len(stat) == 4:
            self.put(shown, (stat[0], stat[1], stat[2], stat[3], file_digest))
        else:  # parsed from bytes read earlier, its stat not taken: hashed again next time
            self.put(shown, (-1, -1, -1, -1, file_digest))
        self.results[f"{shown}\0{file_digest}"] = [state, facts, rows]

    def forget(self, keep: set[str]) -> None:
        for shown in [s for s in self.files if s not in keep]:
            self.drop(shown)
        if self._results is not None:
            live = {f"{s}\0{e[4]}" for s, e in self.files.items()}
            for key in [k for k in self._results if k not in live]:
                del self._results[key]
                self.dirty = True

    def save(self) -> None:
        """Write what changed: the results (when they were read or added to) and the index."""
        if not self.dirty:
            return
        if self._results is not None:
            # Format 2 does not track objects referenced twice, which costs format 4 half again as
            # much time here (the states and facts are shared with the loaded records).
            write_cache_file(str(self.results_path), marshal.dumps({"salt": self.salt, "results": self._results}, 2))
        super().save()


def read_files(
    items: Sequence[tuple[str, str]],
    cache: RecordCache | None,
    jobs: int | None = None,
    view: View | None = None,
    *,
    complete: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[LoadedRecord], list[Problem], dict[str, tuple[str, bytes | None]], Finish]:
    """Records, problems and file signatures of the files ``(path, shown)``, using and refreshing ``cache``
    (``complete``: these are all the catalog's records; the cache forgets any other file;
    ``meanwhile``: work for this process to do while forked ones start loading), and the
    :data:`Finish` to call when done (records parsed by forked processes get their ``view``
    then: those processes make it while this one checks the catalog and saves the cache)."""
    from .catalog import Facts, LoadedRecord

    # Files the cache knows, by digest; the others (all of them on a cold start) the workers read.
    known = cache.signatures(items) if cache is not None and cache.files else {}
    results: dict[str, Row] = {}
    todo: list[tuple[str, str]] = []
    for path, shown in items:
        signature = known.get(shown)
        cached = cache.result(shown, signature[0]) if cache is not None and signature is not None else None
        if cached is not None:
            results[shown] = cached
        else:
            todo.append((path, shown))
    parsed, later = _parse(todo, known, jobs, view, meanwhile)
    for loaded in parsed:
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
    if cache is not None and complete:
        cache.forget({shown for _, shown in items})
    return records, problems, signatures, _attaching(records, view, later)


Finish = Callable[[bool], None]
"""Called once loading is over. With True, every record gets its view: those forked processes
made after sending their rows are collected, and the others (records from the cache, or
from a process that failed) are made then. With False, the forked processes are stopped."""


def _attaching(
    records: list[LoadedRecord], view: View | None, later: Callable[[bool], dict[str, Any]] | None
) -> Finish:
    def finish(wanted: bool) -> None:
        views = later(wanted) if later is not None else {}
        if not wanted or view is None:
            return
        for record in records:
            if record.view is None:
                record.view = views.get(record.path)
        make_views([record for record in records if record.view is None], view)

    return finish


def make_views(records: Sequence[LoadedRecord], view: View) -> None:
    """Make the views of ``records`` (their papers rebuilt from the cached state), in this process
    and a forked one when there are many: an unchanged catalog of 10,000 records takes 0.4 s
    of rebuilding papers and making README entries. The forked process inherits the records
    and sends back only the views; should it fail, its half is made here."""
    if len(records) < PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2 or not forking.may_fork():
        for record in records:
            record.view = view(record.paper)
        return
    half = len(records) // 2

    def second_half() -> list[Any]:
        return [view(record.paper) for record in records[half:]]

    child = forking.Forked(second_half)
    try:
        for record in records[:half]:
            record.view = view(record.paper)
    finally:
        theirs = child.result(otherwise=second_half)
    for record, seen in zip(records[half:], theirs, strict=True):
        record.view = seen


def _parse(
    todo: Sequence[tuple[str, str]],
    known: dict[str, tuple[str, bytes | None]],
    jobs: int | None,
    view: View | None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[Row], Callable[[bool], dict[str, Any]] | None]:
    """Load the files ``todo``, on every core when there are many; and, when forked processes
    make the views of the records they parsed after sending them, the function that collects
    those views (see :func:`_forked`)."""
    items = [(path, shown, shown.rpartition("/")[2].rpartition(".")[0]) for path, shown in todo]
    workers = min(jobs if jobs is not None else (os.cpu_count() or 1), 1 + len(items) // PARALLEL_THRESHOLD)
    if workers > 1 and forking.may_fork():
        # Warm up (validators built, patterns compiled) so the forked worker inherits it.
        first = _load_chunk(items[:1], view)
        rows, later = _forked(items[1:], workers, view, meanwhile)
        return first + rows, later
    if meanwhile is not None:
        meanwhile()
    out: list[Row] = []
    for item in items:
        file_digest, raw = known.get(item[1], ("", None))
        if raw is None:
            out.extend(_load_chunk([item], view))
        else:  # read already, to compare with the cache
            state, facts, problems, seen = load_file(raw, item[1], item[2], view)
            out.append((item[1], file_digest, (), state, facts, problem_rows(problems), seen))
    return out, None


CHUNK = 50
"""Files a process takes at a time from the shared queue: small enough to balance the load,
large enough that taking one costs nothing in comparison."""


def _forked(
    items: Sequence[tuple[str, str, str]], workers: int, view: View | None, meanwhile: Callable[[], object] | None
) -> tuple[list[Row], Callable[[bool], dict[str, Any]] | None]:
    """Load ``items`` in this process and ``workers - 1`` forked ones, sharing the work as it goes.

    Forking is only done when no other thread runs (forking a threaded process is unsafe).
    The chunks of files are numbered into a pipe before forking; each process reads the
    next number (four bytes, so reads never split one) until the pipe is empty, so a
    process slowed by other load on the machine takes fewer. A child starts in a
    millisecond with everything imported and sends its rows back through its own pipe in
    ``marshal`` format; whatever a child fails to send is loaded here. This process runs
    ``meanwhile`` first, while the children start on the files.

    With a ``view``, this process makes the views of the records it parses as it goes, and
    a child makes those of its records only after sending its rows: it would otherwise
    wait idle while this process checks the catalog and saves the cache. The second
    element returned collects those views (given False, it stops the children instead).
    """
    size = max(CHUNK, -(-len(items) // 8000))  # at most 8,000 numbers: 32 KB, less than a pipe holds
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    queue_out, queue_in = os.pipe()
    os.write(queue_in, b"".join(i.to_bytes(4, "little") for i in range(len(chunks))))
    os.close(queue_in)  # once the numbers are taken, a read returns nothing: the work is done
    children: list[tuple[int, int]] = []
    try:
        for _ in range(1, workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: load chunks, send the rows, leave without running any cleanup
                code = 1
                try:
                    os.close(read_end)
                    rows = _drain(queue_out, chunks, _keep_paper if view is not None else None)
                    sent = [(*row[:6], None) for row in rows] if view is not None else rows  # no papers
                    # Format 2: no tracking of objects referenced twice (the kept papers share
                    # their strings with the rows), which made sending them twice as slow.
                    forking.send(write_end, marshal.dumps(sent, 2))
                    if view is not None:
                        views = [(row[0], view(row[6])) for row in rows if row[6] is not None]
                        forking.send(write_end, marshal.dumps(views, 2))
                    code = 0
                finally:
                    os._exit(code)
            os.close(write_end)
            children.append((pid, read_end))
        if meanwhile is not None:
            meanwhile()  # the children take more of the files meanwhile
        out = _drain(queue_out, chunks, view)
    finally:
        os.close(queue_out)
    waiting = []
    for pid, read_end in children:
        with contextlib.suppress(EOFError, ValueError, TypeError):  # what is missing is loaded below
            out.extend(marshal.loads(forking.receive(read_end)))
        waiting.append((pid, read_end))
    if len(out) < len(items):
        done = {row[0] for row in out}
        out.extend(_load_chunk([item for item in items if item[1] not in done], view))

    def later(wanted: bool) -> dict[str, Any]:
        """The views the children made (none for a child that failed: they are made here later)."""
        views: dict[str, Any] = {}
        for pid, read_end in waiting:
            try:
                if wanted:
                    with contextlib.suppress(EOFError, ValueError, TypeError):
                        views.update(marshal.loads(forking.receive(read_end)))
                else:  # its views are not wanted (or, without a view, it has sent all it will)
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            finally:
                os.close(read_end)
                os.waitpid(pid, 0)
        waiting.clear()
        return views

    if view is None:
        later(False)  # every child has sent all it will: reap them now
        return out, None
    return out, later


def _keep_paper(paper: Paper) -> Paper:
    """The view a child takes while loading: the paper itself, to make the real view from later."""
    return paper


def _drain(queue: int, chunks: Sequence[Sequence[tuple[str, str, str]]], view: View | None) -> list[Row]:
    """Load chunks by the numbers read from ``queue`` until it is empty."""
    out: list[Row] = []
    while len(number := os.read(queue, 4)) == 4:
        out.extend(_load_chunk(chunks[int.from_bytes(number, "little")], view))
    return out
