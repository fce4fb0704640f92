"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

from ..markup import render, safe_links
from ..textform import too_heavy_for_markdown

# Text with more brackets, emphasis marks or entities than textform.too_heavy_for_markdown allows
# is shown as plain text: Python-Markdown's link, emphasis and entity patterns take time quadratic
# in them (20,000 unmatched brackets took a minute) and recurse on nested emphasis. ``validate``
# refuses such text in a record too.


def safe_markdown(text: str) -> str:
    """User Markdown (notes, abstracts) as one HTML block: rendered as a document of its own, with
    raw HTML neutralised, unsafe links removed and headings demoted.

    Markdown syntax works as ``validate`` reads it (the same engine, on the same text, alone: a
    reference definition or an open fence in the abstract cannot reach the notes); ``<`` and
    ``&`` are escaped, so no tag or entity reaches the page (an autolink to an http(s) or mailto
    address stays one); a link to ``javascript:``, ``data:`` or any other non-web scheme loses its
    destination; headings become level 4 or deeper, so a note cannot compete with the page's own
    title and sections. The block holds no blank line, so the site keeps it out of the page's
    own Markdown (render/slots.py).
    """
    if too_heavy_for_markdown(text):
        paragraphs = [html.escape(p.strip(), quote=False).replace("\n", "<br>") for p in re.split(r"\n\s*\n", text)]
        return '<div class="effplm-plain">' + "".join(f"<p>{p}</p>" for p in paragraphs if p) + "</div>"
    page = safe_links(_HEADING.sub(_demoted, render(text)))
    return '<div class="effplm-text">\n' + _BLANK_LINE.sub("&#10;", page) + "\n</div>"


_HEADING = re.compile(r"<(/?)h([1-6])\b")
_BLANK_LINE = re.compile(r"\n(?=\n)")  # only inside <pre>, where the entity is the same newline


def _demoted(match: re.Match[str]) -> str:
    return f"<{match.group(1)}h{min(int(match.group(2)) + 3, 6)}"


def attr(text: object) -> str:
    """Text for an HTML attribute value (quotes included in the escaping)."""
    return html.escape(str(text), quote=True)


def text(value: object) -> str:
    """Text for HTML element content."""
    return html.escape(str(value), quote=False)
