"""The awesome-list README, rendered from ``templates/README.md.j2``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..catalog import Catalog, LoadedRecord
from ..models import Paper
from ..vocab import Vocabulary
from .markdown import make_environment, md_escape, md_url, scholar_search, wrap

TEMPLATE = "README.md.j2"
CONTRIBUTING_TEMPLATE = "CONTRIBUTING.md.j2"


class Entry(NamedTuple):
    """One paper as the README shows it: its list item and the definitions of the item's links."""

    item: str
    """``- [Title][id] - Authors. Venue. Also in X. [PDF][id-pdf] · [Code][id-code].``, wrapped."""
    definitions: str
    """The reference-link definitions of the item's links, one per line."""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str
    entries: list[tuple[str, str]]
    """Each paper's (item, definitions): an :class:`Entry`, or the plain tuple a loading process sent."""

    @property
    def items(self) -> str:
        """The section's list items, a line (or a few, wrapped) each: one string for the template
        (a Jinja loop over ten thousand entries costs more than making them)."""
        return "\n".join([entry[0] for entry in self.entries])

    @property
    def definitions(self) -> str:
        """The link definitions of the section's items."""
        return "\n".join([entry[1] for entry in self.entries])


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


class EntryMaker:
    """README entries for the papers of one vocabulary, with what depends on the vocabulary
    alone (venue labels, category titles) escaped once.

    An entry is a function of the paper and the vocabularies, so that each process loading
    records can make it for the records it parses. It is built in Python rather than in a
    Jinja macro: a macro call per entry was half of the README's rendering time for a large
    catalog.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.titles = {cid: md_escape(c.title) for cid, c in vocab.categories.items()}
        self.venues: dict[tuple[str, int | None, str | None, int], str] = {}

    def __call__(self, paper: Paper) -> Entry:
        # Written out rather than through Paper.primary_url/pdf_url and Links.landing_urls (the
        # same rules, tested against them): this runs once per paper on every README build.
        links = paper.links
        arxiv, acl, doi, openreview, code, project = (
            links.arxiv,
            links.acl,
            links.doi,
            links.openreview,
            links.code,
            links.project,
        )
        abstract = f"https://arxiv.org/abs/{arxiv}" if arxiv else None
        url = (
            links.paper
            or abstract
            or (acl and f"https://aclanthology.org/{acl}/")
            or (doi and f"https://doi.org/{doi}")
            or (openreview and f"https://openreview.net/forum?id={openreview}")
            or project
            or code
        )
        pid = paper.id
        definitions = f"[{pid}]: {md_url(url or scholar_search(paper.title))}"
        refs = []  # "[PDF][id-pdf] · [Code][id-code]": the links after the venue
        if abstract and abstract != url:
            refs.append(f"[arXiv][{pid}-arxiv]")
            definitions += f"\n[{pid}-arxiv]: {abstract}"
        pdf = (
            f"https://arxiv.org/pdf/{arxiv}"
            if arxiv
            else f"https://aclanthology.org/{acl}.pdf"
            if acl
            else f"https://openreview.net/pdf?id={openreview}"
            if openreview
            else None
        )
        if pdf and pdf != url:  # identifiers are pattern-checked: nothing in these URLs to encode
            refs.append(f"[PDF][{pid}-pdf]")
            definitions += f"\n[{pid}-pdf]: {pdf}"
        if code and code != url:
            refs.append(f"[Code][{pid}-code]")
            definitions += f"\n[{pid}-code]: {md_url(code)}"
        if project and project != url:
            refs.append(f"[Project][{pid}-project]")
            definitions += f"\n[{pid}-project]: {md_url(project)}"
        venue = paper.venue
        key = (venue.id, venue.year, venue.track, paper.year)
        label = self.venues.get(key)
        if label is None:
            label = self.venues[key] = md_escape(self.vocab.venue_label(paper))
        text = f"- [{md_escape(paper.title)}][{pid}] - {md_escape(format_authors(paper.authors))}. {label}."
        if paper.categories:
            also = [self.titles[c] for c in paper.categories if c in self.titles]
            if also:
                text += " Also in " + ", ".join(also) + "."
        if refs:
            text += " " + " · ".join(refs) + "."
        return Entry(wrap(text), definitions)


def readme_view(vocab: Vocabulary) -> Callable[[Paper], tuple[str, str]]:
    """README entries for the records :func:`~effplm_catalog.catalog.load_records` parses, as
    plain tuples (what passes between processes)."""
    make = EntryMaker(vocab)

    def view(paper: Paper) -> tuple[str, str]:
        return tuple(make(paper))  # type: ignore[return-value]

    return view


def format_authors(authors: list[str], limit: int = 8) -> str:
    """``A, B, and C``; lists longer than ``limit`` end with "et al."."""
    if len(authors) > limit:
        return ", ".join(authors[:limit]) + ", et al"
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + ", and " + authors[-1]


def _parts(vocab: Vocabulary, by_category: dict[str, list[tuple[str, str]]]) -> list[Part]:
    """Groups with their non-empty categories, in taxonomy order (``by_category``: each
    category's entries, in display order)."""
    parts = []
    for group in vocab.groups:
        sections = []
        for cat in sorted(group.categories, key=lambda c: (c.order, c.id)):
            found = by_category.get(cat.id)
            if found:
                sections.append(Section(cat.id, cat.title, cat.description, found))
        if sections:
            parts.append(Part(group.id, group.title, sections))
    return parts


def readme_parts(catalog: Catalog) -> list[Part]:
    """The README's parts and sections for ``catalog``: each paper under its primary category,
    in display order (newest first, then by title, then by id)."""
    make = EntryMaker(catalog.vocab)
    by_category: dict[str, list[Paper]] = {}
    for paper in sorted(catalog.papers, key=Catalog.sort_key):
        by_category.setdefault(paper.category, []).append(paper)
    return _parts(catalog.vocab, {category: [make(p) for p in papers] for category, papers in by_category.items()})


def record_parts(records: Sequence[LoadedRecord], vocab: Vocabulary) -> list[Part]:
    """:func:`readme_parts` for loaded records, using the entries :func:`~effplm_catalog.catalog.load_records`
    left in ``record.view`` (and making any record's that has none).

    One pass, then a sort of plain tuples per category (the display order's key, then the entry): at
    10,000 records, Python calls per record for grouping, ordering and wrapping entries
    cost more than the template.
    """
    make = EntryMaker(vocab)
    rows: dict[str, list[tuple[int, str, str, tuple[str, str]]]] = {}
    for record in records:
        facts, view = record.facts, record.view
        # -year, title key, id: the order of Catalog.sort_key (ids are unique: entries never compare)
        row = (-facts[1], facts[2], facts[0], view if view is not None else make(record.paper))
        rows.setdefault(facts[3], []).append(row)
    by_category: dict[str, list[tuple[str, str]]] = {}
    for category, found in rows.items():
        found.sort()
        by_category[category] = [row[3] for row in found]
    return _parts(vocab, by_category)


def render_readme(catalog: Catalog, templates_dir: Path) -> str:
    """The README text for ``catalog``: deterministic, same catalog gives same bytes."""
    return render_parts(readme_parts(catalog), templates_dir)


def render_parts(parts: list[Part], templates_dir: Path) -> str:
    """The README text for the parts made by :func:`readme_parts` or :func:`record_parts`."""
    from ..records import paused_gc

    with paused_gc():  # tens of thousands of small objects and no cycles: see records.paused_gc
        template = make_environment(templates_dir).get_template(TEMPLATE)
        return template.render(
            parts=parts,
            paper_count=sum(p.count for p in parts),
            category_count=sum(len(p.sections) for p in parts),
        )


def record_fields() -> list[tuple[str, bool, str]]:
    """(key, required, description) of every record field, nested ones dotted."""
    from ..models import Links, Paper, Venue

    rows = []
    for prefix, model in (("", Paper), ("venue.", Venue), ("links.", Links)):
        for name, info in model.model_fields.items():
            rows.append((f"{prefix}{name}", info.is_required(), info.description or ""))
    return rows


def render_contributing(vocab: Vocabulary, templates_dir: Path) -> str:
    """CONTRIBUTING.md: how to contribute, the fields and the vocabularies."""
    env = make_environment(templates_dir)
    return env.get_template(CONTRIBUTING_TEMPLATE).render(
        fields=record_fields(), groups=vocab.groups, venues=sorted(vocab.venues.venues, key=lambda v: v.id)
    )


def render_entries(catalog: Catalog, papers: list[Paper]) -> str:
    """The README entries of ``papers`` (with their link definitions), as the README shows them."""
    make = EntryMaker(catalog.vocab)
    section = Section("", "", "", [make(p) for p in papers])
    return f"{section.items}\n\n{section.definitions}\n"
