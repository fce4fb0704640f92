"""The website's pages about the catalog itself: statistics, recent additions, the Atom feed,
how to contribute and how far the records can be trusted.

Pure functions like those of :mod:`.site`, whose paths and list helpers they share.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time
from xml.sax.saxutils import escape as xml_escape

from ..catalog import Catalog
from ..ids import written_out
from ..models import Links, Paper, Venue
from .charts import chart_figure, data_table
from .markdown import md_url
from .markdown import site_escape as md_escape
from .paths import paper_path
from .readme import format_authors
from .site import FEED_SIZE, REPOSITORY, front_matter, paper_list

RECENT_YEARS = 10
"""The second chart of the statistics page shows this many years, the newest, when the catalog spans more."""


def stats_page(catalog: Catalog) -> str:
    vocab = catalog.vocab
    counts: dict[int, Counter[str]] = {}
    for p in catalog.papers:
        group = vocab.group_of.get(p.category)
        counts.setdefault(p.year, Counter())[group.id if group else "?"] += 1
    series = [(g.id, g.title) for g in vocab.groups if any(c[g.id] for c in counts.values())]
    figures = [chart_figure(counts, series, title="Papers per year, by category group")]
    recent = sorted(counts)[-RECENT_YEARS:]
    if len(counts) > RECENT_YEARS:
        title = f"Papers per year {recent[0]}–{recent[-1]}, by category group"
        figures.append(chart_figure({y: counts[y] for y in recent}, series, title=title))
    table = data_table(counts, series, caption="Papers per publication year, by the group of their primary category")
    primary = catalog.primary_categories
    per_cat = ["| Category | Group | Primary | Primary or further |", "| --- | --- | ---: | ---: |"]
    for cid, papers in catalog.by_category.items():
        if papers:
            per_cat.append(
                f"| [{md_escape(vocab.categories[cid].title)}](categories/{cid}.md) | "
                f"{md_escape(vocab.group_of[cid].title)} | {primary.get(cid, 0)} | {len(papers)} |"
            )
    listed = sum(len(papers) for papers in catalog.by_category.values())
    per_cat.append(f"| **All categories** | | **{sum(primary.values())}** | **{listed}** |")
    return "\n".join(
        [
            "# Statistics",
            "",
            f"{len(catalog)} papers in {len(primary)} categories (those that are the primary category of at least "
            f"one paper), from {len(catalog.by_venue)} venues, by {len(catalog.by_author)} authors.",
            "",
            "## Papers per year",
            "",
            "Each paper is counted once, in the year it was published, under the group of its primary category. "
            "The years are to scale"
            + (
                f": the first chart shows every year since the oldest paper, the second the last {len(recent)}."
                if len(figures) > 1
                else "."
            ),
            "",
            *[f"{figure}\n" for figure in figures],
            table,
            "",
            "## Papers per category",
            "",
            "Each paper has one primary category and may have further ones. *Primary* counts each paper once, "
            f"under its primary category, as the README lists it: the column adds up to the {len(catalog)} papers. "
            "*Primary or further* counts a paper in each of its categories, as the category pages list it, so "
            "that column can add up to more.",
            "",
            *per_cat,
            "",
        ]
    )


def recent_page(catalog: Catalog) -> str:
    by_date: dict[str, list[Paper]] = {}
    for p in catalog.newest(len(catalog)):
        by_date.setdefault(p.added.isoformat(), []).append(p)
    lines = [
        *front_matter("Recently added", exclude=True),
        "# Recently added",
        "",
        "Newest records first. Subscribe with the [Atom feed](feed.xml).",
        "",
    ]
    for day, papers in list(by_date.items())[:30]:
        lines += [f"## {day}", "", paper_list(catalog, papers, "recent.md")]
    return "\n".join(lines)


def atom_feed(catalog: Catalog, site_url: str) -> str:
    """An Atom feed of the newest additions; ``updated`` is the newest ``added`` date (deterministic)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    papers = catalog.newest(FEED_SIZE)
    updated = _stamp(papers[0].added) if papers else "1970-01-01T00:00:00Z"
    entries = []
    for p in papers:
        link = f"{base}papers/{p.id}/"
        entries.append(
            "  <entry>\n"
            f"    <title>{xml_escape(p.title)}</title>\n"
            f"    <id>{xml_escape(link if base else 'urn:effplm:' + p.id)}</id>\n"
            f'    <link href="{xml_escape(link, {chr(34): "&quot;"})}"/>\n'
            f"    <updated>{_stamp(p.added)}</updated>\n"
            + "".join(f"    <author><name>{xml_escape(a)}</name></author>\n" for a in written_out(p.authors)[0][:20])
            + f"    <summary>{xml_escape(catalog.venue_label(p))}. {xml_escape(format_authors(p.authors))}.</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>Efficient PLM catalog: new papers</title>\n"
        f"  <id>{xml_escape(base or 'urn:effplm:feed')}</id>\n"
        + (f'  <link href="{xml_escape(base)}feed.xml" rel="self"/>\n' if base else "")
        + f"  <updated>{updated}</updated>\n"
        + "".join(entries)
        + "</feed>\n"
    )


