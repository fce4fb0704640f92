"""The site's about pages: the data-quality page names each open warning under its own kind."""

from __future__ import annotations

from effplm_catalog.catalog import Catalog
from effplm_catalog.problems import Problem
from effplm_catalog.render.about import quality_page


def test_the_quality_page_lists_open_warnings_by_kind_not_all_as_name_variants(catalog: Catalog) -> None:
    cut = Problem("papers/a.yaml", 4, 9, "authors-cut-short", "'Ann Bo et al' ends in 'et al'", "warning")
    subtitle = Problem("papers/b.yaml", 3, 8, "possible-duplicate", "'X' may be 'X: Y'", "warning")
    page = quality_page(Catalog(catalog.papers, catalog.vocab, [cut, subtitle]))
    assert "Two spellings that probably name one person: 0 open." in page
    assert (
        'Author lists a source cut short with "et al", to be written out: 1 open.\n\n'
        "- papers/a.yaml:4:9: 'Ann Bo et al' ends in 'et al'\n" in page
    )
    assert "Titles that are another record's title without its subtitle: 1 open.\n\n- papers/b.yaml:3:8:" in page
