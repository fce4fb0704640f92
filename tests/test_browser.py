"""The built site in a real headless Chromium: search and the BibTeX copy button
(the table of all papers: test_browser_table.py).

Needs Debian's ``chromium`` (``/usr/bin/chromium``, or ``EFFPLM_CHROMIUM``). The
tests skip without it, unless ``EFFPLM_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from effplm_catalog.catalog import Project
from effplm_catalog.site import build_site

from .conftest import CATALOG, REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser") / "catalog"
    shutil.copytree(CATALOG, root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    site = build_site(Project(root))

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_search_for_distilbert_leads_to_its_page(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.keyboard.press("/")  # Material's search shortcut
    page.keyboard.type("DistilBERT")
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10_000)
    first.click()
    page.wait_for_url("**/papers/sanh-2019-distilbert/**")
    assert page.locator("h1").inner_text().startswith("DistilBERT, a distilled version of BERT")


@pytest.mark.parametrize("query", ["Early-Exiting", "Csordás", "SustaiNLP"])
def test_search_finds_hyphenated_names_authors_and_venues(page: Any, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.locator(".md-search-result__meta").inner_text() != "No matching documents"


def test_paper_page_has_bibtex_with_a_copy_button(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/sanh-2019-distilbert/")
    block = page.locator("#bibtex + .highlight, #bibtex ~ div.highlight").first
    assert "@inproceedings{sanh-etal-2019-distilbert," in block.inner_text()
    block.scroll_into_view_if_needed()
    assert block.locator("button[data-clipboard-target]").count() == 1