def _stamp(day: object) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[arg-type]


def contribute_page(catalog: Catalog, repository: str = REPOSITORY) -> str:
    def rows(model: type[Paper] | type[Venue] | type[Links], prefix: str = "") -> list[str]:
        out = []
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            out.append(f"| `{prefix}{name}` | {required} | {md_escape(info.description or '')} |")
        return out

    cats = [
        f"| `{c.id}` | {md_escape(c.title)} | {md_escape(catalog.vocab.group_of[c.id].title)} |"
        for c in catalog.vocab.categories.values()
    ]
    venues = [f"| `{v.id}` | {md_escape(v.name)} | {v.kind} |" for v in catalog.vocab.venues.venues]
    return "\n".join(
        [
            "# Contribute",
            "",
            "Add a paper by opening a pull request that adds one file, `papers/<id>.yaml`, or suggest one "
            f"in an issue of [the repository]({repository}/issues/new). For developers: [how the code is "
            f"built]({repository}/blob/main/docs/development.md) and [its benchmarks]"
            f"({repository}/blob/main/docs/benchmarks.md). "
            "The id is `{first author's last name}-{year}-{first content word of the title}` in lowercase "
            "ASCII, for example `sanh-2019-distilbert`.",
            "",
            "```yaml",
            "id: sanh-2019-distilbert",
            'title: "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"',
            "authors: [Victor Sanh, Lysandre Debut, Julien Chaumond, Thomas Wolf]",
            "year: 2019",
            "venue: {id: neurips, year: 2019, track: workshop}",
            "category: knowledge-distillation",
            "links:",
            '  arxiv: "1910.01108"',
            "sources: [curator]",
            "added: 2026-11-20",
            "```",
            "",
            "Check it with `effplm validate papers/<id>.yaml`: every problem is reported as "
            "`file:line:column: error[code]: message`, and pull requests get the same messages as "
            "annotations on the changed lines.",
            "",
            "## Fields",
            "",
            "| Key | Required | Meaning |",
            "| --- | --- | --- |",
            *rows(Paper),
            *rows(Venue, "venue."),
            *rows(Links, "links."),
            "",
            "## Categories",
            "",
            "| id | Title | Group |",
            "| --- | --- | --- |",
            *cats,
            "",
            "## Venues",
            "",
            "| id | Name | Kind |",
            "| --- | --- | --- |",
            *venues,
            "",
        ]
    )


_WARNING_KINDS = (
    ("name-variant", "Two spellings that probably name one person"),
    ("authors-cut-short", 'Author lists a source cut short with "et al", to be written out'),
    ("possible-duplicate", "Titles that are another record's title without its subtitle"),
)
"""The warnings of ``validate`` the page lists, each kind under its own heading line."""


