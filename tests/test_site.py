"""A real `mkdocs build --strict` of the test catalog, and checks on the pages it writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest

from effplm_catalog.catalog import Catalog, Project
from effplm_catalog.errors import EffplmError
from effplm_catalog.site import build_site

from .conftest import Invoke, site_catalog, unbalanced_tags, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_catalog(tmp_path_factory.mktemp("site") / "catalog")
    return build_site(Project(root))


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_paper_has_a_page_reachable_from_its_category_and_the_table(built: Path) -> None:
    table = page(built, "papers/index.html")
    for paper_id, category in [
        ("sanh-2019-distilbert", "knowledge-distillation"),
        ("michel-2019-sixteen", "pruning"),
        ("michel-2019-sixteen", "efficient-attention"),
        ("xin-2020-early", "pruning"),
        ("schutze-2021-tricky", "quantization"),
        ("jiao-2020-tinybert", "knowledge-distillation"),
    ]:
        assert (built / "papers" / paper_id / "index.html").is_file()
        assert f'href="../../papers/{paper_id}/"' in page(built, f"categories/{category}/index.html")
        assert f'href="../papers/{paper_id}/"' in table  # the table is papers/index.html


def test_the_table_script_is_on_the_table_page_alone(built: Path) -> None:
    assert page(built, "papers/index.html").count('<script src="../assets/effplm/papers.js"></script>') == 1
    assert (built / "assets" / "effplm" / "papers.js").is_file()
    for other in ("index.html", "categories/pruning/index.html", "papers/sanh-2019-distilbert/index.html"):
        assert "effplm/papers.js" not in page(built, other)


def test_navigation_stays_small(built: Path) -> None:
    html = page(built, "papers/sanh-2019-distilbert/index.html")
    nav = html[html.index("md-nav--primary") : html.index("md-nav--secondary")]
    assert 'href="../../categories/"' in nav
    assert "categories/pruning/" not in nav  # category and paper pages are linked, not in the nav
    assert "papers/michel-2019-sixteen/" not in nav
    assert len(html.encode()) < 25_000


def _nav_targets(site: Path, html_file: Path) -> list[tuple[str, str]]:
    """The primary navigation of a page: (text, the address each link leads to), without the
    links to the page's own sections (the nav shows them under the current page)."""
    html = html_file.read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    base = "https://site.test/" + html_file.relative_to(site).as_posix()
    links = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*(?:<[^>]*>\s*)*([^<]*?)\s*<', nav)
    return [(text, urljoin(base, href)) for href, text in links if not href.startswith("#")]


def test_every_page_has_the_same_navigation_leading_to_the_same_pages(built: Path) -> None:
    # Pages outside the navigation share one rendering of it per directory: from every page each
    # entry still leads where it does from the home page.
    home = _nav_targets(built, built / "index.html")
    assert [text for text, _url in home][:3] == ["Home", "All papers", "Categories"]
    for html_file in sorted(built.rglob("index.html")):
        if html_file.parent.name == "404":
            continue
        targets = _nav_targets(built, html_file)
        assert targets == home, html_file.relative_to(built)


def test_paper_page_content(built: Path) -> None:
    html = page(built, "papers/sanh-2019-distilbert/index.html")
    assert "DistilBERT, a distilled version of BERT" in html
    assert "NeurIPS 2019 (Workshop)" in html
    plain = re.sub(r"<[^>]+>", "", html)  # code is split into highlighted spans
    assert "@inproceedings{sanh-etal-2019-distilbert," in plain
    bibtex_section = html.split('id="bibtex"')[1].split("</h2>", 1)[1]
    assert bibtex_section.lstrip().startswith('<div class="highlight"><pre>')  # Material adds the copy button
    assert "https://arxiv.org/abs/1910.01108" in html


