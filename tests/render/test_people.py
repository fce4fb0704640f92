"""The people pages: a page per author, unique slugs, co-authors, the index by family name."""

from __future__ import annotations

import re

from effplm_catalog.catalog import Catalog
from effplm_catalog.ids import unique_slugs
from effplm_catalog.models import Paper
from effplm_catalog.render.paths import author_path
from effplm_catalog.render.people import OTHER, author_index, author_page, coauthors, index_letter
from effplm_catalog.render.site import paper_page


def _catalog(catalog: Catalog, papers: list[tuple[str, int, list[str]]]) -> Catalog:
    """A catalog of copies of the test catalog's first paper, with these ids, years and authors."""
    base = catalog.papers[0]
    return Catalog(
        [base.model_copy(update={"id": pid, "year": year, "authors": authors}) for pid, year, authors in papers],
        catalog.vocab,
    )


def _papers_of(page: str) -> list[str]:
    return re.findall(r'<li><a href="\.\./\.\./papers/([^/]+)/">', page)


def test_slugs_are_unique_and_do_not_depend_on_the_order_of_names() -> None:
    names = ["Hao Mark Chen", "Hao (Mark) Chen", "Jörg Müller", "Jorg Muller", "李明", "Index"]
    slugs = unique_slugs(names, reserved={"index"})
    assert len(set(slugs.values())) == len(names)
    assert slugs == unique_slugs(reversed(names), reserved={"index"})
    # Code-point order: "(" sorts before "M", so the spelling with parentheses keeps the plain slug.
    assert slugs["Hao (Mark) Chen"] == "hao-mark-chen" and slugs["Hao Mark Chen"] == "hao-mark-chen-2"
    assert slugs["Jorg Muller"] == "jorg-muller" and slugs["Jörg Müller"] == "jorg-muller-2"
    assert slugs["李明"] == "x"  # nothing of it folds to ASCII
    assert slugs["Index"] == "index-2"  # authors/index.md is the index


def test_a_suffix_never_takes_another_names_own_slug() -> None:
    slugs = unique_slugs(["ANN LEE", "Ann Lee", "Ann Lee 2"])  # in code-point order
    assert slugs == {"ANN LEE": "ann-lee", "Ann Lee": "ann-lee-3", "Ann Lee 2": "ann-lee-2"}


def test_an_author_page_lists_their_papers_newest_first_and_their_co_authors(catalog: Catalog) -> None:
    people = _catalog(
        catalog,
        [
            ("ada-2019-one", 2019, ["Ada Lovelace", "Charles Babbage"]),
            ("ada-2023-two", 2023, ["Ada Lovelace", "Mary Somerville", "Charles Babbage"]),
            ("ada-2021-three", 2021, ["Ada Lovelace", "Ada Lovelace", "Augustus De Morgan"]),
            ("babbage-2020-four", 2020, ["Charles Babbage"]),
        ],
    )
    page = author_page(people, "Ada Lovelace")
    assert _papers_of(page) == ["ada-2023-two", "ada-2021-three", "ada-2019-one"]
    assert "3 papers · published 2019–2023 · 3 co-authors" in page
    assert coauthors(people, "Ada Lovelace") == [
        ("Charles Babbage", 2),
        ("Augustus De Morgan", 1),
        ("Mary Somerville", 1),
    ]
    co = page[page.index('class="effplm-coauthors"') :]
    # An author of several papers has a page; one of a single paper, an entry in the index.
    assert re.findall(r'href="([^"]+)">([^<]+)</a> \((\d)\)', co) == [
        ("../../authors/charles-babbage/", "Charles Babbage", "2"),
        ("../../authors/#author-augustus-de-morgan", "Augustus De Morgan", "1"),
        ("../../authors/#author-mary-somerville", "Mary Somerville", "1"),
    ]
    assert 'description: "Ada Lovelace: 3 papers (2019–2023) in the catalog' in page
    assert "[all authors](index.md#l)" in page
    assert "exclude: true" in page  # kept out of the search index, as the other list pages
    alone = author_page(_catalog(catalog, [("solo-2020-x", 2020, ["Solo Writer"])]), "Solo Writer")
    assert "*No co-authors in the catalog.*" in alone and "0 co-authors" in alone


def test_paper_pages_link_each_author_to_their_page_or_index_entry(catalog: Catalog) -> None:
    paper: Paper = catalog.by_id["schutze-2021-tricky"]
    page = paper_page(catalog, paper, "@misc{x}")
    # Each has one paper in the test catalog: their entry in the index lists it.
    assert '<a href="../../authors/#author-hinrich-schutze">Hinrich Schütze</a>' in page
    assert '<a href="../../authors/#author-jane-back-doe">Jane `Back` Doe</a>' in page
    second = paper.model_copy(update={"id": "schutze-2022-second", "title": "A Second Paper", "year": 2022})
    prolific = Catalog([*catalog.papers, second], catalog.vocab)
    assert '<a href="../../authors/hinrich-schutze/">Hinrich Schütze</a>' in paper_page(prolific, paper, "@misc{x}")
    assert author_path(catalog.author_slugs["Róbert Csordás"]) == "authors/robert-csordas.md"


def test_the_index_is_by_family_name_under_a_bar_of_letters(catalog: Catalog) -> None:
    people = _catalog(
        catalog,
        [
            ("a-2020-x", 2020, ["Émile Zola", "Ada Lovelace", "Ludwig van Beethoven", "Hao (Mark)Chen"]),
            ("a-2021-y", 2021, ["zoe lovelace", "李明", "Charles Babbage"]),
        ],
    )
    page = author_index(people)
    bar = page[page.index("effplm-letters") : page.index("</nav>")]
    assert '<a href="#b">B</a>' in bar and '<a href="#z">Z</a>' in bar
    assert "<span>A</span>" in bar and "<span>Q</span>" in bar  # no family name starts with them
    assert '<a href="#other">Other</a>' in bar and index_letter("李明") == OTHER
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings == ["B", "L", "M", "V", "Z", "Other"]
    names = re.findall(r'<li id="author-[^"]+">(?:<a href="[^"]+">)?([^<:]+)', page)
    assert names == [
        "Charles Babbage",
        "Ada Lovelace",
        "zoe lovelace",  # family names compared case-folded, then the whole name
        "Hao (Mark)Chen",  # under M, as written: leading punctuation is not a letter
        "Ludwig van Beethoven",  # the particle stays with the family name
        "Émile Zola",  # accents folded
        "李明",
    ]
    # One paper each: the index links the paper itself.
    assert '<li id="author-charles-babbage">Charles Babbage: <a href="../papers/a-2021-y/">' in page
