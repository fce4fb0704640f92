"""Related papers by topic (related.py), and the home page's honest "what is new"."""

from __future__ import annotations

import datetime as dt

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.models import Paper
from effplm_catalog.related import SHOWN, related_papers
from effplm_catalog.render.site import NEWEST, home_page

from .conftest import REPO


def _variant(paper: Paper, pid: str, title: str, category: str | None = None) -> Paper:
    return paper.model_copy(update={"id": pid, "title": title, "category": category or paper.category})


def test_papers_on_one_topic_are_related_and_a_paper_on_nothing_shared_has_none(catalog: Catalog) -> None:
    base = catalog.by_id["sanh-2019-distilbert"]
    loner = _variant(base, "zz-2020-loner", "Xylophone Acoustics Under Water", category="hardware")
    loner = loner.model_copy(update={"categories": [], "tags": [], "notes": None, "abstract": None})
    related = related_papers([*catalog.papers, loner])
    assert [p.id for p in related["sanh-2019-distilbert"]] == ["jiao-2020-tinybert"]
    assert [p.id for p in related["jiao-2020-tinybert"]] == ["sanh-2019-distilbert"]
    assert related["zz-2020-loner"] == []


def test_the_most_similar_comes_first_never_the_paper_itself_and_at_most_a_few(catalog: Catalog) -> None:
    base = catalog.by_id["sanh-2019-distilbert"]
    near = _variant(base, "a-2020-near", "DistilBERT, a distilled version of BERT, revisited")
    far = [_variant(base, f"b-2020-far{i}", f"Distilled BERT students number {i}") for i in range(SHOWN + 3)]
    related = related_papers([*catalog.papers, near, *far])
    for pid, papers in related.items():
        assert pid not in {p.id for p in papers} and len(papers) <= SHOWN
    assert related["sanh-2019-distilbert"][0].id == "a-2020-near"


def test_the_same_records_in_any_order_give_the_same_answer() -> None:
    papers = load_catalog(Project(REPO)).papers
    forward = related_papers(papers)
    backward = related_papers(list(reversed(papers)))
    assert {k: [p.id for p in v] for k, v in forward.items()} == {k: [p.id for p in v] for k, v in backward.items()}
    # A known neighbourhood in the bundled catalog: the FlashAttention papers find each other.
    assert {"dao-2023-flashattention-2", "shah-2024-flashattention-3"} <= {
        p.id for p in forward["dao-2022-flashattention"]
    }


def test_home_page_lists_newest_additions_when_they_were_curated_one_by_one(catalog: Catalog) -> None:
    page = home_page(catalog)
    assert "## Newest additions" in page and "## Latest papers" not in page


def test_home_page_lists_latest_publications_when_an_import_added_most_records_on_one_day(
    catalog: Catalog,
) -> None:
    day = dt.date(2026, 11, 20)
    papers = [p.model_copy(update={"added": day}) for p in catalog.papers]
    bulk = Catalog(papers, catalog.vocab, catalog.warnings)
    assert bulk.additions_are_bulk(NEWEST)
    page = home_page(bulk)
    assert "## Latest papers" in page and "5 papers on 2026-11-20" in page
    # Newest publication first; within a year, the later arXiv ID first.
    assert [p.id for p in bulk.latest(3)] == ["schutze-2021-tricky", "jiao-2020-tinybert", "xin-2020-early"]
    order = [page.index(f"papers/{pid}/") for pid in ("schutze-2021-tricky", "sanh-2019-distilbert")]
    assert order == sorted(order)


def test_latest_orders_by_arxiv_month_within_a_year(catalog: Catalog) -> None:
    ids = [p.id for p in catalog.latest(NEWEST) if p.year == 2019]
    assert ids == ["sanh-2019-distilbert", "michel-2019-sixteen"]  # 1910.01108 after 1905.10650