def test_record_text_is_escaped_on_pages(built: Path) -> None:
    tricky = page(built, "papers/schutze-2021-tricky/index.html")
    assert "<script>x</script>" not in tricky
    assert "&lt;script&gt;x&lt;/script&gt;" in tricky
    assert 'href="javascript:' not in tricky
    notes = page(built, "papers/michel-2019-sixteen/index.html")
    assert "<strong>sensitivity</strong>" in notes  # Markdown in notes works
    assert "&lt;b&gt;the paper&lt;/b&gt;" in notes  # raw HTML does not


def test_no_external_resources_are_loaded(built: Path) -> None:
    for html_file in built.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html):
            src = re.search(r'(?:src|href)="([^"]+)"', tag)
            if src and ("<link" not in tag or "stylesheet" in tag or "preconnect" in tag):
                assert not src.group(1).startswith(("http:", "https:", "//")), (html_file, tag)


def test_downloads_and_feed(built: Path) -> None:
    data = json.loads(page(built, "papers.json"))
    assert [p["id"] for p in data][:2] == ["jiao-2020-tinybert", "michel-2019-sixteen"]
    assert page(built, "papers.bib").count("@") == 5
    assert page(built, "papers.csv").splitlines()[0].startswith("id,title,authors,year")
    feed = ElementTree.fromstring(page(built, "feed.xml"))
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    # Newest additions first; same day: newest publication first.
    assert titles[:2] == [
        "Early Exiting BERT for Efficient Document Ranking",
        "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
    ]
    assert len(titles) == 5


def test_statistics_chart_is_inline_svg(built: Path) -> None:
    html = page(built, "stats/index.html")
    assert "<svg" in html and "Papers per year" in html


def test_every_page_runs_the_catalog_search_worker(built: Path) -> None:
    for path in ("index.html", "papers/sanh-2019-distilbert/index.html", "papers/index.html"):
        html = page(built, path)
        config = json.loads(html.split('<script id="__config" type="application/json">')[1].split("</script>")[0])
        worker = (built / path).parent / config["search"]
        assert worker.resolve() == (built / "assets/effplm/search.js").resolve(), path
    assert (built / "assets/effplm/search-engine.js").is_file()


def test_invalid_catalog_fails_the_build(tmp_path: Path) -> None:
    root = site_catalog(tmp_path / "c")
    write(root / "papers" / "sanh-2019-distilbert.yaml", "title: [\n")
    with pytest.raises(EffplmError, match=r"papers/sanh-2019-distilbert.yaml:2:1: error\[yaml-syntax\]"):
        build_site(Project(root), site_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "index.html").exists()


def test_every_internal_link_resolves(built: Path) -> None:
    """Generated HTML links are not checked by MkDocs, so check every relative href of the built site."""
    broken = []
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'href="([^"#?:]*)(?:[#?][^"]*)?"', html):
            if not target or target.startswith("/"):
                continue
            resolved = (page.parent / target).resolve()
            if not (resolved.is_file() or (resolved / "index.html").is_file()):
                broken.append((page.relative_to(built).as_posix(), target))
    assert broken == []


def test_site_downloads_equal_the_exports(built: Path) -> None:
    from effplm_catalog import exports
    from effplm_catalog.catalog import load_catalog

    from .conftest import CATALOG

    catalog = load_catalog(Project(CATALOG))
    assert page(built, "papers.bib") == exports.to_bibtex(catalog)
    assert page(built, "papers.json") == exports.to_json(catalog)
    assert page(built, "papers.csv") == exports.to_csv(catalog)


def test_the_data_quality_page_lists_each_correction_with_its_reason_and_record(built: Path) -> None:
    page = (built / "quality" / "index.html").read_text(encoding="utf-8")
    assert "List B links arXiv 2107.13586, another paper; DistilBERT is arXiv 1910.01108." in page
    assert 'href="../papers/sanh-2019-distilbert/"' in page
    assert "Checked on the paper" in page and "1 (20%)" in page


