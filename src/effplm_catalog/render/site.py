"""The website's pages as Markdown (with a little HTML), generated from the catalog.

Every function is pure: catalog in, page text out. The MkDocs plugin decides
where each page lives; links here are relative ``.md`` paths so that MkDocs
checks them and ``mkdocs build --strict`` fails on a broken one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from .. import ids
from ..catalog import Catalog
from ..models import Paper
from .markdown import site_escape as md_escape
from .paths import AUTHOR_INDEX, author_path, category_path, href, paper_path, venue_path, year_path
from .readme import format_authors
from .safe import attr, safe_markdown, text

NEWEST = 10
RELATED = 10
"""Papers by the same authors shown on a paper page; keeps pages small for prolific authors."""
FEED_SIZE = 50


def front_matter(title: str, description: str | None = None, **search: object) -> list[str]:
    """YAML front matter setting the page title, HTML-escaped, and search options.

    Pages that only list papers are kept out of the search index (``exclude=True``):
    their text is on the paper pages, where a search should lead.

    Material prints ``page.meta.title`` as it is, but a title taken from the page's
    heading goes through ``striptags``, which turns ``&lt;`` back into ``<``: a record
    title holding ``</title><script>`` would then break out of the ``<title>`` element.
    """
    # Not ASCII-escaped: JSON writes an emoji or a mathematical letter as a surrogate pair,
    # which YAML refuses, and the whole front matter would then show as page text.
    lines = ["---", f"title: {json.dumps(text(title), ensure_ascii=False)}"]
    if description:  # the page's own <meta name="description">, for search engines and link previews
        lines.append(f"description: {json.dumps(text(description), ensure_ascii=False)}")
    if search:
        lines.append("search:")
        lines += [f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in search.items()]
    return [*lines, "---", ""]


def paper_item(catalog: Catalog, paper: Paper, from_path: str) -> str:
    """One list item linking to the paper's page: title, authors, venue (HTML: thousands of these
    go through the Markdown engine untouched, which keeps large sites fast)."""
    code = f' · <a href="{attr(paper.links.code)}">code</a>' if paper.links.code else ""
    return (
        f'<li><a href="{attr(href(from_path, paper_path(paper)))}">{text(paper.title)}</a> — '
        f"{text(format_authors(paper.authors))}. <em>{text(catalog.venue_label(paper))}</em>{code}</li>"
    )


AUTHOR_PAGE_FROM = 2
"""Papers an author needs for a page of their own. With one paper, the paper's page says all that
theirs would (the paper, the co-authors), and the author index lists them with that paper: in
the bundled catalog 3,500 of 4,705 authors have one paper, whose pages would quadruple the
site's build time."""


def has_author_page(catalog: Catalog, name: str) -> bool:
    return len(catalog.by_author.get(name, ())) >= AUTHOR_PAGE_FROM


def author_link(catalog: Catalog, name: str, from_path: str) -> str:
    """A link to the author's page, or to their entry in the author index when they have none, as
    HTML, relative to ``from_path``."""
    slug = catalog.author_slugs[name]
    target = (
        href(from_path, author_path(slug))
        if has_author_page(catalog, name)
        else href(from_path, AUTHOR_INDEX, f"author-{slug}")
    )
    return f'<a href="{attr(target)}">{text(name)}</a>'


LONG_LIST = 150
"""A list longer than this, over several years, is shown a year at a time, the newest open."""


def paper_list(catalog: Catalog, papers: Iterable[Paper], from_path: str) -> str:
    chosen = list(papers)
    if not chosen:
        return "*No papers yet.*\n"
    by_year: dict[int, list[Paper]] = {}
    for paper in chosen:
        by_year.setdefault(paper.year, []).append(paper)
    if len(chosen) <= LONG_LIST or len(by_year) < 2:
        return '<ul class="effplm-list">\n' + "\n".join(paper_item(catalog, p, from_path) for p in chosen) + "\n</ul>\n"
    blocks = []
    for i, (year, group) in enumerate(by_year.items()):  # in the list's order: newest first
        items = "\n".join(paper_item(catalog, p, from_path) for p in group)
        opened = " open" if i == 0 else ""
        blocks.append(
            f'<details class="effplm-year"{opened}><summary>{year} ({len(group)})</summary>\n'
            f'<ul class="effplm-list">\n{items}\n</ul>\n</details>'
        )
    return "\n".join(blocks) + "\n"


