"""Making record text safe inside generated Markdown and HTML pages."""

from __future__ import annotations

import html
import re

from ..textform import too_heavy_for_markdown

# A link destination, allowing one level of balanced parentheses: [x](javascript:alert(1))
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s)", re.MULTILINE)
_SAFE_SCHEMES = ("http://", "https://", "#", "/", "./", "../", "mailto:")
# A start tag, as the Markdown engine and this package write them (attribute values have `<` and
# `>` escaped). Record text never holds a tag: safe_markdown escapes every `<` it has.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[^<>]*)?)>")
# One attribute, read from where the previous one ended (so a value is never read as attributes).
_ATTRIBUTE = re.compile(r"""(\s*)([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_END = re.compile(r"\s*/?\s*")
_URL_ATTRIBUTES = frozenset(("href", "src", "action", "formaction", "poster", "xlink:href", "srcset", "cite", "data"))
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SAFE_SCHEME_NAMES = frozenset(("http", "https", "mailto"))
# Text with more brackets, emphasis marks or entities than models.too_heavy_for_markdown allows is
# shown as plain text: Python-Markdown's link, emphasis and entity patterns take time quadratic in
# them (20,000 unmatched brackets took a minute) and recurse on nested emphasis. ``validate``
# refuses such text in a record too.


# What of record text could become a tag or an entity, except an autolink to the web (`<https://…>`),
# which the engine turns into a link of its own.
_RAW = re.compile(r"<(?:https?://|mailto:)[^\s<>&\"']+>|[<&]")


def _escape_raw(match: re.Match[str]) -> str:
    found = match.group(0)
    return "&lt;" if found == "<" else "&amp;" if found == "&" else found


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
    escaped = _RAW.sub(_escape_raw, text)

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
    nested parentheses, line breaks in the destination). Only real tags are read, and
    each one attribute after another, so text that looks like ``href='/...'`` (in a
    paragraph, or inside another attribute's value) is never taken for an attribute.
    """
    return _TAG.sub(_safe_tag, page)


_URL_NAMES = "|".join(sorted(_URL_ATTRIBUTES, key=len, reverse=True))
# A tag as this package and the engine write it, with every URL plainly safe: double-quoted values,
# and URL values that start as a web address, a path or a fragment, or hold no colon and no entity.
_PLAINLY_SAFE = re.compile(
    rf"""(?:\s+(?:(?!(?:{_URL_NAMES})\s*=)[\w:.-]+(?:="[^"]*")?"""
    rf"""|(?:{_URL_NAMES})="(?:(?:https?://|mailto:|[#/?]|\.\.?/)[^"]*|[^":&]*)"))*\s*/?""",
    re.I,
)


def _safe_tag(match: re.Match[str]) -> str:
    rest = match.group(2)
    if "=" not in rest or _PLAINLY_SAFE.fullmatch(rest):
        return match.group(0)  # nothing to check, or nothing that could be a script (the usual case)
    out, pos, changed = [], 0, False
    while not _TAG_END.fullmatch(rest, pos):
        attribute = _ATTRIBUTE.match(rest, pos)
        if attribute is None:
            return text(match.group(0))  # not a tag this package or the engine writes: show it as text
        lead, name, raw = attribute.groups()
        value = raw[1:-1] if raw and raw[:1] in "\"'" else raw
        if value is not None and name.lower() in _URL_ATTRIBUTES and not safe_url(value):
            out.append(f'{lead}{name}="#"')
            changed = True
        else:
            out.append(attribute.group(0))
        pos = attribute.end()
    if not changed:
        return match.group(0)
    return f"<{match.group(1)}{''.join(out)}{rest[pos:]}>"
