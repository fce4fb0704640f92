"""The catalog's four source documents, read as records and compared with the catalog.

The catalog was first built from these documents; its records are now the source of
truth, edited and corrected by curators. ``effplm import seeds`` parses and merges the
documents as before, and reports which of their papers the catalog lacks and where a
record says something else than the sources (usually a correction, recorded with its
reason on the record).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import ids
from ..catalog import Catalog
from ..checks import check_records
from ..errors import InvalidCatalog
from ..models import Paper
from ..recordfile import LoadedRecord, dump_paper
from ..vocab import Vocabulary
from .convert import convert_group
from .entries import Anomaly, Entry
from .markdown import parse_markdown
from .merge import group_entries
from .survey import parse_survey

Parser = Callable[[str, str], tuple[list[Entry], list[Anomaly]]]


@dataclass(frozen=True)
class SeedFile:
    path: str
    """Relative to the shared directory."""
    source: str
    parse: Parser


#: The files, in order of priority: for each field, the first file that has it wins.
SEED_FILES: tuple[SeedFile, ...] = (
    SeedFile("sources/efficient_plm_readme.md", "efficient-plm", parse_markdown),
    SeedFile("seeds/000_baa0b2d4e0bc7779.txt", "efficient-plm", parse_markdown),
    SeedFile("seeds/001_fda789acb7397fbe.txt", "awesome-efficient-plm", parse_markdown),
    SeedFile("seeds/002_8e28fbe14e35a7da.txt", "model-compression-notes", parse_markdown),
    SeedFile("seeds/003_78fd58bd587f3c1d.txt", "treviso-2023-survey", parse_survey),
)


@dataclass
class ImportResult:
    papers: list[Paper] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    existing: list[tuple[Paper, Paper]] = field(default_factory=list)
    """(imported, already in the catalog) pairs."""
    entries: int = 0


def read_entries(files: Sequence[tuple[Path, str, Parser]]) -> tuple[list[Entry], list[Anomaly]]:
    entries: list[Entry] = []
    anomalies: list[Anomaly] = []
    for path, source, parse in files:
        found, problems = parse(path.read_text(encoding="utf-8"), source)
        for entry in found:
            entry.source = source
            entry.origin = path.name
            if not entry.authors and re.search(r"(?i)\bworkshop\b", entry.title):
                anomalies.append(
                    Anomaly(path.name, entry.line, "not-a-paper", f"{entry.title!r} is a workshop, not a paper")
                )
                continue
            entries.append(entry)
        anomalies += [
            Anomaly(path.name, a.line, a.kind, a.message)
            for a in problems
            if not (a.kind == "missing-authors" and re.search(r"(?i)\bworkshop\b", a.message))
        ]
    return entries, anomalies


def build_records(
    entries: list[Entry],
    vocab: Vocabulary,
    *,
    added: dt.date,
    catalog: Catalog | None = None,
    priority: Sequence[str] = (),
) -> ImportResult:
    """Merge and convert entries; papers already in ``catalog`` are reported, not returned."""
    result = ImportResult(entries=len(entries))
    rank = {s: i for i, s in enumerate(priority)}
    groups = group_entries(entries)
    for group in groups:
        origins = [entries[i].origin or entries[i].source for i in group]
        for origin in dict.fromkeys(origins):
            if origins.count(origin) > 1:
                lines = [entries[i].line for i in group if (entries[i].origin or entries[i].source) == origin]
                result.anomalies.append(
                    Anomaly(
                        origin,
                        lines[0],
                        "duplicate-in-file",
                        f"{entries[group[0]].title!r} is listed {len(lines)} times "
                        f"(lines {', '.join(map(str, lines))}); merged into one record",
                    )
                )
    ordered = [sorted(g, key=lambda i: (rank.get(entries[i].source, len(rank)), i)) for g in groups]
    ordered.sort(key=lambda g: (rank.get(entries[g[0]].source, len(rank)), g[0]))
    taken: set[str] = set(catalog.by_id) if catalog else set()
    for group in ordered:
        conversion = convert_group([entries[i] for i in group], vocab, added=added, taken=taken)
        result.anomalies += conversion.anomalies
        paper = conversion.paper
        if paper is None:
            continue
        duplicate = catalog.find_duplicate(paper) if catalog else None
        if duplicate is not None:
            result.existing.append((paper, duplicate[1]))
            continue
        taken.add(paper.id)
        result.papers.append(paper)
    return result


def import_seeds(
    shared: Path,
    vocab: Vocabulary,
    *,
    added: dt.date,
    catalog: Catalog | None = None,
) -> ImportResult:
    """Every paper of the seed documents in ``shared`` (the directory holding seeds/ and sources/)."""
    files = [(shared / f.path, f.source, f.parse) for f in SEED_FILES]
    entries, anomalies = read_entries(files)
    result = build_records(
        entries,
        vocab,
        added=added,
        catalog=catalog,
        priority=list(dict.fromkeys(f.source for f in SEED_FILES)),
    )
    result.anomalies = anomalies + result.anomalies
    return result


def write_plan(
    catalog: Catalog, papers: Sequence[Paper], papers_dir: Path, *, replacing: Sequence[Paper] = ()
) -> list[tuple[Path, str]]:
    """The files to write for the new ``papers`` and the changed records ``replacing`` (checked
    against the rest of the catalog); InvalidCatalog if any is wrong."""
    changed = {p.id: p for p in replacing}
    kept = [changed.get(p.id, p) for p in catalog.papers]
    records = [LoadedRecord(f"papers/{p.id}.yaml", p) for p in [*kept, *papers]]
    problems = [p for p in check_records(records, catalog.vocab) if p.severity == "error"]
    if problems:
        raise InvalidCatalog(problems)
    return [(papers_dir / f"{p.id}.yaml", dump_paper(p)) for p in [*papers, *changed.values()]]


@dataclass(frozen=True)
class Difference:
    """A source paper that a record states differently."""

    record: Paper
    seed: Paper
    fields: list[str]


@dataclass
class SeedReport:
    missing: list[Paper] = field(default_factory=list)
    """Source papers no record names (by identifier, title, or a close title with the same first author)."""
    differences: list[Difference] = field(default_factory=list)


def compare_seeds(seeds: Sequence[Paper], catalog: Catalog) -> SeedReport:
    """Which of the sources' papers the catalog lacks, and which it records differently.

    A source paper is matched by title first (equal, then close or cut short, with the same
    first author), and by identifier only after that: a source can link a paper's title to
    another paper's identifier."""
    report = SeedReport()
    titles = {_letters(p.title): p for p in catalog.papers}
    # A record whose correction of its title quotes the source's title is that source's paper.
    for paper in catalog.papers:
        for fix in paper.corrections:
            if "title" in fix.fields:
                for quoted in re.findall(r'"([^"]{10,})"', fix.reason):
                    titles.setdefault(_letters(quoted), paper)
    for seed in seeds:
        record = titles.get(_letters(seed.title)) or _close(seed, titles)
        if record is None:
            found = catalog.find_duplicate(seed)  # the same identifier, under a title not like the record's
            if found and difflib.SequenceMatcher(None, seed.title_key, found[1].title_key).ratio() >= 0.6:
                record = found[1]
        if record is None:
            report.missing.append(seed)
            continue
        fields = [name for name, same in _comparisons(seed, record) if not same]
        if fields:
            report.differences.append(Difference(record, seed, fields))
    return report