def home_page(catalog: Catalog) -> str:
    vocab = catalog.vocab
    counts = {cid: len(ps) for cid, ps in catalog.by_category.items()}
    with_code = sum(p.has_code() for p in catalog.papers)
    years = sorted(catalog.by_year)
    span = f"{years[0]}–{years[-1]}" if years else "—"
    lines = [
        "# Efficient Pre-trained Language Models",
        "",
        "A curated, validated catalog of papers on making pre-trained language models smaller, "
        "faster and cheaper: knowledge distillation, pruning, quantization, early exit and dynamic "
        "inference, efficient architectures, hardware and evaluation, and the wider efficient-NLP "
        "methods surveyed by Treviso et al. (TACL 2023).",
        "",
        f"**{len(catalog)} papers** · **{len(catalog.primary_categories)} categories** · "
        f"**{len(catalog.by_venue)} venues** · **{len(catalog.by_author)} authors** · "
        f"**{with_code} with code** · published {span}",
        "",
        "Find papers by [search](?q=) (or press <kbd>/</kbd>), in the [table of all papers](papers/index.md), "
        "or by [category](categories/index.md), [year](years/index.md), [venue](venues/index.md) "
        "or [author](authors/index.md). Download the catalog as [BibTeX](papers.bib), [JSON](papers.json) "
        "or [CSV](papers.csv).",
        "",
        *_recency(catalog),
        "## Categories",
        "",
        "A paper has one primary category and may have further ones. The number after a category counts "
        f"a paper in each of its categories; the {len(catalog.primary_categories)} categories counted above are "
        "those that are the primary category of at least one paper, as in the README and the "
        "[statistics](stats.md).",
        "",
    ]
    for group in vocab.groups:
        cats = sorted(group.categories, key=lambda c: (c.order, c.id))
        lines.append(
            f"**{md_escape(group.title)}**: "
            + ", ".join(f"[{md_escape(c.title)}]({category_path(c.id)}) ({counts.get(c.id, 0)})" for c in cats)
        )
        lines.append("")
    return "\n".join(lines)


def _recency(catalog: Catalog) -> list[str]:
    """The home page's "what is new": the newest additions, unless they would be an arbitrary pick
    from a bulk import, in which case the most recently published papers, saying so."""
    footer = "[All recent additions](recent.md) · [Atom feed](feed.xml)"
    if not catalog.additions_are_bulk(NEWEST):
        return ["## Newest additions", "", paper_list(catalog, catalog.newest(NEWEST), "index.md"), footer, ""]
    newest = max(p.added for p in catalog.papers)  # a bulk of additions has at least one
    added = sum(p.added == newest for p in catalog.papers)
    return [
        "## Latest papers",
        "",
        f"The most recently published papers in the catalog. The newest additions ({added} papers on "
        f"{newest}) came in together, so they are listed by date on the [recent additions](recent.md) page.",
        "",
        paper_list(catalog, catalog.latest(NEWEST), "index.md"),
        footer,
        "",
    ]


def categories_index(catalog: Catalog) -> str:
    lines = [
        "# Categories",
        "",
        "The taxonomy has two levels: groups and their categories. "
        "A paper has one primary category and may have further ones; it is listed in each.",
        "",
    ]
    for group in catalog.vocab.groups:
        lines += [f"## {md_escape(group.title)}", "", md_escape(group.description), ""]
        for c in sorted(group.categories, key=lambda c: (c.order, c.id)):
            n = len(catalog.by_category.get(c.id, []))
            lines.append(f"- [{md_escape(c.title)}]({c.id}.md) ({n}) — {md_escape(c.description)}")
        lines.append("")
    return "\n".join(lines)


def category_page(catalog: Catalog, cid: str) -> str:
    category = catalog.vocab.categories[cid]
    group = catalog.vocab.group_of[cid]
    papers = catalog.by_category.get(cid, [])
    path = category_path(cid)
    return "\n".join(
        [
            *front_matter(category.title, exclude=True),
            f"# {md_escape(category.title)}",
            "",
            f"*{md_escape(group.title)}* · {len(papers)} paper{'s' if len(papers) != 1 else ''} · "
            f"[filter in the table](../papers/index.md?category={cid})",
            "",
            md_escape(category.description),
            "",
            paper_list(catalog, papers, path),
        ]
    )


REPOSITORY = "https://github.com/effplm-catalog/effplm-catalog"
"""Where the records live, for "edit this record" and "report an error" links (plain links: the
site fetches nothing from the repository). A fork sets its own in mkdocs.yml (`repository:`
under the effplm plugin)."""


