"""The catalog: every record loaded, checked against the vocabularies and each other, indexed.

:func:`load_catalog` is the one entry point: it reads every record, collects
every problem of every file (syntax, schema, vocabulary, duplicates), and either
raises :class:`~effplm_catalog.errors.InvalidCatalog` once with all of them or
returns a :class:`Catalog` that renderers read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InvalidCatalog, ProjectNotFound
from .ids import SLUG
from .loader import Loc, Marks, parse_yaml, validate_model
from .models import Paper
from .problems import Problem, sort_problems
from .vocab import Vocabulary, load_vocabulary

RECORD_SUFFIX = ".yaml"


@dataclass(frozen=True)
class Project:
    """The paths of a catalog checkout."""

    root: Path

    @property
    def papers_dir(self) -> Path:
        return self.root / "papers"

    @property
    def vocab_dir(self) -> Path:
        return self.root / "vocab"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest directory at or above ``start`` that holds ``vocab/taxonomy.yaml``."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "vocab" / "taxonomy.yaml").is_file():
                return cls(candidate)
        raise ProjectNotFound(f"no catalog found at or above {here} (looked for vocab/taxonomy.yaml)")

    def display(self, path: Path) -> str:
        """``path`` relative to the root when inside it, for messages."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def record_files(self, paths: Sequence[Path] = ()) -> list[Path]:
        """Record files: the given files, the YAML files in given directories, or all of ``papers/``."""
        files: list[Path] = []
        if not paths and not self.papers_dir.is_dir():
            return []  # a new catalog: no records yet
        for p in paths or [self.papers_dir]:
            if p.is_dir():
                files.extend(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            else:
                files.append(p)
        return sorted(set(files))


@dataclass(frozen=True)
class LoadedRecord:
    """A valid record, where it came from, and the positions of the fields checked across records."""

    path: str
    paper: Paper
    positions: dict[Loc, tuple[int, int]] = field(repr=False, compare=False)

    def at(self, *loc: str | int) -> tuple[int, int]:
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return (1, 1)


_CROSS_CHECKED = ("id", "title", "category", "categories", "venue", "links", "sources")


def load_record(raw: bytes, path: str, stem: str) -> tuple[LoadedRecord | None, list[Problem]]:
    """Parse and validate one record file's bytes."""
    doc = parse_yaml(raw, path)
    paper = validate_model(doc, Paper)
    problems = doc.problems
    if paper is None:
        return None, problems
    positions = {loc: pos for loc, pos in doc.marks.values.items() if loc and loc[0] in _CROSS_CHECKED}
    record = LoadedRecord(path, paper, positions)
    if paper.id != stem:
        line, col = record.at("id")
        problems.append(
            Problem(
                path, line, col, "id-mismatch", f"id {paper.id!r} does not match the file name {stem + RECORD_SUFFIX!r}"
            )
        )
    return record, problems


def read_records(project: Project, files: Sequence[Path]) -> tuple[list[LoadedRecord], list[Problem]]:
    """Load every file, collecting all problems."""
    records: list[LoadedRecord] = []
    problems: list[Problem] = []
    for path in files:
        shown = project.display(path)
        if path.suffix != RECORD_SUFFIX:
            problems.append(Problem(shown, 0, 0, "file-name", f"records end in {RECORD_SUFFIX!r}; rename the file"))
            continue
        if not SLUG.match(path.stem):
            problems.append(
                Problem(
                    shown,
                    0,
                    0,
                    "file-name",
                    "the file name must be the record's id: lowercase letters, digits and hyphens",
                )
            )
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, 0, 0, "unreadable", f"cannot read file: {exc.strerror or exc}"))
            continue
        record, found = load_record(raw, shown, path.stem)
        problems.extend(found)
        if record is not None:
            records.append(record)
    return records, problems


