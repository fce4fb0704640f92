"""The "All papers" page: every paper in one table, with the data papers.js filters on.

A pure function of the catalog, like the other pages (render/site.py). The table is
complete without JavaScript; papers.js shows the filter form, reads each row's
``data-*`` attributes (one per facet, written here), and keeps the view in the URL.

Facets are multi-valued: a row's ``data-category="a b"`` lists every value it has,
the URL repeats a parameter for several chosen values (``?category=a&category=b``),
and a row matches a facet when it has any of the chosen values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args

from ..catalog import Catalog
from ..models import TRACKS, Paper
from ..vocab import VenueKind
from .paths import href, paper_path
from .readme import format_authors
from .safe import attr, text

PAGE = "papers/index.md"
SHOWN_AUTHORS = 3
"""Authors shown in a table cell; the rest are in the cell too, hidden on wide screens (a phone's
card shows them all), and every author is in ``data-authors`` for the text filter and the CSV."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    """Papers with this value in the whole catalog (papers.js updates it for the current view)."""


@dataclass(frozen=True)
class Facet:
    name: str
    """The URL parameter and the rows' ``data-`` attribute."""
    title: str
    options: list[Option]


def _kind(catalog: Catalog, paper: Paper) -> str:
    entry = catalog.vocab.venue_by_id.get(paper.venue.id)
    return entry.kind if entry else "conference"


# Each facet's values for one paper (several for categories and tags).
_VALUES: dict[str, Callable[[Catalog, Paper], list[str]]] = {
    "category": lambda catalog, p: p.all_categories,
    "venue": lambda catalog, p: [p.venue.id],
    "kind": lambda catalog, p: [_kind(catalog, p)],
    "track": lambda catalog, p: [catalog.vocab.track_of(p.venue)],
    "tag": lambda catalog, p: list(p.tags),
}
_TITLES = {"category": "Category", "venue": "Venue", "kind": "Venue kind", "track": "Track", "tag": "Tag"}
_TRACK_LABELS = {"none": "none (preprint)"}


def facets(catalog: Catalog) -> list[Facet]:
    """The filter lists of the table, each option with its number of papers.

    Categories come in taxonomy order (every category, so a link from an empty category's
    page shows an empty table rather than all papers); venues by label, ignoring case;
    kinds and tracks in the schema's order; tags alphabetically. Only values some paper has are
    offered, except categories.
    """
    vocab = catalog.vocab
    counts = {name: Counter(v for p in catalog.papers for v in values(catalog, p)) for name, values in _VALUES.items()}
    categories = [c.id for group in vocab.groups for c in sorted(group.categories, key=lambda c: (c.order, c.id))]
    categories += [c for c in vocab.categories if c not in categories]  # none should be left, but keep them all

    def venue_name(vid: str) -> str:
        entry = vocab.venue_by_id.get(vid)
        return entry.name if entry else vid

    venues = sorted(counts["venue"], key=lambda v: (venue_name(v).casefold(), v))
    labels: dict[str, Callable[[str], str]] = {
        "category": lambda c: vocab.categories[c].title,
        "venue": venue_name,
        "kind": str,
        "track": lambda t: _TRACK_LABELS.get(t, t),
        "tag": str,
    }
    order = {
        "category": categories,
        "venue": venues,
        "kind": [k for k in get_args(VenueKind) if k in counts["kind"]],  # in the schema's order
        "track": [t for t in TRACKS if t in counts["track"]],
        "tag": sorted(counts["tag"]),
    }
    return [
        Facet(name, _TITLES[name], [Option(v, labels[name](v), counts[name][v]) for v in order[name]])
        for name in _VALUES
    ]


def paper_url(paper: Paper) -> str | None:
    """The paper itself: its URL or an identifier's landing page (not its code or project page)."""
    return paper.links.paper or next(iter(paper.links.landing_urls().values()), None)


def _authors_cell(authors: list[str]) -> str:
    """The first authors, then the others in a span that wide screens hide behind "et al"."""
    if len(authors) <= SHOWN_AUTHORS:
        return text(format_authors(authors))
    shown = ", ".join(authors[:SHOWN_AUTHORS])
    rest = format_authors(authors, limit=len(authors))[len(shown) :]  # ", D, and E", however many
    return (
        f'{text(shown)}<span class="effplm-more">{text(rest)}</span>'
        '<span class="effplm-etal" aria-hidden="true">, et al</span>'
    )


def row(catalog: Catalog, paper: Paper, key: str) -> str:
    """One table row; its ``data-*`` attributes are what papers.js filters and exports."""
    vocab = catalog.vocab
    data = {name: " ".join(values(catalog, paper)) for name, values in _VALUES.items()}
    url = paper_url(paper)
    category = vocab.categories[paper.category].title if paper.category in vocab.categories else paper.category
    venue = vocab.venue_by_id.get(paper.venue.id)
    # Searched besides the visible cells: every author, the venue's full name, further categories, tags.
    extra = [
        venue.full_name if venue else "",
        *(vocab.categories[c].title for c in paper.categories if c in vocab.categories),
        *paper.tags,
        paper.title_key,
    ]
    links = []
    if url:
        links.append(f'<a class="effplm-paper-link" href="{attr(url)}">paper</a>')
    if paper.links.code:
        links.append(f'<a class="effplm-code-link" href="{attr(paper.links.code)}">code</a>')
    attrs = " ".join(f'data-{name}="{attr(value)}"' for name, value in data.items())
    return (
        f'<tr data-id="{attr(paper.id)}" data-key="{attr(key)}" {attrs} data-year="{paper.year}" '
        f'data-code="{int(paper.has_code())}" data-link="{int(url is not None)}" '
        f'data-authors="{attr("; ".join(paper.authors))}" data-text="{attr(" ".join(extra))}">'
        f'<td class="effplm-title"><a href="{attr(href(PAGE, paper_path(paper)))}">{text(paper.title)}</a></td>'
        f'<td class="effplm-authors">{_authors_cell(paper.authors)}</td>'
        f'<td class="effplm-year" data-label="Year">{paper.year}</td>'
        f'<td class="effplm-venue" data-label="Venue">{text(catalog.venue_label(paper))}</td>'
        f'<td class="effplm-category" data-label="Category">{text(category)}</td>'
        f'<td class="effplm-links">{" · ".join(links)}</td></tr>'
    )


