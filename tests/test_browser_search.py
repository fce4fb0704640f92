"""Search on the website built from the repository's own catalog, in a real headless Chromium.

The cases are in tests/data/search-queries.yaml (query → what must come first), so curators
extend them without touching code. Also: the index is downloaded only when a visitor starts
searching, and a paper page and the home page stay under the page-weight budget.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.site import build_site

from .conftest import DATA, REPO, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES: list[dict[str, Any]] = yaml.safe_load((DATA / "search-queries.yaml").read_text(encoding="utf-8"))
PAGE_BUDGET = 300_000
"""Bytes a visitor downloads for a first view of one page, with the theme's assets (#16)."""


@pytest.fixture(scope="module")
def repository() -> Catalog:
    return load_catalog(Project(REPO))


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own website (its catalog, not the test one), built and served."""
    site = build_site(Project(REPO), tmp_path_factory.mktemp("repository-site") / "site")
    with serving(site) as url:
        yield url


def search(page: Any, site_url: str, query: str) -> list[str]:
    """The result links, in order, as Material shows them after typing ``query``."""
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q &&"
        " document.querySelector('.md-search-result__meta').textContent.includes('matching')",
        arg=query,
    )
    # The answer to the last keystroke replaces earlier ones: read until two reads agree.
    read = ".md-search-result__item > a", "els => els.map(e => new URL(e.href).pathname)"
    hrefs: list[str] = page.eval_on_selector_all(*read)
    for _ in range(20):
        page.wait_for_timeout(150)
        again: list[str] = page.eval_on_selector_all(*read)
        if again == hrefs:
            break
        hrefs = again
    return hrefs


def paper_ids(paths: list[str]) -> list[str]:
    return [p.strip("/").split("/")[-1] for p in paths if p.strip("/").startswith("papers/")]


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_search_finds_what_the_query_file_expects(
    page: Any, site_url: str, repository: Catalog, case: dict[str, Any]
) -> None:
    within = case.get("within", 5)
    results = search(page, site_url, case["query"])
    ids = paper_ids(results)
    top = ids[:within]
    if "first" in case:
        assert sorted(ids[: len(case["first"])]) == sorted(case["first"]), ids[:10]
    if "top" in case:
        assert set(case["top"]) <= set(top), top
    papers = {p.id: p for p in repository.papers}
    if "author" in case:
        assert len(top) == within and all(case["author"] in papers[i].authors for i in top), top
    if "venue" in case:
        assert len(top) == within and all(papers[i].venue.id == case["venue"] for i in top), top
    if "category" in case:
        assert len(top) == within and all(case["category"] in papers[i].all_categories for i in top), top


def test_results_are_clean_text_with_the_matches_marked(page: Any, site_url: str) -> None:
    search(page, site_url, "Victor Sanh distil")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().startswith("DistilBERT, a distilled version of BERT")
    teaser = first.locator("article").inner_text()
    assert "Victor Sanh, Lysandre Debut, Julien Chaumond, Thomas Wolf · NeurIPS 2019" in teaser
    assert first.locator("mark").all_inner_texts()[:2] == ["DistilBERT", "distilled"]


@pytest.mark.parametrize("query", ["bert-", "-", '"quant', "8-", "(", "lo*ra", "~", "title:bert", "+int8"])
def test_partial_and_odd_queries_never_fail(page: Any, site_url: str, query: str) -> None:
    page.goto(site_url)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_timeout(400)
    assert page.locator(".md-search-result__meta").inner_text()  # an answer, and no error (the fixture checks)


def _downloads(page: Any, url: str) -> dict[str, int]:
    sizes: dict[str, int] = {}

    def done(request: Any) -> None:
        response = request.response()
        if response is not None:
            sizes[request.url] = len(response.body())

    page.on("requestfinished", done)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    return sizes


@pytest.mark.parametrize("path", ["", "papers/sanh-2019-distilbert/"])
def test_a_first_view_stays_under_the_page_budget_and_fetches_no_index(page: Any, site_url: str, path: str) -> None:
    sizes = _downloads(page, site_url + path)
    assert not any("effplm-index" in url or "search-engine" in url for url in sizes), sorted(sizes)
    assert sum(sizes.values()) < PAGE_BUDGET, {u.removeprefix(site_url): n for u, n in sizes.items()}


def test_the_index_is_fetched_once_the_visitor_searches(page: Any, site_url: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    search(page, site_url, "pruning")
    assert sum("search/effplm-index.json" in url for url in fetched) == 1


def test_the_index_holds_papers_and_categories_only(site_url: str, repository: Catalog) -> None:
    with urllib.request.urlopen(site_url + "search/effplm-index.json") as response:  # the local test server
        index = json.load(response)
    assert len(index["papers"]) == len(repository)
    assert len(index["categories"]) == len(repository.vocab.categories)
    with urllib.request.urlopen(site_url + "search/search_index.json") as response:
        assert json.load(response)["docs"] == []  # Material's page index, fetched by every page, is empty