def quality_page(catalog: Catalog) -> str:
    """The data-quality page: provenance, how complete and how checked the records are, the open
    warnings of ``validate`` by kind, and every correction of a source with its reason."""
    vocab = catalog.vocab
    per_source = Counter(s for p in catalog.papers for s in p.sources)
    multi = sum(1 for p in catalog.papers if len(p.sources) > 1)
    n = len(catalog) or 1

    def share(k: int) -> str:
        return f"{k} ({100 * k / n:.0f}%)"

    lines = [
        "# Data quality and provenance",
        "",
        "Every record names the sources it was found in. Records are validated on every change: "
        "types, identifiers, URLs, vocabularies, and duplicates across the catalog (ids, arXiv IDs, "
        "DOIs, ACL Anthology IDs, OpenReview IDs and normalized titles).",
        "",
        "## Sources",
        "",
        "| Source | Papers | About |",
        "| --- | ---: | --- |",
    ]
    for s in vocab.sources.sources:
        title = f"[{md_escape(s.title)}]({md_url(s.url)})" if s.url else md_escape(s.title)
        lines.append(f"| {title} | {per_source.get(s.id, 0)} | {md_escape(s.description)} |")
    lk = [p.links for p in catalog.papers]
    typed = sum(1 for x in lk if x.landing_urls())
    linked = sum(1 for p in catalog.papers if p.primary_url())
    checked = sum(1 for p in catalog.papers if p.verified)
    lines += [
        "",
        f"{multi} papers appear in more than one source and were merged into one record.",
        "",
        "## Completeness",
        "",
        "| Field | Papers |",
        "| --- | ---: |",
        f"| A typed identifier (arXiv, ACL Anthology, DOI or OpenReview) | {share(typed)} |",
        f"| A link to the paper (an identifier or a landing page) | {share(linked)} |",
        f"| Checked on the paper's own page (`verified`) | {share(checked)} |",
        f"| arXiv ID | {share(sum(1 for x in lk if x.arxiv))} |",
        f"| DOI | {share(sum(1 for x in lk if x.doi))} |",
        f"| ACL Anthology ID | {share(sum(1 for x in lk if x.acl))} |",
        f"| Code | {share(sum(1 for x in lk if x.code))} |",
        f"| Abstract | {share(sum(1 for p in catalog.papers if p.abstract))} |",
        f"| Peer-reviewed venue | {share(sum(1 for p in catalog.papers if vocab.track_of(p.venue) != 'none'))} |",
        "",
    ]
    lines += [
        "## How the catalog is kept",
        "",
        "The first records were imported from the four source documents; since then the records "
        "in `papers/` are the catalog, edited by curators and checked by `effplm validate` on every "
        "change. `effplm import seeds` now only reports source papers that are missing from the "
        "catalog or that the catalog records differently.",
        "",
    ]
    for code, label in _WARNING_KINDS:
        open_ = [w for w in catalog.warnings if w.code == code]
        lines += [f"{label}: {len(open_)} open.", ""]
        lines += [f"- {md_escape(f'{w.location()}: {w.message}')}" for w in open_]
        lines += [""] if open_ else []
    fixed = [(p, fix) for p in catalog.papers for fix in p.corrections]
    if fixed:
        lines += [
            "",
            "## Corrections to the sources",
            "",
            f"Errors of the sources that the records correct ({len(fixed)} in {len({p.id for p, _ in fixed})} "
            "records), each with its reason:",
            "",
            "| Paper | Fields | Source | Reason |",
            "| --- | --- | --- | --- |",
        ]
        for paper, fix in fixed:
            name = f"[{md_escape(paper.title)}]({paper_path(paper)})"
            source = vocab.source_by_id[fix.source].title if fix.source in vocab.source_by_id else "every source"
            fields = ", ".join(f"`{f}`" for f in fix.fields)
            lines.append(f"| {name} | {fields} | {md_escape(source)} | {md_escape(fix.reason)} |")
        lines.append("")
    return "\n".join(lines)
