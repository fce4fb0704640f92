"""The "All papers" table (render/table.py, papers.js) in a real headless Chromium: layout on a
phone and a desktop, multi-valued facets kept in the URL, the text filter, and the exports.

Needs Debian's ``chromium``, like test_browser.py (the tests skip without it).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TINYBERT = "TinyBERT: Distilling BERT for Natural Language Understanding"
DISTILBERT = "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"
SIXTEEN = "Are Sixteen Heads Really Better than One?"
EARLY = "Early Exiting BERT for Efficient Document Ranking"
ROWS = "#effplm-papers tbody tr"


def visible_titles(page: Any) -> list[str]:
    titles: list[str] = page.eval_on_selector_all(
        f"{ROWS}:not([hidden]) td:first-child a", "els => els.map(e => e.textContent)"
    )
    return titles


def visible(page: Any, attribute: str) -> list[str]:
    values: list[str] = page.eval_on_selector_all(
        f"{ROWS}:not([hidden])", f"els => els.map(e => e.getAttribute('{attribute}'))"
    )
    return values


def check(page: Any, facet: str, value: str) -> None:
    """Open a facet's list and tick one value."""
    details = page.locator(f"details[data-facet={facet}]")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    details.locator(f"input[value='{value}']").check()


def no_horizontal_overflow(page: Any) -> bool:
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    return fits


def test_on_a_phone_each_paper_is_a_card_and_nothing_overflows(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "papers/")
    assert no_horizontal_overflow(page)
    assert page.locator("#effplm-papers thead").is_hidden()
    tinybert = page.locator(f"{ROWS}[data-id=jiao-2020-tinybert]")
    assert tinybert.evaluate("e => getComputedStyle(e).display") == "block"
    card = tinybert.inner_text()
    assert "Qun Liu" in card and "et al" not in card  # every author on the card
    assert "EMNLP 2020 (Findings)" in card
    label = tinybert.locator(".effplm-venue").evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Venue: "'
    width = page.evaluate("document.documentElement.clientWidth")
    box = tinybert.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.locator("details[data-facet=category] summary").click()  # an open facet list stays in the page
    assert no_horizontal_overflow(page)


