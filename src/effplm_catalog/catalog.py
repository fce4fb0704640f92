"""The catalog: every record loaded, checked against the vocabularies and each other, indexed.

:func:`load_catalog` is the one entry point: it reads every record, collects
every problem of every file (syntax, schema, vocabulary, duplicates), and either
raises :class:`~effplm_catalog.errors.InvalidCatalog` once with all of them or
returns a :class:`Catalog` that renderers read.
"""

from __future__ import annotations

import marshal
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from .errors import InvalidCatalog
from .ids import SLUG
from .index import RECORD_SUFFIX
from .loader import Loc, Marks, parse_yaml, validate_model
from .models import Paper
from .problems import Problem, sort_problems
from .project import Project, open_cache, quick_validate
from .records import Finish, RecordCache, State, View, paper_from_state, paused_gc, problem_rows, read_files
from .vocab import Vocabulary, load_vocabulary


class Facts(NamedTuple):
    """What the checks across records and against the vocabularies read of a record.

    Plain values only: workers send them back and the cache keeps them as they are,
    so a catalog is checked without rebuilding a single model.
    """

    id: str
    year: int
    title_key: str
    category: str
    categories: tuple[str, ...]
    venue: str
    track: str | None
    sources: tuple[str, ...]
    arxiv: str | None
    doi: str | None
    acl: str | None
    openreview: str | None

    @classmethod
    def of(cls, paper: Paper) -> Facts:
        """The facts of ``paper``, its identities in the comparable form of :func:`identity`."""
        return cls(
            paper.id,
            paper.year,
            paper.title_key,  # what identity(paper, "title") is
            paper.category,
            tuple(paper.categories),
            paper.venue.id,
            paper.venue.track,
            tuple(paper.sources),
            identity(paper, "arxiv"),
            identity(paper, "doi"),
            identity(paper, "acl"),
            identity(paper, "openreview"),
        )


class LoadedRecord:
    """A valid record: where it came from, its :class:`Facts`, and the paper with the positions of
    the fields checked across records (rebuilt from the cached state on first use)."""

    __slots__ = ("_paper", "_positions", "_state", "facts", "path", "view")

    def __init__(
        self,
        path: str,
        facts: Facts,
        *,
        paper: Paper | None = None,
        positions: dict[Loc, tuple[int, int]] | None = None,
        state: bytes | None = None,
    ) -> None:
        self.path = path
        self.facts = facts
        self._paper = paper
        self._positions = positions
        self._state = state
        self.view: Any = None
        """What a command's view function made of the paper where it was loaded (see :func:`load_records`)."""

    @classmethod
    def cached(cls, path: str, facts: Facts, state: bytes) -> LoadedRecord:
        """A record known by its facts and cached state (the quickest way to make one: 10,000 at a time)."""
        record = cls.__new__(cls)
        record.path, record.facts, record._state = path, facts, state
        record._paper = record._positions = record.view = None
        return record

    @classmethod
    def of(cls, path: str, paper: Paper, positions: dict[Loc, tuple[int, int]] | None = None) -> LoadedRecord:
        return cls(path, Facts.of(paper), paper=paper, positions=positions or {})

    @property
    def paper(self) -> Paper:
        if self._paper is None:
            self._paper = paper_from_state(self._load_state())
        return self._paper

    @property
    def positions(self) -> dict[Loc, tuple[int, int]]:
        if self._positions is None:
            self._positions = dict(self._load_state()["positions"])
        return self._positions

    def state(self) -> bytes:
        """The record as cacheable bytes (``marshal``: plain data, nothing executed when read)."""
        if self._state is None:
            positions = list(self.positions.items())  # marshal keeps the tuples
            state = {"paper": self.paper.model_dump(mode="json", exclude_unset=True), "positions": positions}
            self._state = marshal.dumps(state)
        return self._state

    def _load_state(self) -> State:
        if self._state is None:
            raise ValueError(f"{self.path}: a record needs a paper or its state")
        state: State = marshal.loads(self._state)
        return state

    def at(self, *loc: str | int) -> tuple[int, int]:
        positions = self.positions
        while loc:
            if loc in positions:
                return positions[loc]
            loc = loc[:-1]
        return (1, 1)