def check_records(records: Sequence[LoadedRecord], vocab: Vocabulary) -> list[Problem]:
    """Checks across records and against the vocabularies."""
    problems: list[Problem] = []

    def report(rec: LoadedRecord, loc: tuple[str | int, ...], code: str, message: str) -> None:
        line, col = rec.at(*loc)
        problems.append(Problem(rec.path, line, col, code, message))

    for rec in records:
        p = rec.paper
        category_locs: list[tuple[tuple[str | int, ...], str]] = [(("category",), p.category)]
        category_locs += [(("categories", i), c) for i, c in enumerate(p.categories)]
        for cat_loc, cat in category_locs:
            if cat not in vocab.categories:
                report(rec, cat_loc, "unknown-category", f"unknown category {cat!r}{_hint(cat, vocab.categories)}")
        venue = vocab.venue_by_id.get(p.venue.id)
        if venue is None:
            report(
                rec,
                ("venue", "id"),
                "unknown-venue",
                f"unknown venue {p.venue.id!r}{_hint(p.venue.id, vocab.venue_by_id)} (add it to vocab/venues.yaml)",
            )
        elif p.venue.track is not None:
            if venue.kind == "preprint" and p.venue.track != "none":
                report(
                    rec, ("venue", "track"), "invalid-track", f"{venue.name} is a preprint server: track must be 'none'"
                )
            elif venue.kind != "preprint" and p.venue.track == "none":
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

    keys: list[tuple[str, str, tuple[str | int, ...], str]] = [
        ("duplicate-id", "id", ("id",), "id"),
        ("duplicate-arxiv", "arXiv ID", ("links", "arxiv"), "arxiv"),
        ("duplicate-doi", "DOI", ("links", "doi"), "doi"),
        ("duplicate-acl", "ACL Anthology ID", ("links", "acl"), "acl"),
        ("duplicate-openreview", "OpenReview ID", ("links", "openreview"), "openreview"),
        ("duplicate-title", "title", ("title",), "title"),
    ]
    for code, label, loc, attr in keys:
        first: dict[str, LoadedRecord] = {}
        for rec in records:
            value = identity(rec.paper, attr)
            if value is None:
                continue
            if value in first:
                other = first[value]
                line, col = other.at(*loc)
                report(rec, loc, code, f"same {label} as {other.path}:{line}:{col} ({other.paper.id})")
            else:
                first[value] = rec
    return problems


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
    def bibtex_keys(self) -> dict[str, str]:
        """Paper id → BibTeX key, assigned over the whole catalog so a subset export keeps them."""
        from .bibtex import assign_keys

        return assign_keys(self.papers)

    def venue_label(self, paper: Paper) -> str:
        """``EMNLP 2020 (Findings)``, ``NeurIPS 2019 (Workshop)``, ``arXiv 2019``."""
        entry = self.vocab.venue_by_id.get(paper.venue.id)
        name = entry.name if entry else paper.venue.id
        track = self.vocab.track_of(paper.venue)
        label = f"{name} {paper.venue_year}"
        kind = entry.kind if entry else "conference"
        if track not in ("main", "none") and not (track == "workshop" and kind == "workshop"):
            label += f" ({track.capitalize()})"
        return label

    def newest(self, n: int) -> list[Paper]:
        """The ``n`` most recently added papers (ties: newest publication first)."""
        return sorted(self.papers, key=lambda p: (-p.added.toordinal(), *self.sort_key(p)))[:n]


def load_catalog(project: Project, paths: Sequence[Path] = ()) -> Catalog:
    """Load the vocabularies and records; raise InvalidCatalog with every problem found."""
    problems: list[Problem] = []
    try:
        vocab = load_vocabulary(project.vocab_dir, project.root)
    except InvalidCatalog as exc:
        problems.extend(exc.problems)
        vocab = None
    files = project.record_files(paths)
    records, found = read_records(project, files)
    problems.extend(found)
    if vocab is not None:
        problems.extend(check_records(records, vocab))
    if problems or vocab is None:
        raise InvalidCatalog(sort_problems(problems))
    return Catalog((r.paper for r in records), vocab)


__all__ = ["Catalog", "LoadedRecord", "Marks", "Project", "load_catalog"]