def test_on_a_desktop_the_table_takes_the_content_width(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(site_url + "papers/")
    assert page.locator(".md-sidebar--secondary").is_hidden()  # no table of contents
    content = page.locator(".md-content__inner").bounding_box()["width"]
    table = page.locator("#effplm-papers").bounding_box()["width"]
    assert table >= 0.95 * content and content > 1000
    assert no_horizontal_overflow(page)
    assert page.locator("#effplm-papers th").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    # The abbreviated author list: three names and "et al".
    assert page.locator(f"{ROWS}[data-id=jiao-2020-tinybert] td").nth(1).inner_text() == (
        "Xiaoqi Jiao, Yichun Yin, Lifeng Shang, et al"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fields_have_visible_borders_in_both_palettes(page: Any, site_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "papers/")
    for selector in ("input[name=q]", "input[name=from]", "select[name=sort]", "details[data-facet=venue] summary"):
        style = page.locator(selector).evaluate(
            "e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor,"
            " getComputedStyle(document.body).backgroundColor]; }"
        )
        assert style[0] == "solid" and style[1] != "0px" and style[2] != style[3], (selector, style)


def test_several_values_per_facet_and_the_url_keeps_them(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/")
    check(page, "category", "knowledge-distillation")
    check(page, "category", "quantization")
    assert sorted(visible(page, "data-id")) == ["jiao-2020-tinybert", "sanh-2019-distilbert", "schutze-2021-tricky"]
    check(page, "venue", "neurips")  # facets combine: in either category and at NeurIPS
    assert visible_titles(page) == [DISTILBERT]
    assert page.locator("#effplm-count").inner_text() == "1 of 5 papers"
    # Counts: what ticking a value would give with the other facets as they are.
    pruning = page.locator("details[data-facet=category] input[value=pruning] + .effplm-n")
    assert pruning.text_content() == "1"  # Sixteen Heads, the other NeurIPS paper
    assert page.locator("details[data-facet=category] summary").text_content() == "Category (2)"
    shared = page.url
    assert "category=knowledge-distillation&category=quantization&venue=neurips" in shared
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_function("document.getElementById('effplm-count').textContent === '1 of 5 papers'")
    assert visible_titles(page) == [DISTILBERT]
    assert page.locator("details[data-facet=category] input[value=quantization]").is_checked()
    page.goto(site_url + "papers/?category=pruning,quantization&track=main,workshop")  # a comma list works too
    page.wait_for_function("document.getElementById('effplm-count').textContent === '2 of 5 papers'")
    assert sorted(visible_titles(page)) == [SIXTEEN, EARLY]
    page.click("#effplm-filters button[type=reset]")
    page.wait_for_function("document.getElementById('effplm-count').textContent === '5 of 5 papers'")
    assert len(visible_titles(page)) == 5
    page.wait_for_url("**/papers/")


def test_year_range_code_and_link_filters(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/")
    page.fill("input[name=from]", "2020")
    page.fill("input[name=to]", "2020")
    assert sorted(visible_titles(page)) == [EARLY, TINYBERT]
    page.check("input[name=code]")
    assert visible_titles(page) == [EARLY]
    assert "from=2020" in page.url and "to=2020" in page.url and "code=1" in page.url
    page.goto(site_url + "papers/?link=1")
    assert len(visible_titles(page)) == 5  # every test paper has an identifier or a URL
    page.goto(site_url + "papers/?kind=preprint")
    assert visible(page, "data-id") == ["schutze-2021-tricky"]
    page.goto(site_url + "papers/?tag=sensitivity-based")
    assert visible_titles(page) == [SIXTEEN]


def test_unknown_url_values_are_ignored(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/?sort=bogus&category=nope&from=abc&venue=&track=x,main")
    assert page.locator("#effplm-count").inner_text().endswith("of 5 papers")
    page.goto(site_url + "papers/?sort=bogus&category=nope&from=abc")
    assert len(visible_titles(page)) == 5  # and the page fixture saw no console error
    assert page.locator("select[name=sort]").input_value() == ""
    assert "bogus" not in page.url and "nope" not in page.url


def test_text_filter_sees_every_author_title_venue_and_tag(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/")
    page.fill("input[name=q]", "qun liu")  # TinyBERT's eighth author, not shown in the table
    assert visible_titles(page) == [TINYBERT]
    page.fill("input[name=q]", "Thomas Wolf")  # DistilBERT's fourth
    assert visible_titles(page) == [DISTILBERT]
    page.fill("input[name=q]", "csordas")  # accents ignored
    assert visible(page, "data-id") == ["schutze-2021-tricky"]
    page.fill("input[name=q]", "simple and efficient")  # the venue's full name
    assert visible_titles(page) == [EARLY]
    page.fill("input[name=q]", "sensitivity")  # a tag
    assert visible_titles(page) == [SIXTEEN]
    assert "q=sensitivity" in page.url


def test_sorting_by_heading_and_by_menu(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/")
    page.click("th[data-sort=title]")
    titles = visible_titles(page)
    assert titles == sorted(titles, key=str.lower) and len(titles) == 5
    page.click("th[data-sort=title]")  # a second click sorts the other way
    assert visible_titles(page) == sorted(titles, key=str.lower, reverse=True)
    assert "sort=-title" in page.url
    assert page.locator("th[data-sort=title]").get_attribute("aria-sort") == "descending"
    page.select_option("select[name=sort]", "year")
    years = visible(page, "data-year")
    assert years == sorted(years)


def test_venue_options_are_sorted_by_label(page: Any, site_url: str) -> None:
    page.goto(site_url + "papers/")
    labels: list[str] = page.eval_on_selector_all(
        "details[data-facet=venue] label", "els => els.map(e => e.firstChild.nextSibling.textContent.trim())"
    )
    assert labels == sorted(labels, key=str.casefold) == ["arXiv", "EMNLP", "NeurIPS", "SustaiNLP"]


def test_csv_export_holds_exactly_the_visible_rows(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "papers/?category=knowledge-distillation&category=quantization")
    with page.expect_download() as info:
        page.click("button[data-export=csv]")
    download = info.value
    assert download.suggested_filename == "effplm-papers.csv"
    path = tmp_path / "view.csv"
    download.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == visible(page, "data-id")
    assert len(rows) == 3
    tinybert = next(r for r in rows if r["id"] == "jiao-2020-tinybert")
    assert tinybert["authors"].endswith("; Fang Wang; Qun Liu")  # all eight
    assert tinybert["title"] == TINYBERT and tinybert["track"] == "findings"
    assert tinybert["url"] == "https://arxiv.org/abs/1909.10351"
    assert tinybert["page"].endswith("/papers/jiao-2020-tinybert/")


def test_bibtex_export_holds_exactly_the_visible_rows_keys(page: Any, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "papers/?code=1")
    with page.expect_download() as info:
        page.click("button[data-export=bibtex]")
    path = tmp_path / "view.bib"
    info.value.save_as(path)
    assert info.value.suggested_filename == "effplm-papers.bib"
    keys = re.findall(r"^@\w+\{([^,]+),", path.read_text(encoding="utf-8"), re.M)
    assert keys == visible(page, "data-key") and len(keys) == 2
    assert "sanh-etal-2019-distilbert" in keys


def test_table_without_javascript_lists_every_paper(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "papers/")
    assert page.locator(ROWS).count() == 5
    assert not page.locator("#effplm-filters").is_visible()
    context.close()
