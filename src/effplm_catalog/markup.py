"""Which HTML record text (notes, abstracts) may become, as the Markdown engine reads it.

The site and ``validate`` both render each field alone with :func:`render` (Python-Markdown,
after :func:`escape_raw`). The site keeps only the links :func:`safe_url` allows, checked on the
engine's HTML by :func:`safe_links`, whatever Markdown form wrote them; ``validate`` refuses a
link the site would drop (:func:`refused_links`), so a contributor learns of it at the record.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

# A start tag, as the Markdown engine and this package write them (attribute values have `<` and
# `>` escaped). Record text never holds a tag: :func:`escape_raw` escapes every `<` it has.
# Browsers also end a tag's name at `/` (`<x/onfocus=…>`): such a tag is read too, and shown as text.
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:[\s/][^<>]*)?)>")
# One attribute, read from where the previous one ended (so a value is never read as attributes).
_ATTRIBUTE = re.compile(r"""(\s*)([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TAG_END = re.compile(r"\s*/?\s*")
_URL_ATTRIBUTES = frozenset(("href", "src", "action", "formaction", "poster", "xlink:href", "srcset", "cite", "data"))
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]")
_SAFE_SCHEME_NAMES = frozenset(("http", "https", "mailto"))


# What of record text could become a tag or an entity, except an autolink to the web (`<https://…>`),
# which the engine turns into a link of its own.
# A mailto autolink needs its `@`: without one the engine passes `<mailto:x/onfocus=…>` on as a tag.
_RAW = re.compile(r"<(?:https?://[^\s<>&\"']+|mailto:[^\s<>&\"'@]+@[^\s<>&\"'@]+)>|[<&]")


def _escape_raw(match: re.Match[str]) -> str:
    found = match.group(0)
    return "&lt;" if found == "<" else "&amp;" if found == "&" else found


def escape_raw(text: str) -> str:
    """``text`` with every ``<`` and ``&`` escaped, so that no tag or entity of its own reaches a
    page; an autolink to an http(s) or mailto address (``<https://…>``) stays one."""
    return _RAW.sub(_escape_raw, text)


def render(text: str) -> str:
    """Record Markdown ``text`` as HTML, as a document of its own (its reference definitions and
    fences reach no other text), after :func:`escape_raw`. Links are not checked here."""
    page: str = _engine().reset().convert(escape_raw(text))
    return page


def refused_links(text: str) -> list[str]:
    """The destinations of the links that Markdown ``text`` makes and the site drops (not
    :func:`safe_url`), as the engine reads them, in order."""
    if "[" not in text:
        return []  # every link of Markdown but an autolink (escaped unless to the web) has a `[`
    page = render(text)
    return [html.unescape(value) for _name, value in url_attributes(page) if not safe_url(value)]


@functools.cache
def _engine() -> markdown.Markdown:
    import markdown  # 30 ms, paid only by a run that meets a text with a link

    return markdown.Markdown(extensions=["tables", "fenced_code"])


def url_attributes(page: str) -> Iterator[tuple[str, str]]:
    """(name, value) of every URL attribute of the real tags of ``page``."""
    for match in _TAG.finditer(page):
        read = _attributes(match.group(2))
        for attribute, value in read[0] if read else ():
            if value is not None and attribute.group(2).lower() in _URL_ATTRIBUTES:
                yield attribute.group(2), value


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


def _attributes(rest: str) -> tuple[list[tuple[re.Match[str], str | None]], int] | None:
    """The attributes of a tag after its name, each read from where the previous one ended, with
    its value (quotes removed), and where they end; None for text that is not a tag's attributes."""
    found: list[tuple[re.Match[str], str | None]] = []
    pos = 0
    while not _TAG_END.fullmatch(rest, pos):
        attribute = _ATTRIBUTE.match(rest, pos)
        if attribute is None:
            return None
        raw = attribute.group(3)
        found.append((attribute, raw[1:-1] if raw and raw[:1] in "\"'" else raw))
        pos = attribute.end()
    return found, pos


def _safe_tag(match: re.Match[str]) -> str:
    rest = match.group(2)
    if "=" not in rest or _PLAINLY_SAFE.fullmatch(rest):
        return match.group(0)  # nothing to check, or nothing that could be a script (the usual case)
    read = _attributes(rest)
    if read is None:
        return html.escape(match.group(0), quote=False)  # not a tag this package or the engine writes: show it as text
    attributes, end = read
    out, changed = [], False
    for attribute, value in attributes:
        lead, name = attribute.group(1), attribute.group(2)
        if value is not None and name.lower() in _URL_ATTRIBUTES and not safe_url(value):
            out.append(f'{lead}{name}="#"')
            changed = True
        else:
            out.append(attribute.group(0))
    if not changed:
        return match.group(0)
    return f"<{match.group(1)}{''.join(out)}{rest[end:]}>"
