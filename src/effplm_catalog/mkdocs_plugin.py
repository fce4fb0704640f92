"""The MkDocs plugin (``plugins: [effplm]``) that generates the site's pages from the records.

Pages exist only in memory (``File.generated``): nothing generated is written
into ``docs/``. Per-paper, per-author, per-year and per-venue pages stay out of the
navigation, because every page carries the whole navigation and a nav with one
entry per paper makes the build quadratic in the number of papers.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import bibtex, exports
from .catalog import Catalog, load_catalog
from .errors import InvalidCatalog
from .fsutil import write_text_atomic
from .markup import safe_links
from .problems import format_problems
from .project import Project
from .related import related_papers
from .render import about, paths, people, table
from .render import site as pages
from .render.meta import citation_meta
from .render.safe import attr
from .render.search import INDEX_PATH, empty_material_index, search_index
from .render.slots import lift_html, restore_html

ASSETS = ("effplm.css",)
"""Loaded by every page."""
TABLE_SCRIPT = "papers.js"
"""The table's filters and export (render/table.py), loaded by the table page alone."""
WORKER = "search.js"
"""The search worker (render/search.py), started by Material's scripts in place of their own;
it loads the engine on the first query."""
ENGINE = "search-engine.js"
ASSET_DIR = "assets/effplm"
# The theme's navigation, rendered through effplm_shared_nav (see CatalogPlugin.on_env).
_NAV = '{% call effplm_shared_nav(page, nav) %}{% include "theme/partials/nav.html" %}{% endcall %}'
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


class CatalogPluginConfig(base.Config):
    root = c.Optional(c.Type(str))
    """Catalog root (default: the directory of mkdocs.yml)."""
    papers_in_nav = c.Type(bool, default=False)
    """List every paper page in the navigation (only for measuring its cost)."""
    repository = c.Type(str, default=pages.REPOSITORY)
    """Where the records live, for the "edit this record" and "report an error" links."""


