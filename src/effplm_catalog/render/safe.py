"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

from ..models import MAX_BRACKETS, MAX_EMPHASIS

# A link destination, allowing one level of balanced parentheses: [x](javascript:alert(1))
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s)", re.MULTILINE)
_SAFE_SCHEMES = ("http://", "https://", "#", "/", "./", "../", "mailto:")
_URL_ATTRIBUTE = re.compile(
    r"""(\s(?:href|src|action|formaction|poster|xlink:href)\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I
)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SAFE_SCHEME_NAMES = frozenset(("http", "https", "mailto"))
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()!])")
# More ``[`` than this in one text, or more emphasis markers, and the text is shown as plain text:
# Python-Markdown's link and emphasis patterns take time quadratic in unmatched brackets (20,000
# took a minute) and recurse on nested emphasis. ``validate`` refuses such text in a record too.


def safe_markdown(text: str) -> str:
    """User Markdown (notes, abstracts) with raw HTML neutralised, unsafe links removed, headings demoted.

    Markdown syntax keeps working; ``<`` and ``&`` are escaped so no tag or
    entity reaches the page; a link to ``javascript:``, ``data:`` or any other
    non-web scheme loses its destination; and headings become level 4 or deeper,
    so a note cannot compete with the page's own title and sections.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    if escaped.count("[") > MAX_BRACKETS or escaped.count("*") + escaped.count("_") > MAX_EMPHASIS:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", _HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped))

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


def safe_url(value: str) -> bool:
    """Whether a URL from generated HTML may stay: http(s), mailto, or relative to the site.

    Read as a browser reads it: entities decoded, and tabs, newlines and other controls
    (which browsers drop inside a scheme) ignored.
    """
    plain = _IGNORED_IN_SCHEME.sub("", html.unescape(value))
    scheme, colon, _rest = plain.partition(":")
    if not colon or any(c in scheme for c in "/?#"):
        return True  # no scheme: a path, a query or a fragment on this site
    return scheme.lower() in _SAFE_SCHEME_NAMES


def safe_links(page: str) -> str:
    """The HTML of a page with every URL attribute that is not :func:`safe_url` replaced by ``#``.

    This runs on the HTML the Markdown engine produced, so it holds whatever Markdown
    form a record's text used to write a link (reference definitions, titles,
    nested parentheses, line breaks in the destination).
    """

    def check(match: re.Match[str]) -> str:
        raw = match.group(2)
        value = raw[1:-1] if raw[:1] in "\"'" else raw
        return match.group(0) if safe_url(value) else f'{match.group(1)}"#"'

    return _URL_ATTRIBUTE.sub(check, page)