def test_paper_pages_carry_citation_and_opengraph_tags_for_reference_managers(built: Path) -> None:
    page = (built / "papers" / "sanh-2019-distilbert" / "index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    assert (
        '<meta name="citation_title" content="DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter">'
        in head
    )
    assert (
        head.count('<meta name="citation_author"') == 4
        and '<meta name="citation_author" content="Victor Sanh">' in head
    )
    assert '<meta name="citation_publication_date" content="2019">' in head
    assert '<meta name="citation_arxiv_id" content="1910.01108">' in head
    assert '<meta name="citation_pdf_url" content="https://arxiv.org/pdf/1910.01108">' in head
    assert '<meta property="og:type" content="article">' in head
    assert (
        '<meta name="description" content="Victor Sanh, Lysandre Debut, Julien Chaumond, and Thomas Wolf. NeurIPS 2019 (Workshop).">'
        in head
    )
    assert "edit/main/papers/sanh-2019-distilbert.yaml" in page and "report an error" in page


def test_code_in_paper_lists_is_a_link(built: Path) -> None:
    page = (built / "categories" / "knowledge-distillation" / "index.html").read_text(encoding="utf-8")
    assert '· <a href="https://github.com/huggingface/transformers">code</a>' in page


def test_the_search_index_holds_paper_metadata_not_bibtex_or_provenance(built: Path) -> None:
    raw = (built / "search" / "effplm-index.json").read_text(encoding="utf-8")
    index = json.loads(raw)
    assert "@inproceedings" not in raw and "Found in:" not in raw
    by_url = {p[0]: p for p in index["papers"]}
    _url, title, authors, venue, label, year, categories, _tags, ids = by_url["papers/sanh-2019-distilbert/"]
    assert title.startswith("DistilBERT") and authors[0] == "Victor Sanh" and year == 2019
    assert label == "NeurIPS 2019 (Workshop)" and index["venues"][venue][0] == "NeurIPS"
    assert "1910.01108" in ids
    assert [index["categories"][i][1] for i in categories] == ["Knowledge Distillation"]
    assert len(index["papers"]) == 5
    # Material's own index is fetched by every page: only its configuration is left in it.
    assert json.loads(page(built, "search/search_index.json"))["docs"] == []


def test_a_long_list_is_shown_a_year_at_a_time_the_newest_open(catalog: Catalog) -> None:
    from effplm_catalog.render.site import LONG_LIST, paper_list

    base = catalog.papers[0]
    papers = [
        base.model_copy(update={"id": f"x-{2000 + i % 3}-{i}", "year": 2022 - i % 3}) for i in range(LONG_LIST + 1)
    ]
    papers.sort(key=lambda p: -p.year)
    html = paper_list(catalog, papers, "categories/pruning.md")
    assert html.count("<details") == 3
    assert '<details class="effplm-year" open><summary>2022 (51)</summary>' in html
    assert '<details class="effplm-year"><summary>2020 (50)</summary>' in html
    assert html.count("<li>") == LONG_LIST + 1
    assert paper_list(catalog, papers[:LONG_LIST], "x.md").count("<details") == 0


SECOND_PAPER = """\
id: csordas-2022-devil
title: The Devil is in the Detail
authors: [Róbert Csordás, Kazuki Irie]
year: 2022
venue: {id: acl}
category: pruning
sources: [list-a]
added: 2026-11-20
"""


def test_an_author_of_several_papers_has_a_page_and_one_of_a_single_paper_an_index_entry(tmp_path: Path) -> None:
    root = site_catalog(tmp_path / "catalog")
    write(root / "papers" / "csordas-2022-devil.yaml", SECOND_PAPER)
    built = build_site(Project(root), tmp_path / "site")
    paper = page(built, "papers/schutze-2021-tricky/index.html")
    assert '<a href="../../authors/robert-csordas/">Róbert Csordás</a>' in paper
    assert '<a href="../../authors/#author-hinrich-schutze">Hinrich Schütze</a>' in paper
    author = page(built, "authors/robert-csordas/index.html")
    assert "<h1" in author and "Róbert Csordás" in author
    assert 'href="../../papers/schutze-2021-tricky/"' in author and 'href="../../papers/csordas-2022-devil/"' in author
    assert '<a href="../../authors/#author-hinrich-schutze">Hinrich Schütze</a> (1)' in author
    assert '<meta name="description" content="Róbert Csordás: 2 papers (2021–2022) in the catalog' in author
    index = page(built, "authors/index.html")
    assert '<a href="../authors/robert-csordas/">Róbert Csordás</a> (2)' in index
    assert 'id="author-hinrich-schutze">Hinrich Schütze: <a href="../papers/schutze-2021-tricky/">' in index
    assert index.count('class="effplm-letters"') == 1
    assert 'href="authors/"' in page(built, "index.html")
    assert [d.name for d in (built / "authors").iterdir() if d.is_dir()] == ["robert-csordas"]


