"""Inline SVG charts, drawn at build time (no JavaScript, no network)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .safe import attr, text

# Colour-blind-safe palette (Okabe-Ito), then greys.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999")


def stacked_bars(
    counts: Mapping[int, Mapping[str, int]],
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    width: int = 720,
    height: int = 320,
) -> str:
    """A stacked bar chart: one bar per year, one stack segment per series (id, label)."""
    years = sorted(counts)
    if not years:
        return f"<p>{text(title)}: no data.</p>"
    top = max(sum(counts[y].values()) for y in years) or 1
    left, bottom, legend_w = 40, 30, 210
    plot_w, plot_h = width - left - legend_w - 10, height - bottom - 20
    bar_w = plot_w / len(years)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{attr(title)}" class="effplm-chart">',
        f"<title>{text(title)}</title>",
    ]
    for tick in _ticks(top):
        y = 20 + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>')
    for i, year in enumerate(years):
        x = left + i * bar_w
        y = 20 + plot_h
        for j, (sid, label) in enumerate(series):
            n = counts[year].get(sid, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{x + bar_w * 0.1:.1f}" y="{y:.1f}" width="{bar_w * 0.8:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{year}, {text(label)}: {n}</title></rect>'
            )
        if len(years) <= 20 or i % 2 == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle">{year}</text>'
            )
    for j, (_sid, label) in enumerate(series):
        y = 20 + j * 16
        lx = width - legend_w
        parts.append(f'<rect x="{lx}" y="{y}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{y + 9}" font-size="11">{text(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(top: int) -> list[int]:
    step = max(1, round(top / 5))
    return list(range(0, top + 1, step))
