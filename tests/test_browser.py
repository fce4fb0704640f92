"""The built site in a real headless Chromium: search and the BibTeX copy button
(the table of all papers: test_browser_table.py).

Needs Debian's ``chromium`` (``/usr/bin/chromium``, or ``EFFPLM_CHROMIUM``). The
tests skip without it, unless ``EFFPLM_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
where a missing browser is a failure.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


def test_a_reference_manager_reads_the_paper_from_its_page(page: Any, site_url: str) -> None:
    # What Zotero's embedded-metadata translator reads: every citation_* <meta>, in document order,
    # plus the page's description and OpenGraph title.
    page.goto(site_url + "papers/sanh-2019-distilbert/")
    tags = page.eval_on_selector_all(
        'meta[name^="citation_"]', "els => els.map(e => [e.getAttribute('name'), e.getAttribute('content')])"
    )
    assert tags == [
        ["citation_title", "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"],
        ["citation_author", "Victor Sanh"],
        ["citation_author", "Lysandre Debut"],
        ["citation_author", "Julien Chaumond"],
        ["citation_author", "Thomas Wolf"],
        ["citation_publication_date", "2019"],
        ["citation_conference_title", "Conference on Neural Information Processing Systems"],
        ["citation_arxiv_id", "1910.01108"],
        ["citation_pdf_url", "https://arxiv.org/pdf/1910.01108"],
    ]
    description = page.get_attribute('meta[name="description"]', "content")
    assert description == "Victor Sanh, Lysandre Debut, Julien Chaumond, and Thomas Wolf. NeurIPS 2019 (Workshop)."
    og = page.get_attribute('meta[property="og:title"]', "content")
    assert og == "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"


def test_an_author_of_one_paper_leads_to_their_index_entry_and_back(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/schutze-2021-tricky/")
    page.click("text=Róbert Csordás")
    page.wait_for_url("**/authors/#author-robert-csordas")
    entry = page.locator("#author-robert-csordas")
    assert entry.inner_text().startswith("Róbert Csordás: ")
    assert page.locator(".effplm-letters a").count() > 0
    entry.locator("a").click()
    page.wait_for_url("**/papers/schutze-2021-tricky/")


@pytest.mark.parametrize(("width", "chart"), [(390, "narrow"), (1280, "wide")])
def test_statistics_charts_fit_the_screen_with_readable_text(
    browser: Any, site_url: str, width: int, chart: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(site_url + "stats/")
    shown = page.eval_on_selector_all(
        "svg.effplm-chart",
        """charts => charts.filter(c => c.getBoundingClientRect().width > 0).map(c => {
            const box = c.getBoundingClientRect();
            return {cls: c.getAttribute('class'), left: box.left, right: box.right,
                    scale: box.width / c.viewBox.baseVal.width, size: +c.getAttribute('font-size')};
        })""",
    )
    assert [c["cls"] for c in shown] == [f"effplm-chart effplm-chart--{chart}"]
    assert all(c["left"] >= 0 and c["right"] <= width for c in shown)
    assert all(c["size"] * c["scale"] >= 12 for c in shown), shown
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scrolling
    assert page.locator(".effplm-data table").count() == 1
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "papers/",
        "papers/sanh-2019-distilbert/",
        "categories/",
        "categories/pruning/",
        "years/",
        "years/2019/",
        "venues/",
        "venues/neurips/",
        "authors/",
        "stats/",
        "recent/",
        "contribute/",
        "quality/",
    ],
)
def test_every_kind_of_page_loads_without_a_console_error(page: Any, site_url: str, path: str) -> None:
    response = page.goto(site_url + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert page.locator("h1").count() >= 1  # the fixture fails the test on any console error
