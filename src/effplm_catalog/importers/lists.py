"""Importing a public list into the catalog: what each entry becomes, told before anything is written.

An entry of the list (parsed by :mod:`.markdown`) is, in this order:

- skipped, with the reason, when its heading maps to no category (``--map`` and the
  taxonomy's ``headings`` decide; ``--default-category`` catches the rest);
- merged into the record that already has its identifier or title: the list is added to
  the record's sources, and the identifiers, links and category the record lacks;
- completed from metadata (``fetch``, the providers of ``effplm add``) when it names no
  authors or its author list ends in "et al", or listed as needing authors when there is no
  metadata to be had;
- a new record.

Nothing here writes: :func:`plan_import` returns the plan, the CLI shows it and writes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..consistency import check_identifiers
from ..errors import InvalidCatalog
from ..ids import CUT_SHORT, normalize_title
from ..loader import parse_yaml
from ..model_problems import validate_model
from ..models import Paper
from ..recordfile import LoadedRecord, scalar
from ..vocab import Sources, Vocabulary
from .convert import classify_links, convert_group
from .entries import Anomaly, Entry
from .merge import entry_arxiv

Fetch = Callable[[str], Sequence[str] | None]
"""Authors of the paper an identifier names (None when they cannot be had: no network, unknown)."""


@dataclass
class HeadingCount:
    found: int = 0
    new: int = 0
    existing: int = 0
    needs_authors: int = 0
    skipped: int = 0


@dataclass
class Plan:
    """What importing a list would do."""

    new: list[Paper] = field(default_factory=list)
    updated: list[tuple[Paper, Paper, list[str]]] = field(default_factory=list)
    """(record as it is, as it would be, what changes)."""
    unchanged: list[tuple[Entry, Paper]] = field(default_factory=list)
    needs_authors: list[tuple[Entry, str]] = field(default_factory=list)
    """(entry, the command that completes it)."""
    skipped: list[tuple[Entry, str]] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    headings: dict[str, HeadingCount] = field(default_factory=dict)
    unmapped: Counter[str] = field(default_factory=Counter)

    @property
    def entries(self) -> int:
        return sum(h.found for h in self.headings.values())


def plan_import(
    entries: Sequence[Entry],
    catalog: Catalog,
    *,
    source: str,
    mapping: Mapping[str, str] = {},
    default_category: str | None = None,
    added: dt.date,
    fetch: Fetch | None = None,
) -> Plan:
    """The plan for importing ``entries`` of the list ``source`` into ``catalog``."""
    plan = Plan()
    vocab = catalog.vocab
    wanted = {heading.casefold(): category for heading, category in mapping.items()}
    records: dict[str, Paper] = {p.id: p for p in catalog.papers}
    changes: dict[str, list[str]] = {}
    index: dict[tuple[str, str], str] = {key: p.id for key, p in catalog.identities.items()}
    taken = set(records)
    for entry in entries:
        heading = entry.headings[-1] if entry.headings else "(no heading)"
        count = plan.headings.setdefault(heading, HeadingCount())
        count.found += 1
        category = _category(entry, wanted, vocab.category_for_heading, default_category)
        if category is None:
            plan.unmapped[heading] += 1
            count.skipped += 1
            why = f"the heading {heading!r} maps to no category (--map {heading!r}=CATEGORY, or --default-category)"
            plan.skipped.append((entry, why))
            continue
        links = classify_links([entry])
        keys = [(kind, value.lower()) for kind, value in links.items() if kind in ("arxiv", "doi", "acl", "openreview")]
        keys.append(("title", normalize_title(entry.title)))
        found = next((index[key] for key in keys if key in index), None)
        if found is not None:
            count.existing += 1
            before = records[found]
            after, what = _merge(before, source, links, category, entry.tags)
            if what:
                records[found] = after
                changes.setdefault(found, [])
                changes[found] += [w for w in what if w not in changes[found]]
            else:
                plan.unchanged.append((entry, before))
            continue
        # A list cut short by the source ("Basil Hosmer et al") is completed like a missing one.
        if not entry.authors or CUT_SHORT.search(entry.authors[-1]):
            identifier = entry_arxiv(entry) or links.get("doi") or links.get("acl")
            authors = fetch(identifier) if fetch is not None and identifier else None
            if not authors:
                count.needs_authors += 1
                hint = (
                    f"effplm add {identifier} --category {category} --source {source}"
                    if identifier
                    else f"effplm new --title {entry.title!r} --category {category} --source {source}"
                )
                plan.needs_authors.append((entry, hint))
                continue
            entry.authors = list(authors)
        if entry.venue_text and vocab.normalize_venue(entry.venue_text) is None and entry_arxiv(entry):
            message = f"venue {entry.venue_text!r} is not in vocab/venues.yaml: imported as its arXiv preprint"
            plan.anomalies.append(Anomaly(entry.source, entry.line, "unknown-venue", message))
            entry.venue_text = None
        entry.sections, entry.headings = [category], []
        conversion = convert_group([entry], vocab, added=added, taken=taken)
        if conversion.paper is None:
            count.skipped += 1
            plan.skipped.append((entry, "; ".join(a.message for a in conversion.anomalies)))
            continue
        paper = conversion.paper
        contradictions = [
            p for p in check_identifiers(LoadedRecord(entry.origin, paper), vocab) if p.severity == "error"
        ]
        if contradictions:  # the list's venue or year against its own identifier: a curator decides
            count.skipped += 1
            plan.skipped.append((entry, "; ".join(p.message for p in contradictions)))
            continue
        count.new += 1
        taken.add(paper.id)
        plan.new.append(paper)
        for key in keys:
            index.setdefault(key, paper.id)
        records[paper.id] = paper
    originals = {p.id: p for p in catalog.papers}
    plan.updated = [(originals[pid], records[pid], what) for pid, what in changes.items() if pid in originals]
    plan.new = [records[p.id] for p in plan.new]  # with what later entries of the same paper added
    return plan


def _category(
    entry: Entry, mapping: Mapping[str, str], taxonomy: Callable[[str], str | None], default: str | None
) -> str | None:
    for heading in reversed(entry.headings):  # the deepest heading that says something
        found = mapping.get(heading.casefold()) or taxonomy(heading)
        if found:
            return found
    return default


def _merge(
    record: Paper, source: str, links: Mapping[str, str], category: str, tags: Sequence[str] = ()
) -> tuple[Paper, list[str]]:
    """The record with what the list adds to it, and what that is."""
    data = record.model_dump(exclude_none=True)
    what: list[str] = []
    if source not in record.sources:
        data["sources"] = [*record.sources, source]
        what.append("source")
    current = data.get("links", {})
    added = {k: v for k, v in links.items() if k not in current and not (k == "paper" and current)}
    if added:
        data["links"] = {**current, **added}
        what += [f"links.{k}" for k in added]
    if category != record.category and category not in record.categories:
        data["categories"] = [*record.categories, category]
        what.append(f"category {category}")
    new_tags = [t for t in tags if t not in record.tags]
    if new_tags:
        data["tags"] = [*record.tags, *new_tags]
        what.append(f"tags {', '.join(new_tags)}")
    return (Paper.model_validate(data), what) if what else (record, [])


def register_source(
    vocab_dir: Path, vocab: Vocabulary, source: str, title: str, url: str | None, origin: str
) -> tuple[str, Vocabulary]:
    """The text of ``vocab/sources.yaml`` with a new source appended (its comments kept), and the
    vocabularies with it; InvalidCatalog when the new entry is not a valid source."""
    path = vocab_dir / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    entry = [f"  - id: {scalar(source)}", f"    title: {scalar(title)}"]
    if url:
        entry.append(f"    url: {scalar(url)}")
    entry.append(f"    description: {scalar(f'Imported from {origin} with effplm import markdown.')}")
    new_text = text.rstrip("\n") + "\n" + "\n".join(entry) + "\n"
    doc = parse_yaml(new_text.encode("utf-8"), "vocab/sources.yaml")
    sources = validate_model(doc, Sources)
    if sources is None or doc.problems:
        raise InvalidCatalog(doc.problems)
    return new_text, dataclasses.replace(vocab, sources=sources)
