"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

# A link destination, allowing one level of balanced parentheses: [x](javascript:alert(1))
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s)", re.MULTILINE)
_SAFE_SCHEMES = ("http://", "https://", "#", "/", "./", "../", "mailto:")


def safe_markdown(text: str) -> str:
    """User Markdown (notes, abstracts) with raw HTML neutralised, unsafe links removed, headings demoted.

    Markdown syntax keeps working; ``<`` and ``&`` are escaped so no tag or
    entity reaches the page; a link to ``javascript:``, ``data:`` or any other
    non-web scheme loses its destination; and headings become level 4 or deeper,
    so a note cannot compete with the page's own title and sections.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")

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