class CatalogPlugin(BasePlugin[CatalogPluginConfig]):
    """Generates every catalog page at build time."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.catalog: Catalog | None = None
        self.blocks: dict[str, dict[str, str]] = {}
        """Generated HTML lifted out of each page's Markdown (see render.slots), by source path."""
        self.heads: dict[str, str] = {}
        """Tags for the <head> of each paper page (citation and OpenGraph), by source path."""
        self.dates: dict[str, str] = {}
        """When each paper page's record last changed (``added`` or ``verified``), by source path."""
        self.newest = ""
        self.shared_nav: dict[str, Markup] = {}
        """The navigation of pages that are not in it, rendered once per directory (on_env)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(self.config.root) if self.config.root else Path(config.config_file_path).parent
        self.project = Project(root.resolve())
        try:
            self.catalog = load_catalog(self.project)
        except InvalidCatalog as exc:
            raise PluginError(f"the catalog is invalid:\n{format_problems(exc.problems, 'text')}{exc}") from None
        if not config.nav:
            config.nav = self._nav(Path(config.docs_dir))
        for asset in ASSETS:
            target = f"{ASSET_DIR}/{asset}"
            if asset.endswith(".css") and target not in config.extra_css:
                config.extra_css.append(target)
            elif asset.endswith(".js") and target not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(target)
        return config

    def _nav(self, docs_dir: Path) -> list[Any]:
        assert self.catalog is not None
        nav: list[Any] = [
            {"Home": "index.md"},
            {"All papers": "papers/index.md"},
            # Category pages are linked from this index, the home page and every paper; listing
            # them in the nav would put ~45 entries (25 KB of HTML) into every page of the site.
            {"Categories": "categories/index.md"},
            {
                "Browse": [
                    {"By year": "years/index.md"},
                    {"By venue": "venues/index.md"},
                    {"By author": paths.AUTHOR_INDEX},
                ]
            },
            {"Statistics": "stats.md"},
            {"Recently added": "recent.md"},
            {"Contribute": "contribute.md"},
            {"Data quality": "quality.md"},
        ]
        # Hand-written pages, except those for developers (linked from the Contribute page).
        nav += sorted(p.name for p in docs_dir.glob("*.md") if p.name not in _GENERATED_TOP | DEVELOPER_PAGES)
        if self.config.papers_in_nav:
            nav.append({"Papers": [{p.title: paths.paper_path(p)} for p in self.catalog.papers]})
        return nav

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        hidden = InclusionLevel.INCLUDED if self.config.papers_in_nav else InclusionLevel.NOT_IN_NAV
        self.blocks = {}
        for path, content, inclusion in self._generate(config, hidden):
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"docs/{path} would be generated by the catalog; remove it from docs/")
            if path.endswith(".md"):
                content, self.blocks[path] = lift_html(content)
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        for asset in (*ASSETS, TABLE_SCRIPT, WORKER, ENGINE):
            data = resources.files("effplm_catalog").joinpath("site_assets", asset).read_bytes()
            if asset.endswith(".css"):  # every page downloads it: its comments and indentation stay home
                data = _small_css(data.decode("utf-8")).encode("utf-8")
            files.append(File.generated(config, f"{ASSET_DIR}/{asset}", content=data))
        return files

    def _generate(self, config: MkDocsConfig, hidden: InclusionLevel) -> list[tuple[str, str, InclusionLevel]]:
        catalog = self.catalog
        assert catalog is not None
        shown = InclusionLevel.UNDEFINED
        keys = catalog.bibtex_keys
        # One BibTeX entry per paper, for its page and for papers.bib (the same text, made once).
        entries = {paper.id: bibtex.entry(catalog.vocab, paper, keys[paper.id]) for paper in catalog.papers}
        out: list[tuple[str, str, InclusionLevel]] = [
            ("index.md", pages.home_page(catalog), shown),
            (table.PAGE, table.table_page(catalog), shown),
            ("categories/index.md", pages.categories_index(catalog), shown),
            ("years/index.md", pages.years_index(catalog), shown),
            ("venues/index.md", pages.venues_index(catalog), shown),
            (paths.AUTHOR_INDEX, people.author_index(catalog), shown),
            ("stats.md", about.stats_page(catalog), shown),
            ("recent.md", about.recent_page(catalog), shown),
            ("contribute.md", about.contribute_page(catalog, self.config.repository), shown),
            (
                "quality.md",
                about.quality_page(catalog),
                shown,
            ),
            ("feed.xml", about.atom_feed(catalog, config.site_url or ""), shown),
            ("papers.bib", "\n".join(entries[p.id] for p in catalog.papers), shown),
            ("papers.json", exports.to_json(catalog), shown),
            ("papers.csv", exports.to_csv(catalog), shown),
            (INDEX_PATH, search_index(catalog), shown),
        ]
        out += [
            (paths.category_path(cid), pages.category_page(catalog, cid), InclusionLevel.NOT_IN_NAV)
            for cid in catalog.vocab.categories
        ]
        out += [(paths.year_path(y), pages.year_page(catalog, y), InclusionLevel.NOT_IN_NAV) for y in catalog.by_year]
        out += [
            (paths.venue_path(v), pages.venue_page(catalog, v), InclusionLevel.NOT_IN_NAV) for v in catalog.by_venue
        ]
        out += [
            (paths.author_path(slug), people.author_page(catalog, name), InclusionLevel.NOT_IN_NAV)
            for name, slug in catalog.author_slugs.items()
            if pages.has_author_page(catalog, name)
        ]
        self.heads, self.dates = {}, {}
        related = related_papers(catalog.papers)
        for paper in catalog.papers:
            page = pages.paper_page(catalog, paper, entries[paper.id], related[paper.id], self.config.repository)
            out.append((paths.paper_path(paper), page, hidden))
            self.heads[paths.paper_path(paper)] = citation_meta(catalog, paper)
            self.dates[paths.paper_path(paper)] = max(paper.added, paper.verified or paper.added).isoformat()
        self.newest = max(self.dates.values(), default="")
        return out

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The navigation of a page that is not in it (every paper and author page) is the same for
        # all such pages of one directory (papers/, authors/): nothing in it is marked as the
        # current page, and its links, relative to the page, are the same from every page there.
        # It is rendered once per directory instead of once per page (a tenth of the time of a
        # build with 10,000 papers).
        self.shared_nav = {}
        theme = env.loader
        assert theme is not None
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({"partials/nav.html": _NAV}), jinja2.PrefixLoader({"theme": theme}), theme]
        )
        env.globals["effplm_shared_nav"] = self._shared_nav
        return env

    def _shared_nav(self, page: Page | None, nav: Navigation, caller: Callable[[], str]) -> Markup:
        if page is None or page in nav.pages or any(p.url.startswith(page.url) for p in nav.pages if page.url):
            return Markup(caller())
        directory = posixpath.dirname(page.url.rstrip("/"))
        if directory not in self.shared_nav:
            self.shared_nav[directory] = Markup(caller())
        return self.shared_nav[directory]

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Search runs on the catalog's own index (render/search.py): Material's search plugin need
        # not take every page apart for an index that on_post_build empties.
        page.meta["search"] = {"exclude": True}
        # The sitemap's <lastmod>: when the record last changed as far as it says, else the newest
        # addition, not the day of the build (the same records give the same site).
        page.update_date = self.dates.get(page.file.src_uri, self.newest)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        blocks = self.blocks.get(page.file.src_uri)
        # Links are checked in the engine's output, after the generated blocks are back in.
        return safe_links(restore_html(html, blocks) if blocks else html)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        tags = [self.heads.get(page.file.src_uri, "")]
        # Feed readers find the feed from any page.
        relative = "../" * page.url.count("/")
        base = config.site_url.rstrip("/") + "/" if config.site_url else relative
        feed = base + "feed.xml"
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="New papers" href="{attr(feed)}">')
        head = "\n".join(t for t in tags if t)
        output = output.replace("</head>", f"{head}\n</head>", 1) if head else output
        if page.file.src_uri == table.PAGE:  # after Material's scripts, like extra_javascript
            script = f'<script src="{attr(relative + ASSET_DIR + "/" + TABLE_SCRIPT)}"></script>'
            output = _before_last(output, "</body>", script + "\n")
        return _CONFIG.sub(_our_worker, output, count=1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Material's search plugin (listed before this one) has written its index of whole pages;
        # the pages fetch it on every load, and our worker needs only its configuration.
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            write_text_atomic(path, empty_material_index(path.read_text(encoding="utf-8")))

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.project is not None
        for path in (self.project.papers_dir, self.project.vocab_dir):
            if path.exists():
                server.watch(str(path))
        return server


def _before_last(html: str, tag: str, insert: str) -> str:
    """``html`` with ``insert`` placed before the last ``tag`` (the page's own ``</body>``)."""
    at = html.rfind(tag)
    return html if at < 0 else html[:at] + insert + html[at:]


def _small_css(css: str) -> str:
    """The style sheet without comments and the spaces around punctuation (the same rules)."""
    parts = re.split(r"(\"[^\"]*\"|'[^']*')", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    for i in range(0, len(parts), 2):  # outside quoted strings (whose text is shown)
        parts[i] = re.sub(r"\s*([{};,>])\s*", r"\1", re.sub(r"\s+", " ", parts[i]))
    return "".join(parts).strip() + "\n"


def _our_worker(match: re.Match[str]) -> str:
    """The page's Material configuration with the search worker replaced by ours (same relative base)."""
    try:
        app = json.loads(match.group(2))
    except ValueError:
        return match.group(0)
    worker = app.get("search") if isinstance(app, dict) else None
    if not isinstance(worker, str) or "assets/javascripts/workers/" not in worker:
        return match.group(0)
    app["search"] = worker.split("assets/javascripts/workers/")[0] + f"{ASSET_DIR}/{WORKER}"
    text = json.dumps(app, ensure_ascii=False).replace("</", "<\\/")
    return match.group(1) + text + match.group(3)


DEVELOPER_PAGES = frozenset({"benchmarks.md", "development.md"})
_GENERATED_TOP = frozenset({"index.md", "stats.md", "recent.md", "contribute.md", "quality.md"})
