"""The "All papers" page (render/table.py): facets, the rows' data, escaping."""

from __future__ import annotations

import re
from pathlib import Path

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.render.table import facets, table_page

from ..conftest import write


def options(catalog: Catalog, name: str) -> list[tuple[str, int]]:
    facet = next(f for f in facets(catalog) if f.name == name)
    return [(o.value, o.count) for o in facet.options]


def test_facets_count_papers_per_value(catalog: Catalog) -> None:
    # Taxonomy order (groups, then each category's order), every category; further categories count.
    assert options(catalog, "category")[:4] == [
        ("pruning", 2),
        ("knowledge-distillation", 2),
        ("quantization", 1),
        ("efficient-attention", 1),
    ]
    assert options(catalog, "track") == [("main", 1), ("findings", 1), ("workshop", 2), ("none", 1)]
    assert options(catalog, "kind") == [("conference", 3), ("workshop", 1), ("preprint", 1)]
    assert options(catalog, "tag") == [("sensitivity-based", 1)]


def test_venues_are_sorted_by_label_ignoring_case(catalog_dir: Path) -> None:
    venues = catalog_dir / "vocab" / "venues.yaml"
    text = venues.read_text(encoding="utf-8")
    write(
        venues, text.replace("name: arXiv,", "name: Zeta preprints,").replace("name: SustaiNLP,", "name: aSustaiNLP,")
    )
    catalog = load_catalog(Project(catalog_dir))
    facet = next(f for f in facets(catalog) if f.name == "venue")
    assert [o.label for o in facet.options] == ["aSustaiNLP", "EMNLP", "NeurIPS", "Zeta preprints"]


def test_rows_carry_every_author_the_key_and_the_facet_values(catalog: Catalog) -> None:
    page = table_page(catalog)
    row = next(line for line in page.splitlines() if 'data-id="jiao-2020-tinybert"' in line)
    assert (
        'data-authors="Xiaoqi Jiao; Yichun Yin; Lifeng Shang; Xin Jiang; Xiao Chen; Linlin Li; Fang Wang; Qun Liu"'
        in row
    )
    assert f'data-key="{catalog.bibtex_keys["jiao-2020-tinybert"]}"' in row
    assert 'data-venue="emnlp" data-kind="conference" data-track="findings"' in row
    assert 'data-code="0" data-link="1"' in row
    # Three authors shown; the others are in the cell for a phone's card, hidden on wide screens.
    assert '>Xiaoqi Jiao, Yichun Yin, Lifeng Shang<span class="effplm-more">, Xin Jiang,' in row
    michel = next(line for line in page.splitlines() if 'data-id="michel-2019-sixteen"' in line)
    assert 'data-category="pruning efficient-attention"' in michel and 'data-tag="sensitivity-based"' in michel


def test_the_page_is_wide_and_record_text_is_escaped(catalog: Catalog) -> None:
    page = table_page(catalog)
    assert "hide: [navigation, toc]" in page.split("---")[1]
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert 'href="https://example.org/paper(1).pdf"' in page  # a record's own paper URL
    assert len(re.findall(r"<tr data-id=", page)) == len(catalog)


def test_a_long_author_list_is_whole_in_the_cell(catalog: Catalog) -> None:
    many = [f"Author Number{i}" for i in range(12)]
    paper = catalog.by_id["xin-2020-early"].model_copy(update={"authors": many})
    page = table_page(Catalog([paper], catalog.vocab))
    cell = re.search(r'<td class="effplm-authors">(.*?)</td>', page)
    assert cell is not None
    assert "Number11" in cell.group(1) and "Number10, and Author Number11</span>" in cell.group(1)
