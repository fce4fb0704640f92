"""The catalog: every record read, checked against the vocabularies and each other, indexed.

:func:`load_catalog` is the one pipeline every command runs: discover the record files,
read each one (from the :mod:`~effplm_catalog.cache` when its bytes are unchanged), check
them against the vocabularies and each other, and either raise
:class:`~effplm_catalog.errors.InvalidCatalog` once with every problem of every file, or
return the :class:`Catalog` that renderers read.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .bibtex import assign_keys
from .cache import RecordCache, Result, digest
from .checks import IDENTITIES, check_broken_vocabulary, check_records, identity
from .errors import InvalidCatalog
from .ids import SLUG, unique_slugs, written_out
from .loader import parse_yaml
from .models import Paper
from .problems import Problem, sort_problems
from .project import Project
from .recordfile import RECORD_SUFFIX, LoadedRecord, read_bytes, read_record
from .vocab import Vocabulary, load_vocabulary


class Catalog:
    """Valid papers and the vocabularies, with the indexes renderers need."""

    def __init__(self, papers: Iterable[Paper], vocab: Vocabulary, warnings: Sequence[Problem] = ()) -> None:
        self.vocab = vocab
        self.papers: list[Paper] = sorted(papers, key=lambda p: p.id)
        self.warnings = list(warnings)
        """Problems that do not make the catalog invalid (name variants), to be shown."""

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
            for author in dict.fromkeys(written_out(paper.authors)[0]):  # "Basil Hosmer et al": Basil Hosmer
                index[author].append(paper)
        return {a: sorted(index[a], key=self.sort_key) for a in sorted(index, key=str.casefold)}

    @cached_property
    def author_slugs(self) -> dict[str, str]:
        """Author → the slug of their page, unique even when two spellings fold to the same
        ASCII (``index`` is the author index's own)."""
        return unique_slugs(self.by_author, reserved={"index"})

    @cached_property
    def primary_categories(self) -> dict[str, int]:
        """Category → how many papers have it as their primary category, for the categories
        that have at least one (taxonomy order). "N categories" on the home page, the README
        and the statistics page is the length of this."""
        counts = Counter(paper.category for paper in self.papers)
        return {cid: counts[cid] for cid in self.vocab.categories if counts[cid]}

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
        return assign_keys(self.papers)

    def venue_label(self, paper: Paper) -> str:
        """``EMNLP 2020 (Findings)``, ``NeurIPS 2019 (Workshop)``, ``arXiv 2019``."""
        return self.vocab.venue_label(paper)

    def newest(self, n: int) -> list[Paper]:
        """The ``n`` most recently added papers (ties: newest publication first)."""
        return sorted(self.papers, key=lambda p: (-p.added.toordinal(), *self.sort_key(p)))[:n]

    def latest(self, n: int) -> list[Paper]:
        """The ``n`` most recently published papers: by year, then by arXiv ID (which gives the
        month: ``2310.01234`` is October 2023), newest first; papers without one last in their year."""

        def key(p: Paper) -> tuple[object, ...]:
            return (-p.year, p.links.arxiv is None, _negated(p.links.arxiv or ""), *self.sort_key(p))

        return sorted(self.papers, key=key)[:n]

    def additions_are_bulk(self, n: int) -> bool:
        """Whether "the ``n`` newest additions" would be an arbitrary pick: the newest day's additions
        outnumber ``n``, or most records share one ``added`` date (an import, not curation)."""
        days = Counter(p.added for p in self.papers)
        if not days:
            return False
        return days[max(days)] > n or max(days.values()) * 2 > len(self.papers)


def _negated(text: str) -> tuple[int, ...]:
    """A key that sorts strings of digits and dots in reverse order."""
    return tuple(-ord(ch) for ch in text)


def load_catalog(project: Project, paths: Sequence[Path] = (), *, cache: bool = True) -> Catalog:
    """The valid catalog of ``project`` (or of the record files ``paths``); InvalidCatalog with
    every problem otherwise (warnings alone do not make it invalid: they are in
    ``Catalog.warnings``). ``cache``: reuse what reading unchanged files gave last time
    (unless the environment sets ``EFFPLM_NO_CACHE``)."""
    loaded = load_records(project, paths, cache=cache)
    return Catalog((r.paper for r in loaded.records), loaded.vocab, loaded.warnings)


@dataclass(frozen=True)
class LoadedCatalog:
    """What :func:`load_records` gives: the records with their files, the vocabularies, the warnings."""

    records: list[LoadedRecord]
    vocab: Vocabulary
    warnings: list[Problem]


def load_records(project: Project, paths: Sequence[Path] = (), *, cache: bool = True) -> LoadedCatalog:
    """:func:`load_catalog`'s records, each with its file and positions (for checks of its own).

    With ``paths``, those files are checked against the whole catalog (duplicates of any
    record included) and only their problems are reported; a file outside ``papers/`` is an
    error, since it would not be in the catalog."""
    problems: list[Problem] = []
    vocab: Vocabulary | None = None
    try:
        vocab = load_vocabulary(project.vocab_dir, project.root)
    except InvalidCatalog as exc:
        problems += exc.problems
    use_cache = cache and not os.environ.get("EFFPLM_NO_CACHE")
    store = RecordCache.open(project.cache_dir / "records.tsv") if use_cache else None
    records: list[LoadedRecord] = []
    given = [str(Path(name).absolute()) for name in project.record_names(paths)] if paths else []
    focus = {project.display(name) for name in given}
    for name in given or project.misplaced_records():
        found = misplaced(project, name)
        if found is not None:
            problems.append(found)
    broken: list[tuple[str, str]] = []
    for path in sorted({*project.record_names(), *given}):
        shown = project.display(path)
        result = read_file(path, shown, store)
        problems += result.problems
        if result.record is not None:
            records.append(result.record)
        elif result.problems and all(p.code in _FIELD_PROBLEMS for p in result.problems):
            broken.append((path, shown))
    if store is not None:
        store.save(forget_unseen=not paths)
    if vocab is not None:
        for path, shown in broken:  # few files: read again for the checks their other errors skipped
            raw, _unreadable = read_bytes(path, shown)
            if raw is not None:
                problems += check_broken_vocabulary(parse_yaml(raw, shown), vocab)
        broken_paths = {p.path for p in problems}
        # The id rule is checked on records without other problems: on a broken one it is noise.
        problems += [
            p for p in check_records(records, vocab, focus) if p.code != "id-rule" or p.path not in broken_paths
        ]
    if vocab is not None:
        problems = [_with_venue_hint(p, vocab) for p in problems]
    if focus:  # the files asked about, and the vocabularies they are checked against
        problems = [p for p in problems if p.path in focus or p.path.startswith("vocab/")]
    errors = [p for p in problems if p.severity == "error"]
    if errors or vocab is None:
        raise InvalidCatalog(sort_problems(problems))
    return LoadedCatalog(records, vocab, sort_problems(problems))


_FREE_VENUE = re.compile(r"^venue: .*?: '(?P<text>[^']*)' is free text; ")


def _with_venue_hint(problem: Problem, vocab: Vocabulary) -> Problem:
    """A free-text venue's problem with the venue of the vocabulary it names, when there is one."""
    match = _FREE_VENUE.match(problem.message) if problem.code == "invalid-type" else None
    found = vocab.normalize_venue(match.group("text")) if match else None
    if match is None or found is None:
        return problem
    parts = [f"id: {found.venue}"]
    if found.track != vocab.default_track(found.venue):
        parts.append(f"track: {found.track}")
    if found.year:
        parts.append(f"year: {found.year}")
    message = f"venue: {match.group('text')!r} is free text; write `venue: {{{', '.join(parts)}}}`"
    return dataclasses.replace(problem, message=message)


_FIELD_PROBLEMS = frozenset(("invalid-type", "invalid-value", "missing-key", "unknown-key", "id-mismatch"))
"""Problems of a record that YAML read: its vocabulary can still be checked."""


def misplaced(project: Project, name: str) -> Problem | None:
    """Why a record file of the checkout would not be in the catalog (it is not directly in
    ``papers/``), or None; files outside the checkout are checked as they are."""
    where = Path(name).resolve()
    if where.parent == project.papers_dir.resolve() or not where.is_relative_to(project.root.resolve()):
        return None
    shown = project.display(name)
    message = f"records live directly in papers/: this file is not in the catalog; move it to papers/{Path(name).name}"
    return Problem(shown, 0, 0, "file-location", message)


def read_file(path: str, shown: str, store: RecordCache | None = None) -> Result:
    """One record file read (its name checked first), from ``store`` when its bytes are unchanged."""
    name = shown.rpartition("/")[2]
    stem = name[: -len(RECORD_SUFFIX)] if name.endswith(RECORD_SUFFIX) else ""
    if not stem:
        return Result(None, [Problem(shown, 0, 0, "file-name", f"records end in {RECORD_SUFFIX!r}; rename the file")])
    if not SLUG.fullmatch(stem):
        message = "the file name must be the record's id: lowercase letters, digits and hyphens"
        return Result(None, [Problem(shown, 0, 0, "file-name", message)])
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return Result(None, problems)
    file_digest = digest(raw)
    cached = store.get(shown, file_digest, path) if store is not None else None
    if cached is not None:
        return cached
    result = Result(*read_record(raw, shown, stem, path))
    if store is not None:
        store.put(shown, file_digest, result)
    return result


__all__ = ["Catalog", "LoadedRecord", "Project", "load_catalog", "load_records"]
