"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

from ..markup import escape_raw
from ..textform import too_heavy_for_markdown

# A link destination, allowing one level of balanced parentheses: [x](javascript:alert(1))
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s)", re.MULTILINE)
_SAFE_SCHEMES = ("http://", "https://", "#", "/", "./", "../", "mailto:")
# Text with more brackets, emphasis marks or entities than textform.too_heavy_for_markdown allows
# is shown as plain text: Python-Markdown's link, emphasis and entity patterns take time quadratic
# in them (20,000 unmatched brackets took a minute) and recurse on nested emphasis. ``validate``
# refuses such text in a record too.


def safe_markdown(text: str) -> str:
    """User Markdown (notes, abstracts) with raw HTML neutralised, unsafe links removed, headings demoted.

    Markdown syntax keeps working; ``<`` and ``&`` are escaped so no tag or
    entity reaches the page (an autolink to an http(s) or mailto address stays one);
    a link to ``javascript:``, ``data:`` or any other non-web scheme loses its destination;
    and headings become level 4 or deeper, so a note cannot compete with the page's own
    title and sections.
    """
    if too_heavy_for_markdown(text):
        # One HTML block, which the site keeps out of the Markdown engine (render/slots.py).
        paragraphs = [html.escape(p.strip(), quote=False).replace("\n", "<br>") for p in re.split(r"\n\s*\n", text)]
        return '<div class="effplm-plain">' + "".join(f"<p>{p}</p>" for p in paragraphs if p) + "</div>"
    escaped = escape_raw(text)

    def check(match: re.Match[str]) -> str:
        dest = match.group(1)
        if dest.lower().startswith(_SAFE_SCHEMES) or ":" not in dest.split("/")[0]:
            return match.group(0)
        return "](#)"

    linked = _LINK.sub(check, escaped)
    return _HEADING.sub(lambda m: m.group(1) + "###" + m.group(2), linked)


def attr(text: object) -> str:
    """Text for an HTML attribute value (quotes included in the escaping)."""
    return html.escape(str(text), quote=True)


def text(value: object) -> str:
    """Text for HTML element content."""
    return html.escape(str(value), quote=False)