def _letters(text: str) -> str:
    """Only the letters and digits of ``text``, folded: "Pre-trained" and "Pretrained" compare equal."""
    return "".join(c for c in ids.normalize_title(text) if c.isalnum())


def _family(name: str) -> str:
    return _letters(ids.last_name(name))


def _close(seed: Paper, titles: dict[str, Paper]) -> Paper | None:
    """A record whose title is close to the seed's, or the seed's cut short (a series name added),
    and whose first author has the same family name."""
    family = _family(seed.authors[0])
    key = _letters(seed.title)
    near = difflib.get_close_matches(key, list(titles), n=3, cutoff=0.8)
    near += [other for other in titles if len(other) >= 10 and key.startswith(other)]
    for other in near:
        record = titles[other]
        if _family(record.authors[0]) == family:
            return record
    return None


def _families(paper: Paper) -> list[str]:
    return [_family(a) for a in paper.authors]


def _comparisons(seed: Paper, record: Paper) -> list[tuple[str, bool]]:
    checks = [
        ("title", _letters(seed.title) == _letters(record.title)),
        ("year", seed.year == record.year),
        ("venue", seed.venue.id == record.venue.id),
        ("authors", _families(seed) == _families(record)),
    ]
    for kind in ("arxiv", "acl", "doi"):
        mine, theirs = getattr(record.links, kind), getattr(seed.links, kind)
        if mine and theirs:
            checks.append((f"links.{kind}", mine.lower() == theirs.lower()))
    return checks
