"""The awesome-list README, rendered from ``templates/README.md.j2``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..models import Paper
from .markdown import make_environment, md_escape, md_url, scholar_search, wrap

TEMPLATE = "README.md.j2"


@dataclass(frozen=True)
class Entry:
    """One paper as the README shows it."""

    paper: Paper
    url: str
    authors: str
    venue: str
    links: list[tuple[str, str]]
    also: list[str]
    """Titles of the paper's further categories (it is listed once, under its primary one)."""

    @property
    def item(self) -> str:
        """The list item: ``- [Title][id] - Authors. Venue. Also in X. [PDF][id-pdf] · [Code][id-code].``

        Built in Python rather than in a Jinja macro: a macro call per entry was half of
        the README's rendering time for a large catalog.
        """
        pid = self.paper.id
        text = f"- [{md_escape(self.paper.title)}][{pid}] - {md_escape(self.authors)}. {md_escape(self.venue)}."
        if self.also:
            text += " Also in " + ", ".join(md_escape(a) for a in self.also) + "."
        if self.links:
            text += " " + " · ".join(f"[{label}][{pid}-{label.lower()}]" for label, _ in self.links) + "."
        return wrap(text)

    @property
    def definitions(self) -> str:
        """The reference-link definitions of the item's links, one per line."""
        pid = self.paper.id
        lines = [f"[{pid}]: {md_url(self.url)}"]
        lines += [f"[{pid}-{label.lower()}]: {md_url(href)}" for label, href in self.links]
        return "\n".join(lines)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    description: str
    entries: list[Entry]


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.entries) for s in self.sections)


def entry_for(catalog: Catalog, paper: Paper) -> Entry:
    """The README view of one paper: its title link, author line, venue label and extra links."""
    links: list[tuple[str, str]] = []
    url = paper.primary_url()
    if arxiv := paper.links.landing_urls().get("arxiv"):
        links.append(("arXiv", arxiv))
    pdf = paper.pdf_url()
    if pdf:
        links.append(("PDF", pdf))
    if paper.links.code:
        links.append(("Code", paper.links.code))
    if paper.links.project:
        links.append(("Project", paper.links.project))
    links = [(label, href) for label, href in links if href != url]
    also = [catalog.vocab.categories[c].title for c in paper.categories if c in catalog.vocab.categories]
    return Entry(
        paper,
        url or scholar_search(paper.title),
        format_authors(paper.authors),
        catalog.venue_label(paper),
        links,
        also,
    )


def format_authors(authors: list[str], limit: int = 8) -> str:
    """``A, B, and C``; lists longer than ``limit`` end with "et al."."""
    if len(authors) > limit:
        return ", ".join(authors[:limit]) + ", et al"
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + ", and " + authors[-1]


def readme_parts(catalog: Catalog) -> list[Part]:
    """Groups with their non-empty categories, in taxonomy order; each paper under its primary category."""
    parts = []
    for group in catalog.vocab.groups:
        sections = []
        for category in sorted(group.categories, key=lambda c: (c.order, c.id)):
            papers = [p for p in catalog.by_category.get(category.id, []) if p.category == category.id]
            if papers:
                entries = [entry_for(catalog, p) for p in papers]
                sections.append(Section(category.id, category.title, category.description, entries))
        if sections:
            parts.append(Part(group.id, group.title, sections))
    return parts


def render_readme(catalog: Catalog, templates_dir: Path) -> str:
    """The README text for ``catalog``: deterministic, same catalog gives same bytes."""
    from ..records import paused_gc

    with paused_gc():  # tens of thousands of small objects and no cycles: see records.paused_gc
        return _render_readme(catalog, templates_dir)


def _render_readme(catalog: Catalog, templates_dir: Path) -> str:
    env = make_environment(templates_dir)
    template = env.get_template(TEMPLATE)
    parts = readme_parts(catalog)
    return template.render(
        catalog=catalog,
        parts=parts,
        paper_count=len(catalog),
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


def render_contributing(catalog: Catalog, templates_dir: Path) -> str:
    """CONTRIBUTING.md: how to contribute, the fields and the vocabularies."""
    env = make_environment(templates_dir)
    vocab = catalog.vocab
    return env.get_template("CONTRIBUTING.md.j2").render(
        fields=record_fields(), groups=vocab.groups, venues=sorted(vocab.venues.venues, key=lambda v: v.id)
    )


def render_entries(catalog: Catalog, papers: list[Paper]) -> str:
    """The README entries of ``papers`` (with their link definitions), as the README shows them."""
    entries = [entry_for(catalog, p) for p in papers]
    items = "\n".join(x.item for x in entries)
    definitions = "\n".join(x.definitions for x in entries)
    return f"{items}\n\n{definitions}\n"
