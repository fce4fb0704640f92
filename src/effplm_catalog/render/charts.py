"""Inline SVG charts, drawn at build time (no JavaScript, no network), with their data as a table.

Text in a chart is 13 units high and is meant to show at 12 px or more, so each chart is drawn
twice: 720 units wide for a column of 680 px or more, 360 wide for a narrower one (a phone),
and a container query in ``effplm.css`` shows the one that fits; neither is ever wider than
its column. Years are a linear axis: a gap of thirty years takes thirty times the room of one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .safe import attr, text

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#A05DD0", "#A6761D", "#D043A1", "#078989", "#6A6FD6", "#7B7B7B")
"""Series colours, each at a contrast of 3:1 or more (WCAG, non-text) against both Material's
light background (``#ffffff``) and its dark one (``slate``, about ``#1e2129``): blue, vermilion and
green of the Okabe–Ito palette, then other hues of about the same luminance."""
BACKGROUNDS = ("#ffffff", "#1e2129")
"""The page backgrounds the colours are chosen against (tests check the contrast)."""

WIDTH, HEIGHT = 720, 360
NARROW_WIDTH, NARROW_HEIGHT = 360, 320
FONT = 13
"""Text size in viewBox units: 13 px when the chart is shown as wide as it is drawn."""
_LABEL_ROOM = 56
"""Room along the year axis for one label ("2024" is about 30 units wide)."""
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 16, 16, 52
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)


def year_ticks(first: int, last: int, most: int = 10) -> list[int]:
    """Years to label on an axis from ``first`` to ``last``: multiples of the smallest step of
    1, 2, 5, 10, 20, 25, 50, ... years that gives at most ``most`` of them."""
    step = next((s for s in _YEAR_STEPS if (last - first) // s + 1 <= most), _YEAR_STEPS[-1])
    return list(range(math.ceil(first / step) * step, last + 1, step)) or [first]


def count_ticks(top: int, most: int = 8) -> list[int]:
    """Counts to label on an axis from 0 to at least ``top``: multiples of the smallest step of
    1, 2 or 5 × 10ⁿ that gives at most ``most`` of them."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude):
            steps = max(math.ceil(top / step), 1)
            if steps + 1 <= most:
                return list(range(0, steps * step + 1, step))
        magnitude *= 10


class YearAxis:
    """Where a year's bar sits: its centre at a position proportional to the year, each year one
    equal slot from ``first - 0.5`` to ``last + 0.5``."""

    def __init__(self, first: int, last: int, left: float, width: float) -> None:
        self.first, self.left = first, left
        self.slot = width / (last - first + 1)

    def centre(self, year: int) -> float:
        return self.left + (year - self.first + 0.5) * self.slot


def stacked_bars(
    counts: Mapping[int, Mapping[str, int]],
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    width: int = WIDTH,
    height: int = HEIGHT,
    css_class: str = "",
) -> str:
    """A stacked bar chart as SVG: one bar per year on a linear year axis, one stack segment per
    series (id, label), coloured as the :func:`legend` of the same series shows."""
    years = sorted(counts)
    if not years:
        return f"<p>{text(title)}: no data.</p>"
    totals = {y: sum(counts[y].get(sid, 0) for sid, _ in series) for y in years}
    y_ticks = count_ticks(max(totals.values()))
    top = y_ticks[-1] or 1
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    axis = YearAxis(years[0], years[-1], _LEFT, plot_w)
    bar_w = min(axis.slot * 0.8, 48)
    base = _TOP + plot_h
    busiest = max(years, key=lambda y: (totals[y], y))
    summary = (
        f"{title}: {sum(totals.values())} papers from {years[0]} to {years[-1]}, the most ({totals[busiest]}) "
        f"in {busiest}. The table after the charts gives each count."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{attr(summary)}" class="{attr(" ".join(["effplm-chart", css_class]).strip())}" '
        f'font-size="{FONT}">',
        f"<title>{text(summary)}</title>",
    ]
    for tick in y_ticks:
        y = base - plot_h * tick / top
        parts.append(f'<line class="effplm-grid" x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{_LEFT - 6}" y="{y + FONT / 3:.1f}" text-anchor="end">{tick}</text>')
    for year in years:
        x = axis.centre(year) - bar_w / 2
        y = float(base)
        for j, (sid, label) in enumerate(series):
            n = counts[year].get(sid, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect class="effplm-bar" x="{x:.2f}" y="{y:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{year}, {text(label)}: {n}</title></rect>'
            )
    parts.append(f'<line class="effplm-axis" x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{base}" y2="{base}"/>')
    for tick in year_ticks(years[0], years[-1], most=max(2, plot_w // _LABEL_ROOM)):
        x = axis.centre(tick)
        parts.append(f'<line class="effplm-axis" x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}"/>')
        parts.append(f'<text x="{x:.1f}" y="{base + 6 + FONT}" text-anchor="middle">{tick}</text>')
    parts.append(f'<text x="{_LEFT + plot_w / 2}" y="{height - 6}" text-anchor="middle">Publication year</text>')
    middle = _TOP + plot_h / 2
    parts.append(f'<text transform="translate(16 {middle}) rotate(-90)" text-anchor="middle">Papers</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart_figure(counts: Mapping[int, Mapping[str, int]], series: Sequence[tuple[str, str]], *, title: str) -> str:
    """A ``<figure>`` with the chart drawn for a wide and for a narrow column, and their legend."""
    wide = stacked_bars(counts, series, title=title, css_class="effplm-chart--wide")
    narrow = stacked_bars(
        counts, series, title=title, width=NARROW_WIDTH, height=NARROW_HEIGHT, css_class="effplm-chart--narrow"
    )
    return f'<figure class="effplm-figure">\n{wide}\n{narrow}\n{legend(series)}\n</figure>'


def legend(series: Sequence[tuple[str, str]]) -> str:
    """The chart's legend, in HTML: it keeps the page's type size on any screen."""
    items = "".join(
        f'<li><span class="effplm-swatch" style="background:{PALETTE[j % len(PALETTE)]}"></span>{text(label)}</li>'
        for j, (_sid, label) in enumerate(series)
    )
    return f'<ul class="effplm-legend" aria-label="Legend">{items}</ul>'


def data_table(
    counts: Mapping[int, Mapping[str, int]], series: Sequence[tuple[str, str]], *, caption: str, first: str = "Year"
) -> str:
    """The chart's numbers as an HTML table: a row per year (newest first), a column per series, and the total."""
    head = "".join(f'<th scope="col">{text(label)}</th>' for _sid, label in series)
    rows = []
    for year in sorted(counts, reverse=True):
        cells = "".join(f"<td>{counts[year].get(sid, 0)}</td>" for sid, _ in series)
        total = sum(counts[year].get(sid, 0) for sid, _ in series)
        rows.append(f'<tr><th scope="row">{year}</th>{cells}<td>{total}</td></tr>')
    return (
        f'<div class="effplm-table-wrap effplm-data"><table>\n<caption>{text(caption)}</caption>\n'
        f'<thead><tr><th scope="col">{text(first)}</th>{head}<th scope="col">Total</th></tr></thead>\n'
        "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>"
    )