_CROSS_CHECKED = frozenset(("id", "title", "category", "categories", "venue", "links", "sources"))


def load_record(raw: bytes, path: str, stem: str) -> tuple[LoadedRecord | None, list[Problem]]:
    """Parse and validate one record file's bytes."""
    doc = parse_yaml(raw, path, _CROSS_CHECKED)
    paper = validate_model(doc, Paper)
    problems = doc.problems
    if paper is None:
        return None, problems
    record = LoadedRecord.of(path, paper, doc.positions(_CROSS_CHECKED))
    if paper.id != stem:
        line, col = record.at("id")
        problems.append(
            Problem(
                path, line, col, "id-mismatch", f"id {paper.id!r} does not match the file name {stem + RECORD_SUFFIX!r}"
            )
        )
    return record, problems


def read_records(
    project: Project,
    names: Sequence[str],
    cache: RecordCache | None = None,
    jobs: int | None = None,
    view: View | None = None,
    *,
    complete: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[LoadedRecord], list[Problem], dict[str, tuple[str, bytes | None]], Finish]:
    """Load every file (in parallel when there are many), collecting all problems
    (``complete``: ``names`` are all of ``papers/``; ``meanwhile``: see :func:`load_records`).

    The signatures returned name every file, with an empty digest for those not loaded; the
    :data:`~effplm_catalog.records.Finish` must be called when done."""
    problems: list[Problem] = []
    items: list[tuple[str, str]] = []
    every: dict[str, tuple[str, bytes | None]] = {}
    for name in names:
        shown = project.display(name)
        every[shown] = ("", None)
        base = shown.rpartition("/")[2]
        if not base.endswith(RECORD_SUFFIX):
            problems.append(Problem(shown, 0, 0, "file-name", f"records end in {RECORD_SUFFIX!r}; rename the file"))
        elif not SLUG.fullmatch(base[: -len(RECORD_SUFFIX)]):
            message = "the file name must be the record's id: lowercase letters, digits and hyphens"
            problems.append(Problem(shown, 0, 0, "file-name", message))
        else:
            items.append((name, shown))
    records, found, signatures, finish = read_files(items, cache, jobs, view, complete=complete, meanwhile=meanwhile)
    every.update(signatures)
    return records, problems + found, every, finish


def check_records(records: Sequence[LoadedRecord], vocab: Vocabulary) -> list[Problem]:
    """Checks across records and against the vocabularies."""
    problems: list[Problem] = []

    def report(rec: LoadedRecord, loc: tuple[str | int, ...], code: str, message: str) -> None:
        line, col = rec.at(*loc)
        problems.append(Problem(rec.path, line, col, code, message))

    for rec in records:
        p = rec.facts
        category_locs: list[tuple[tuple[str | int, ...], str]] = [(("category",), p.category)]
        category_locs += [(("categories", i), c) for i, c in enumerate(p.categories)]
        for cat_loc, cat in category_locs:
            if cat not in vocab.categories:
                report(rec, cat_loc, "unknown-category", f"unknown category {cat!r}{_hint(cat, vocab.categories)}")
        venue = vocab.venue_by_id.get(p.venue)
        if venue is None:
            report(
                rec,
                ("venue", "id"),
                "unknown-venue",
                f"unknown venue {p.venue!r}{_hint(p.venue, vocab.venue_by_id)} (add it to vocab/venues.yaml)",
            )
        elif p.track is not None:
            if venue.kind == "preprint" and p.track != "none":
                report(
                    rec, ("venue", "track"), "invalid-track", f"{venue.name} is a preprint server: track must be 'none'"
                )
            elif venue.kind != "preprint" and p.track == "none":
                report(
                    rec,
                    ("venue", "track"),
                    "invalid-track",
                    f"track 'none' is for preprints; {venue.name} is a {venue.kind}",
                )
        for i, source in enumerate(p.sources):
            if source not in vocab.source_by_id:
                report(
                    rec,
                    ("sources", i),
                    "unknown-source",
                    f"unknown source {source!r}{_hint(source, vocab.source_by_id)} (add it to vocab/sources.yaml)",
                )

    keys: list[tuple[str, str, tuple[str | int, ...], str]] = [("duplicate-id", "id", ("id",), "id")]
    keys += [
        (f"duplicate-{kind}", label, ("title",), "title_key")
        if kind == "title"
        else (f"duplicate-{kind}", label, ("links", kind), kind)
        for kind, label in IDENTITIES
    ]
    for code, label, loc, attr in keys:
        first: dict[str, LoadedRecord] = {}
        for rec in records:
            value = getattr(rec.facts, attr)
            if value is None:
                continue
            other = first.setdefault(value, rec)
            if other is not rec:
                line, col = other.at(*loc)
                report(rec, loc, code, f"same {label} as {other.path}:{line}:{col} ({other.facts.id})")
    return problems