def paper_page(
    catalog: Catalog, paper: Paper, bibtex_entry: str, related: Sequence[Paper] = (), repository: str = REPOSITORY
) -> str:
    """The paper's page; ``related``: papers on the same topic (see related.py), most related first."""
    vocab = catalog.vocab
    path = paper_path(paper)
    venue = vocab.venue_by_id.get(paper.venue.id)
    names, cut_short = ids.written_out(paper.authors)
    authors = ", ".join(author_link(catalog, a, path) for a in names) + (", et al" if cut_short else "")
    cats = ", ".join(
        f'<a href="{attr(href(path, category_path(c)))}">{text(vocab.categories[c].title)}</a>'
        for c in paper.all_categories
        if c in vocab.categories
    )
    published = f'<a href="{attr(href(path, venue_path(paper.venue.id)))}">{text(catalog.venue_label(paper))}</a>'
    if venue:
        published += f" — {text(venue.full_name)}"
    rows = [
        ("Authors", authors),
        ("Published", published),
        ("Year", f'<a href="{attr(href(path, year_path(paper.year)))}">{paper.year}</a>'),
        ("Categories", cats),
    ]
    if paper.tags:
        rows.append(("Tags", ", ".join(f"<code>{text(t)}</code>" for t in paper.tags)))
    why = " (the notes say why)" if paper.notes and "no link" in paper.notes.lower() else ""
    rows.append(("Links", _link_list(paper) or f"none recorded{why}"))
    description = f"{format_authors(paper.authors)}. {catalog.venue_label(paper)}."
    lines = [*front_matter(paper.title, description), f"# {md_escape(paper.title)}", ""]
    block = ['<div class="effplm-paper">', '<dl class="effplm-meta">']
    block += [f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows]
    block += ["</dl>", "</div>", ""]
    lines += block
    if paper.abstract:
        lines += ["## Abstract", "", safe_markdown(paper.abstract).strip(), ""]
    if paper.notes:
        lines += ["## Notes", "", safe_markdown(paper.notes).strip(), ""]
    lines += [
        '<h2 id="bibtex">BibTeX</h2>',
        "",
        f'<div class="highlight"><pre><code class="language-bibtex">{text(bibtex_entry.rstrip())}</code></pre></div>',
        "",
    ]
    if related:
        lines += ['<h2 id="related-papers">Related papers</h2>', "", paper_list(catalog, related, path)]
    shown = {p.id for p in related}
    same = [p for p in _same_authors(catalog, paper) if p.id not in shown]
    if same:
        lines += [
            '<h2 id="other-papers-by-the-same-authors">Other papers by the same authors</h2>',
            "",
            paper_list(catalog, same[:RELATED], path),
        ]
        if len(same) > RELATED:
            lines += [f"And {len(same) - RELATED} more: see each author's page, linked above.", ""]
    sources = ", ".join(
        text(vocab.source_by_id[s].title) if s in vocab.source_by_id else text(s) for s in paper.sources
    )
    edit = f"{repository}/edit/main/papers/{paper.id}.yaml"
    report = f"{repository}/issues/new?title=" + quote(f"Error in {paper.id}")
    lines += [
        '<h2 id="provenance">Provenance</h2>',
        "",
        f"<p>Found in: {sources}. Added on {paper.added.isoformat()}. "
        f"Record: <code>papers/{text(paper.id)}.yaml</code> "
        f'(<a href="{attr(edit)}">edit this record</a> · <a href="{attr(report)}">report an error</a>).</p>',
        "",
    ]
    return "\n".join(lines)


def _link_list(paper: Paper) -> str:
    lk = paper.links
    items: list[tuple[str, str]] = []
    if lk.paper:
        items.append(("Paper", lk.paper))
    labels = {
        "arxiv": f"arXiv:{lk.arxiv}",
        "acl": f"ACL Anthology {lk.acl}",
        "doi": f"DOI {lk.doi}",
        "openreview": "OpenReview",
    }
    items += [(labels[kind], url) for kind, url in lk.landing_urls().items()]
    pdf = paper.pdf_url()
    if pdf:
        items.append(("PDF", pdf))
    if lk.code:
        items.append(("Code", lk.code))
    if lk.project:
        items.append(("Project", lk.project))
    return " · ".join(f'<a href="{attr(url)}">{text(label)}</a>' for label, url in items)


def _same_authors(catalog: Catalog, paper: Paper) -> list[Paper]:
    seen = {paper.id}
    out = []
    for author in paper.authors:
        for other in catalog.by_author.get(author, []):
            if other.id not in seen:
                seen.add(other.id)
                out.append(other)
    return sorted(out, key=catalog.sort_key)


def years_index(catalog: Catalog) -> str:
    lines = ["# Papers by year", ""]
    lines += [f"- [{y}]({y}.md) ({len(ps)})" for y, ps in catalog.by_year.items()]
    return "\n".join(lines) + "\n"


def year_page(catalog: Catalog, year: int) -> str:
    papers = catalog.by_year.get(year, [])
    head = "\n".join(front_matter(f"Papers from {year}", exclude=True))
    return f"{head}# Papers from {year}\n\n{len(papers)} papers.\n\n" + paper_list(catalog, papers, year_path(year))


def venues_index(catalog: Catalog) -> str:
    vocab = catalog.vocab
    lines = ["# Papers by venue", "", "| Venue | Kind | Papers |", "| --- | --- | ---: |"]
    for vid, papers in sorted(catalog.by_venue.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        entry = vocab.venue_by_id.get(vid)
        name = f"{entry.name} — {entry.full_name}" if entry else vid
        lines.append(f"| [{md_escape(name)}]({vid}.md) | {entry.kind if entry else ''} | {len(papers)} |")
    return "\n".join(lines) + "\n"


def venue_page(catalog: Catalog, vid: str) -> str:
    entry = catalog.vocab.venue_by_id.get(vid)
    title = entry.name if entry else vid
    papers = catalog.by_venue.get(vid, [])
    lines = [*front_matter(title, exclude=True), f"# {md_escape(title)}", ""]
    if entry:
        lines += [f"{md_escape(entry.full_name)} ({entry.kind}). {len(papers)} papers.", ""]
    return "\n".join(lines) + "\n" + paper_list(catalog, papers, venue_path(vid))
