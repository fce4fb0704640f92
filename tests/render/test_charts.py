"""The statistics charts: a linear year axis, colours that show on light and dark pages, readable
text, the data as a table; and one count of categories on every page that gives one."""

from __future__ import annotations

import re
from collections import Counter
from xml.etree import ElementTree

import pytest

from effplm_catalog.catalog import Catalog, Project
from effplm_catalog.render import render_readme
from effplm_catalog.render.about import stats_page
from effplm_catalog.render.charts import (
    BACKGROUNDS,
    FONT,
    PALETTE,
    chart_figure,
    count_ticks,
    data_table,
    stacked_bars,
    year_ticks,
)
from effplm_catalog.render.site import home_page

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [("a", "Compression"), ("b", "Model design")]
COUNTS = {1866: Counter(a=1), 1896: Counter(b=1), 2020: Counter(a=3, b=2), 2021: Counter(a=4)}


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("colour", PALETTE)
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_every_series_colour_has_3_to_1_contrast_on_light_and_dark_pages(colour: str, background: str) -> None:
    assert contrast(colour, background) >= 3, (colour, background)


def test_the_palette_is_nine_distinct_colours() -> None:
    assert len(set(PALETTE)) == len(PALETTE) == 9


def _bars(svg: str) -> dict[int, list[tuple[float, float]]]:
    """Year → the (x, width) of its bar segments."""
    root = ElementTree.fromstring(svg)
    bars: dict[int, list[tuple[float, float]]] = {}
    for rect in root.iter(f"{SVG}rect"):
        year = int((rect.findtext(f"{SVG}title") or "").split(",")[0])
        bars.setdefault(year, []).append((float(rect.get("x", 0)), float(rect.get("width", 0))))
    return bars


def test_years_are_placed_in_proportion_to_their_distance() -> None:
    bars = _bars(stacked_bars(COUNTS, SERIES, title="Papers"))
    centre = {year: x + w / 2 for year, ((x, w), *_rest) in bars.items()}
    span = centre[2021] - centre[1866]  # 155 years
    assert (centre[1896] - centre[1866]) / span == pytest.approx(30 / 155, rel=1e-3)
    assert (centre[2020] - centre[1896]) / span == pytest.approx(124 / 155, rel=1e-3)
    assert (centre[2021] - centre[2020]) / span == pytest.approx(1 / 155, rel=1e-2)
    assert len({w for segments in bars.values() for _x, w in segments}) == 1  # every bar equally wide
    assert len(bars[2020]) == 2  # stacked: one segment per series


def test_axis_ticks_fall_on_round_numbers() -> None:
    assert year_ticks(1866, 2025) == [1880, 1900, 1920, 1940, 1960, 1980, 2000, 2020]
    assert year_ticks(2016, 2025, most=5) == [2016, 2018, 2020, 2022, 2024]
    assert year_ticks(2019, 2021) == [2019, 2020, 2021]
    assert year_ticks(2020, 2020) == [2020]
    assert count_ticks(607) == [0, 100, 200, 300, 400, 500, 600, 700]
    assert count_ticks(5) == [0, 1, 2, 3, 4, 5]
    assert count_ticks(0) == [0, 1]


def test_the_chart_is_labelled_for_screen_readers_and_has_axis_titles() -> None:
    svg = stacked_bars(COUNTS, SERIES, title="Papers per year")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    label = root.get("aria-label", "")
    assert label.startswith("Papers per year: 11 papers from 1866 to 2021, the most (5) in 2020.")
    assert root.findtext(f"{SVG}title") == label
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Publication year" in texts and "Papers" in texts
    assert "1900" in texts and "2000" in texts  # year ticks are labelled


@pytest.mark.parametrize(("width", "height"), [(720, 360), (360, 320)])
def test_text_is_not_shrunk_when_the_chart_fits_its_column(width: int, height: int) -> None:
    """Drawn in a viewBox about as wide as the column that shows it, 13-unit text stays at 12 px or more."""
    root = ElementTree.fromstring(stacked_bars(COUNTS, SERIES, title="t", width=width, height=height))
    assert root.get("viewBox") == f"0 0 {width} {height}" and root.get("width") == "100%"
    assert root.get("font-size") == str(FONT) and FONT >= 13
    assert not [t for t in root.iter(f"{SVG}text") if t.get("font-size")]  # no text smaller than the chart's


def test_a_figure_has_a_wide_and_a_narrow_chart_and_a_legend() -> None:
    figure = chart_figure(COUNTS, SERIES, title="t")
    assert figure.count("<svg") == 2
    assert 'class="effplm-chart effplm-chart--wide"' in figure and 'class="effplm-chart effplm-chart--narrow"' in figure
    legend = figure[figure.index('<ul class="effplm-legend"') :]
    assert re.findall(r'background:(#\w+)"></span>([^<]+)</li>', legend) == [
        (PALETTE[0], "Compression"),
        (PALETTE[1], "Model design"),
    ]


def test_the_data_table_holds_every_count_with_totals() -> None:
    table = data_table(COUNTS, SERIES, caption="Papers per year")
    root = ElementTree.fromstring(table)
    rows = [[cell.text for cell in row] for row in root.iter("tr")]
    assert rows[0] == ["Year", "Compression", "Model design", "Total"]
    assert rows[1:] == [
        ["2021", "4", "0", "4"],
        ["2020", "3", "2", "5"],
        ["1896", "0", "1", "1"],
        ["1866", "1", "0", "1"],
    ]
    assert root.findtext("table/caption") == "Papers per year"


def test_the_statistics_page_shows_charts_with_their_table(catalog: Catalog) -> None:
    page = stats_page(catalog)
    assert page.count('<figure class="effplm-figure">') == 1  # three years: no second, closer chart
    table = page[page.index('<div class="effplm-table-wrap') : page.index("</table></div>") + len("</table></div>")]
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', table)
    assert [year for year, _ in rows] == ["2021", "2020", "2019"]
    assert sum(int(re.findall(r"<td>(\d+)</td>", cells)[-1]) for _, cells in rows) == len(catalog)


def test_the_statistics_page_has_a_closer_chart_of_the_last_ten_years(catalog: Catalog) -> None:
    base = catalog.papers[0]
    papers = [base.model_copy(update={"id": f"x-{y}", "year": y}) for y in (1990, *range(2010, 2026))]
    page = stats_page(Catalog(papers, catalog.vocab))
    assert page.count('<figure class="effplm-figure">') == 2
    assert "Papers per year 2016–2025, by category group: 10 papers from 2016 to 2025" in page


def test_the_category_table_counts_primary_and_any_category_and_says_so(catalog: Catalog) -> None:
    page = stats_page(catalog)
    assert "| Category | Group | Primary | Primary or further |" in page
    assert "| [Efficient Attention](categories/efficient-attention.md) | Model Design | 0 | 1 |" in page
    assert "| **All categories** | | **5** | **6** |" in page
    assert "adds up to the 5 papers" in page


def test_home_page_readme_and_statistics_count_categories_the_same_way(catalog: Catalog, project: Project) -> None:
    assert catalog.primary_categories == {"pruning": 2, "knowledge-distillation": 2, "quantization": 1}
    n = len(catalog.primary_categories)  # Efficient Attention is only ever a further category
    assert f"**{n} categories**" in home_page(catalog)
    assert f"5 papers in {n} categories" in stats_page(catalog)
    assert f"5 papers in {n} categories" in " ".join(render_readme(catalog, project.templates_dir).split())