IDENTITIES = (
    ("arxiv", "arXiv ID"),
    ("doi", "DOI"),
    ("acl", "ACL Anthology ID"),
    ("openreview", "OpenReview ID"),
    ("title", "title"),
)
"""What makes two records the same paper, in the order a duplicate is reported."""


def identity(paper: Paper, attr: str) -> str | None:
    """The comparable form of one of a paper's identities (for duplicate detection)."""
    if attr == "id":
        return paper.id
    if attr == "title":
        return paper.title_key
    value: str | None = getattr(paper.links, attr)
    return value.lower() if value is not None else None


def _hint(value: str, known: Iterable[str]) -> str:
    import difflib

    match = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


class Catalog:
    """Valid papers and the vocabularies, with the indexes renderers need."""

    def __init__(self, papers: Iterable[Paper], vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.papers: list[Paper] = sorted(papers, key=lambda p: p.id)

    def __len__(self) -> int:
        return len(self.papers)

    @staticmethod
    def sort_key(paper: Paper) -> tuple[int, str, str]:
        """Display order within a list: newest first, then by title, then by id."""
        return (-paper.year, paper.title_key, paper.id)

    @cached_property
    def by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.papers}

    @cached_property
    def by_category(self) -> dict[str, list[Paper]]:
        """Every category (in taxonomy order) with its papers, primary or further, in display order."""
        index: dict[str, list[Paper]] = {cid: [] for cid in self.vocab.categories}
        for paper in self.papers:
            for cid in paper.all_categories:
                index.setdefault(cid, []).append(paper)
        return {cid: sorted(papers, key=self.sort_key) for cid, papers in index.items()}

    @cached_property
    def by_year(self) -> dict[int, list[Paper]]:
        index: dict[int, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            index[paper.year].append(paper)
        return {y: sorted(index[y], key=self.sort_key) for y in sorted(index, reverse=True)}

    @cached_property
    def by_venue(self) -> dict[str, list[Paper]]:
        index: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            index[paper.venue.id].append(paper)
        return {v: sorted(index[v], key=self.sort_key) for v in sorted(index)}

    @cached_property
    def by_author(self) -> dict[str, list[Paper]]:
        index: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            for author in dict.fromkeys(paper.authors):
                index[author].append(paper)
        return {a: sorted(index[a], key=self.sort_key) for a in sorted(index, key=str.casefold)}

    @cached_property
    def identities(self) -> dict[tuple[str, str], Paper]:
        """(identity kind, comparable value) → the record that has it (see :data:`IDENTITIES`)."""
        index: dict[tuple[str, str], Paper] = {}
        for paper in self.papers:
            for kind, _label in IDENTITIES:
                value = identity(paper, kind)
                if value is not None:
                    index.setdefault((kind, value), paper)
        return index

    def find_duplicate(self, paper: Paper) -> tuple[str, Paper] | None:
        """The first identity ``paper`` shares with a record (label, record), or None."""
        for kind, label in IDENTITIES:
            value = identity(paper, kind)
            if value is not None and (kind, value) in self.identities:
                return label, self.identities[(kind, value)]
        return None

    @cached_property
    def bibtex_keys(self) -> dict[str, str]:
        """Paper id → BibTeX key, assigned over the whole catalog so a subset export keeps them."""
        from .bibtex import assign_keys

        return assign_keys(self.papers)

    def venue_label(self, paper: Paper) -> str:
        """``EMNLP 2020 (Findings)``, ``NeurIPS 2019 (Workshop)``, ``arXiv 2019``."""
        return self.vocab.venue_label(paper)

    def newest(self, n: int) -> list[Paper]:
        """The ``n`` most recently added papers (ties: newest publication first)."""
        return sorted(self.papers, key=lambda p: (-p.added.toordinal(), *self.sort_key(p)))[:n]


def load_catalog(project: Project, paths: Sequence[Path] = (), *, jobs: int | None = None) -> Catalog:
    """Load the vocabularies and records; raise InvalidCatalog with every problem found."""
    with paused_gc():
        records, vocab = _load(project, paths, jobs)
        return Catalog((r.paper for r in records), vocab)


def validate_catalog(project: Project, paths: Sequence[Path] = (), *, jobs: int | None = None) -> int:
    """What :func:`load_catalog` checks, without building the papers: the number of valid records,
    or InvalidCatalog with every problem found."""
    with paused_gc():
        records, _vocab = _load(project, paths, jobs)
        return len(records)


def load_records(
    project: Project,
    paths: Sequence[Path] = (),
    *,
    jobs: int | None = None,
    view: Callable[[Vocabulary], View] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[LoadedRecord], Vocabulary]:
    """What :func:`load_catalog` checks, returning the records themselves (papers built on first use).

    ``view``, given the vocabularies, makes a function of a paper whose result (plain data)
    every record gets in ``record.view``: made by each process for the records it parses,
    and, for records from the cache, after loading (in two processes when there are many).
    ``meanwhile`` is work of the caller's (say, compiling a template) that this process does
    while forked ones load files, or first when nothing is forked.
    """
    with paused_gc():
        return _load(project, paths, jobs, view, meanwhile)


def _load(
    project: Project,
    paths: Sequence[Path],
    jobs: int | None,
    view: Callable[[Vocabulary], View] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[LoadedRecord], Vocabulary]:
    problems: list[Problem] = []
    try:
        vocab = load_vocabulary(project.vocab_dir, project.root)
    except InvalidCatalog as exc:
        problems.extend(exc.problems)
        vocab = None
    cache = open_cache(project)
    names = project.record_names(paths)
    records, found, signatures, finish = read_records(
        project, names, cache, jobs, view(vocab) if view and vocab else None, complete=not paths, meanwhile=meanwhile
    )
    try:
        problems.extend(found)
        if vocab is not None:
            problems.extend(check_records(records, vocab))
            if cache is not None:
                cache.record_result(vocab.digest, signatures, len(records), problem_rows(sort_problems(problems)))
        if cache is not None:
            cache.save()
    except BaseException:
        finish(False)
        raise
    finish(not problems and vocab is not None)  # forked processes made views meanwhile
    if problems or vocab is None:
        raise InvalidCatalog(sort_problems(problems))
    return records, vocab


__all__ = [
    "RECORD_SUFFIX",
    "Catalog",
    "Facts",
    "LoadedRecord",
    "Marks",
    "Project",
    "load_catalog",
    "load_records",
    "quick_validate",
    "validate_catalog",
]
