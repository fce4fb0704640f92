"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

_LINK_DEST = re.compile(r"\]\(\s*<?([^)\s>]*)")
_SAFE_SCHEMES = ("http://", "https://", "#", "/", "./", "../", "mailto:")


def safe_markdown(text: str) -> str:
    """User Markdown (notes, abstracts) with raw HTML neutralised and unsafe link schemes removed.

    Markdown syntax keeps working; ``<`` and ``&`` are escaped so no tag or
    entity reaches the page, and a link to ``javascript:``, ``data:`` or any
    other non-web scheme loses its destination.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")

    def check(match: re.Match[str]) -> str:
        dest = match.group(1)
        if dest.lower().startswith(_SAFE_SCHEMES) or ":" not in dest.split("/")[0]:
            return match.group(0)
        return "](#"

    return _LINK_DEST.sub(check, escaped)


def attr(text: object) -> str:
    """Text for an HTML attribute value (quotes included in the escaping)."""
    return html.escape(str(text), quote=True)


def text(value: object) -> str:
    """Text for HTML element content."""
    return html.escape(str(value), quote=False)
