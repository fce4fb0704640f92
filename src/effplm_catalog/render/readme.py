"""The awesome-list README, rendered from ``templates/README.md.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .. import ids
from ..catalog import Catalog
from ..models import Links, Paper, Venue
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
    entries: list[Entry]

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

    An entry is built in Python rather than in a Jinja macro: a macro call per entry was
    half of the README's rendering time for a large catalog.
    """

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.titles = {cid: md_escape(c.title) for cid, c in vocab.categories.items()}
        self.venues: dict[tuple[str, int | None, str | None, int], str] = {}

    def __call__(self, paper: Paper) -> Entry:
        links = paper.links
        url = paper.primary_url()
        pid = paper.id
        definitions = f"[{pid}]: {md_url(url or scholar_search(paper.title))}"
        refs = []  # "[PDF][id-pdf] · [Code][id-code]": the links after the venue
        extra = (
            ("arXiv", "arxiv", links.landing_urls().get("arxiv")),
            ("PDF", "pdf", paper.pdf_url()),
            ("Code", "code", links.code),
            ("Project", "project", links.project),
        )
        for name, suffix, target in extra:
            if target and target != url:
                refs.append(f"[{name}][{pid}-{suffix}]")
                definitions += f"\n[{pid}-{suffix}]: {md_url(target)}"
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


def format_authors(authors: list[str], limit: int = 8) -> str:
    """``A, B, and C``; lists longer than ``limit``, or cut short by a source, end with "et al"."""
    names, cut_short = ids.written_out(authors)
    if cut_short or len(names) > limit:
        return ", ".join(names[:limit]) + ", et al"
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _parts(vocab: Vocabulary, by_category: dict[str, list[Entry]]) -> list[Part]:
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


def render_readme(catalog: Catalog, templates_dir: Path) -> str:
    """The README text for ``catalog``: deterministic, same catalog gives same bytes."""
    parts = readme_parts(catalog)
    template = make_environment(templates_dir).get_template(TEMPLATE)
    return template.render(
        parts=parts,
        paper_count=len(catalog),
        category_count=len(catalog.primary_categories),  # the sections: the count the site shows too
    )


def record_fields() -> list[tuple[str, bool, str]]:
    """(key, required, description) of every record field, nested ones dotted."""
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