SORTS = {
    "": "Newest first",
    "title": "Title, A–Z",
    "-title": "Title, Z–A",
    "authors": "First author, A–Z",
    "-authors": "First author, Z–A",
    "year": "Year, oldest first",
    "-year": "Year, newest first",
    "venue": "Venue, A–Z",
    "-venue": "Venue, Z–A",
    "category": "Category, A–Z",
    "-category": "Category, Z–A",
}
"""The orders of the table, by ``sort`` parameter; a column heading's click picks one too."""


def _facet_html(facet: Facet) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" name="{attr(facet.name)}" value="{attr(o.value)}"> '
        f'{text(o.label)} <span class="effplm-n" data-total="{o.count}">{o.count}</span></label>'
        for o in facet.options
    )
    return (
        f'<details class="effplm-facet" data-facet="{attr(facet.name)}"><summary>{text(facet.title)}'
        f'<span class="effplm-chosen"></span></summary><fieldset><legend>{text(facet.title)}</legend>'
        f"{boxes}</fieldset></details>"
    )


def filter_form(catalog: Catalog) -> str:
    """The filters, hidden until papers.js shows them (without it the table is simply complete)."""
    years = sorted(catalog.by_year) or [0]
    with_code = sum(p.has_code() for p in catalog.papers)
    with_link = sum(paper_url(p) is not None for p in catalog.papers)
    sorts = "".join(f'<option value="{attr(v)}">{text(label)}</option>' for v, label in SORTS.items())
    shown = [f for f in facets(catalog) if f.options]
    return "\n".join(
        [
            '<form id="effplm-filters" class="effplm-filters" hidden>',
            '<div class="effplm-filter-row">',
            '<label class="effplm-q">Text <input type="search" name="q" '
            'placeholder="title, any author, venue, tag" autocomplete="off"></label>',
            f'<label>From <input type="number" name="from" min="{years[0]}" max="{years[-1]}" '
            f'placeholder="{years[0]}"></label>',
            f'<label>To <input type="number" name="to" min="{years[0]}" max="{years[-1]}" '
            f'placeholder="{years[-1]}"></label>',
            f'<label>Sort <select name="sort">{sorts}</select></label>',
            "</div>",
            '<div class="effplm-filter-row">',
            *(_facet_html(f) for f in shown),
            f'<label class="effplm-check"><input type="checkbox" name="code" value="1"> Has code '
            f'<span class="effplm-n" data-total="{with_code}">{with_code}</span></label>',
            f'<label class="effplm-check"><input type="checkbox" name="link" value="1"> Has link '
            f'<span class="effplm-n" data-total="{with_link}">{with_link}</span></label>',
            '<button type="reset">Clear</button>',
            "</div>",
            '<div class="effplm-filter-row effplm-export">',
            '<p id="effplm-count" class="effplm-count" aria-live="polite"></p>',
            "<span>Export this view:</span>",
            '<button type="button" data-export="csv">CSV</button>',
            # papers.bib is at the site's root, one level above this page (papers/).
            '<button type="button" data-export="bibtex" data-src="../papers.bib">BibTeX</button>',
            '<span id="effplm-export-status" class="effplm-count" role="status"></span>',
            "</div>",
            "</form>",
        ]
    )


HEADINGS = (("title", "Title"), ("authors", "Authors"), ("year", "Year"), ("venue", "Venue"), ("category", "Category"))


def table_page(catalog: Catalog) -> str:
    """All papers in one table, newest first; papers.js adds filters, sorting, URL state and export."""
    keys = catalog.bibtex_keys
    rows = "\n".join(row(catalog, p, keys[p.id]) for p in sorted(catalog.papers, key=catalog.sort_key))
    heads = "".join(f'<th data-sort="{key}" aria-sort="none">{label}</th>' for key, label in HEADINGS)
    table = (
        '<div class="md-typeset__table effplm-table">\n'
        f'<table id="effplm-papers" class="effplm-papers">\n<thead><tr>{heads}<th>Links</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n</div>"
    )
    return "\n".join(
        [
            "---",
            'title: "All papers"',
            # The table needs the width: no navigation or table of contents beside it (Material).
            "hide: [navigation, toc]",
            "search:",
            "  exclude: true",
            "---",
            "",
            "# All papers",
            "",
            f"{len(catalog)} papers, newest first. Filter and sort the table; the address bar keeps the "
            "view, so a filtered table can be shared as a link, and the rows shown can be downloaded.",
            "",
            filter_form(catalog),
            "",
            table,
            "",
        ]
    )