def test_a_failed_build_leaves_the_readme_and_the_old_site_as_they_were(invoke: Invoke, catalog_dir: Path) -> None:
    assert invoke("build").exit_code == 0
    readme = (catalog_dir / "README.md").read_text(encoding="utf-8")
    home = (catalog_dir / "site" / "index.html").read_text(encoding="utf-8")
    record = catalog_dir / "papers" / "michel-2019-sixteen.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Sixteen", "Seventeen"), encoding="utf-8")
    write(catalog_dir / "docs" / "broken.md", "# Broken\n\nA link to [nowhere](nowhere.md).\n")  # strict refuses it
    result = invoke("build")
    assert result.exit_code == 1 and "the site in" in result.output and "is unchanged" in result.output
    assert (catalog_dir / "README.md").read_text(encoding="utf-8") == readme
    assert (catalog_dir / "site" / "index.html").read_text(encoding="utf-8") == home
    assert sorted(p.name for p in catalog_dir.iterdir() if p.name.endswith(".tmp")) == []


def test_build_shows_the_warnings_validate_shows_and_a_cut_short_list_reads_as_one(
    invoke: Invoke, catalog_dir: Path
) -> None:
    record = catalog_dir / "papers" / "michel-2019-sixteen.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Graham Neubig", "Graham Neubig et al"))
    result = invoke("build")
    assert result.exit_code == 0
    assert "papers/michel-2019-sixteen.yaml:" in result.stdout and "warning[authors-cut-short]" in result.stdout
    assert result.stderr.startswith("effplm: 5 records valid (1 warning)\n")
    # Until the list is written out, every output names the person and says the list goes on.
    paper = page(catalog_dir / "site", "papers/michel-2019-sixteen/index.html")
    assert '<meta name="citation_author" content="Graham Neubig">' in paper and "Neubig et al" not in paper
    assert "Graham Neubig, et al" in paper
    authors = page(catalog_dir / "site", "authors/index.html")
    assert "Graham Neubig" in authors and "Neubig et al" not in authors
    readme = " ".join((catalog_dir / "README.md").read_text(encoding="utf-8").split())  # lines are wrapped
    assert "Paul Michel, Omer Levy, Graham Neubig, et al. " in readme


def test_the_repository_for_edit_and_report_links_is_set_in_mkdocs_yml(tmp_path: Path) -> None:
    root = site_catalog(tmp_path / "catalog")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    fork = "https://github.com/someone/a-fork"
    (root / "mkdocs.yml").write_text(config.replace("https://github.com/effplm-catalog/effplm-catalog", fork))
    built = build_site(Project(root), tmp_path / "site")
    paper = page(built, "papers/sanh-2019-distilbert/index.html")
    assert f'href="{fork}/edit/main/papers/sanh-2019-distilbert.yaml"' in paper
    assert f'href="{fork}/issues/new?title=Error%20in%20sanh-2019-distilbert"' in paper
    assert "effplm-catalog/effplm-catalog" not in page(built, "contribute/index.html")


def test_every_page_is_well_formed_html(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    assert {str(p.relative_to(built)): unbalanced_tags(p.read_text(encoding="utf-8")) for p in pages} == {
        str(p.relative_to(built)): [] for p in pages
    }
