"""The site as published (``site_url`` set): sitemap, canonical links, absolute feed links, and
a 404 page that works at any depth; served as GitHub Pages serves it (404.html for a missing
path). Also the property of #17: whatever text a record holds, the sitemap and the feed stay
well-formed XML and every paper page gives its title back."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.ids import make_paper_id
from effplm_catalog.recordfile import dump_paper
from effplm_catalog.site import build_site

from .conftest import CATALOG, QuietHandler, serving, site_catalog, unbalanced_tags
from .test_properties import accepted_paper, any_text

pytestmark = pytest.mark.slow
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class _Pages(QuietHandler):
    """Serves like GitHub Pages: a missing path gets the site's 404.html with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(address, site directory) of the test catalog built for and served at its address."""
    base = tmp_path_factory.mktemp("published")
    site = base / "site"
    site.mkdir()
    with serving(site, _Pages) as url:  # the address first: the site is built for it
        build_site(Project(site_catalog(base / "catalog")), site, site_url=url)
        yield url, site


def test_the_sitemap_lists_every_page_at_its_address_with_the_records_dates(published: tuple[str, Path]) -> None:
    url, site = published
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap}
    pages = {url + str(p.parent.relative_to(site)).replace(".", "").strip("/") for p in site.rglob("index.html")}
    assert {loc.rstrip("/") for loc in entries if loc} == {p.rstrip("/") for p in pages}
    catalog = load_catalog(Project(CATALOG))
    for paper in catalog.papers:
        assert entries[f"{url}papers/{paper.id}/"] == max(paper.added, paper.verified or paper.added).isoformat()


def test_paper_pages_name_their_canonical_address_and_every_page_the_feed(published: tuple[str, Path]) -> None:
    url, site = published
    paper = (site / "papers/sanh-2019-distilbert/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{url}papers/sanh-2019-distilbert/">' in paper
    for page in (paper, (site / "index.html").read_text(encoding="utf-8")):
        assert f'<link rel="alternate" type="application/atom+xml" title="New papers" href="{url}feed.xml">' in page


def test_the_feed_links_to_itself_and_to_pages_by_absolute_address(published: tuple[str, Path]) -> None:
    url, site = published
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{url}feed.xml"  # type: ignore[union-attr]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
    assert links and all(str(link).startswith(f"{url}papers/") for link in links)


@pytest.mark.browser
def test_a_missing_page_gets_the_styled_404_page_at_any_depth(browser: Any, published: tuple[str, Path]) -> None:
    url, _site = published
    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    errors: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(url + "no/such/page/", wait_until="networkidle")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "404 - Not found"
    assert failed == [url + "no/such/page/"] and errors == []  # its styles and scripts all load and run
    assert page.eval_on_selector("header", "el => getComputedStyle(el).position") == "sticky"  # Material's CSS
    context.close()


def test_without_an_address_the_sitemap_lists_nothing_and_links_stay_relative(tmp_path: Path) -> None:
    site = build_site(Project(site_catalog(tmp_path / "catalog")), tmp_path / "site")
    # A sitemap needs absolute addresses; without one it is empty (Material still reads it).
    assert len(ElementTree.parse(site / "sitemap.xml").getroot()) == 0
    paper = (site / "papers/sanh-2019-distilbert/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in paper and 'href="../../feed.xml"' in paper


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(any_text, st.lists(any_text, min_size=1, max_size=3)), min_size=1, max_size=3))
def test_any_record_text_leaves_the_sitemap_feed_and_pages_well_formed(
    tmp_path_factory: pytest.TempPathFactory, records: list[tuple[str, list[str]]]
) -> None:
    base = tmp_path_factory.mktemp("any-text")
    root = site_catalog(base / "catalog")
    taken = {p.stem for p in (root / "papers").glob("*.yaml")}
    titles = {}
    for i, (title, authors) in enumerate(records):
        drawn = accepted_paper(title, authors)
        if drawn.title_key in {accepted_paper(t, a).title_key for t, a in records[:i]}:
            continue  # one paper twice is a duplicate, which validate refuses
        pid = make_paper_id(drawn.authors, drawn.year, drawn.title, taken)
        taken.add(pid)
        links = drawn.links.model_copy(update={"arxiv": f"2001.{i + 1:05d}"})
        paper = drawn.model_copy(update={"id": pid, "links": links})
        (root / "papers" / f"{pid}.yaml").write_text(dump_paper(paper), encoding="utf-8")
        titles[pid] = paper.title
    site = build_site(Project(root), base / "site", site_url="https://example.org/catalog/")
    sitemap = ElementTree.parse(site / "sitemap.xml").getroot()
    locs = {u.findtext(f"{SITEMAP}loc") for u in sitemap}
    feed = ElementTree.parse(site / "feed.xml").getroot()
    assert {e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")} >= set(titles.values())
    for pid, title in titles.items():
        assert f"https://example.org/catalog/papers/{pid}/" in locs
        page = (site / "papers" / pid / "index.html").read_text(encoding="utf-8")
        shown = re.search(r"<title>(.*?)</title>", page, re.S)
        assert shown is not None and html.unescape(shown.group(1)).startswith(title), (title, shown)
        assert unbalanced_tags(page) == [], pid
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert heading is not None
        text = re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1), flags=re.S)
        assert html.unescape(re.sub(r"<[^>]+>", "", text)).strip() == title
