"""Markdown escaping and the Jinja environment shared by the Markdown renderers."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

# Characters that start Markdown or HTML constructs inside a line. Escaping them
# (CommonMark allows a backslash before any ASCII punctuation) keeps a title such
# as "a | b <script>" or "](javascript:...)" plain text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_STARTERS = frozenset("#+-=>!")


_LINE_START = re.compile(r"^([#+\-=>!])")
_ANY_SPECIAL = re.compile(r"[\\`*_\[\]<>|~&]")


def md_escape(text: object) -> str:
    """Escape text for inline Markdown: it renders as the same characters, never as markup."""
    value = str(text)
    if value[:1] not in _LINE_STARTERS and not _ANY_SPECIAL.search(value):
        return value  # most names and titles: nothing to escape
    value = _INLINE_SPECIAL.sub(r"\\\1", value)
    value = _ENTITY.sub(r"\\&", value)
    # A line that starts with these would become a heading, list item or quote.
    return _LINE_START.sub(r"\\\1", value)


# Python-Markdown (MkDocs) honours backslash escapes for fewer characters than CommonMark,
# and shows the backslash before any other. "|" is escapable with the tables extension;
# braces would let attr_list read "{: onclick=...}" at the end of a line as attributes.
_SITE_SPECIAL = re.compile(r"([\\`*_\[\]|{}])")


def site_escape(text: object) -> str:
    """Escape text for Python-Markdown pages (the site): HTML as entities, Markdown by backslashes."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SITE_SPECIAL.sub(r"\\\1", value)
    return re.sub(r"^([#+\-=!])", r"\\\1", value)


def md_url(url: object) -> str:
    """A URL made safe as a Markdown link destination (parentheses and spaces encoded)."""
    text = str(url)
    if not _URL_SPECIAL.search(text):
        return text  # most URLs
    return text.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


_URL_SPECIAL = re.compile(r"[ ()<>]")


_BLOCK_START = re.compile(r"[-+*>=#|]|\d+[.)]")  # used with match() at a position
_MARKERS = frozenset("-+*>=#|")  # what _BLOCK_START matches as a single character


def wrap(text: str, width: int = 80, indent: str = "  ") -> str:
    """Wrap one Markdown paragraph or list item at ``width`` columns, never inside a word or URL.

    Continuation lines get ``indent``. A word that would begin a line as a block marker
    (``-``, ``#``, ``1.``, ``>``, ...) takes the word before it along, so the text stays one
    paragraph, and a `` - `` separator keeps a word on each side (awesome-lint). A single
    word longer than the width (a URL) stands alone on its line.
    """
    if not (text.isascii() and text.isprintable()) or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())  # one space between words (README entries have that already)
    size = len(text)
    if size <= width:
        return text
    lines: list[str] = []
    start, limit = 0, width
    while size - start > limit:
        cut = text.rfind(" ", start, start + limit + 1)
        if cut <= start:  # one word longer than the line: it stands alone
            cut = text.find(" ", start + limit)
            if cut == -1:
                break
        carry: int | None = None  # where the line ends instead, to keep words together
        if (cut - start >= 2 and text.startswith(" -", cut - 2)) or (cut - start == 1 and text[start] == "-"):
            carry = text.rfind(" ", start, max(start, cut - 2))  # the word before the separator goes along
        elif (first := text[cut + 1]) in _MARKERS or (first.isdigit() and _BLOCK_START.match(text, cut + 1)):
            carry = text.rfind(" ", start, cut)  # the last word goes along with the marker
        if carry is not None:
            # With nothing to carry, this line takes the next word instead.
            next_end = text.find(" ", cut + 1)
            cut = carry if carry > start else (next_end if next_end != -1 else size)
        lines.append(text[start:cut])
        start, limit = cut + 1, width - len(indent)
        if start >= size:
            break
    if start < size:
        lines.append(text[start:])
    return ("\n" + indent).join(lines)


def scholar_search(title: str) -> str:
    """A Google Scholar search for an exact title, for papers without a known link."""
    from urllib.parse import quote_plus

    return "https://scholar.google.com/scholar?q=" + quote_plus(f'"{title}"')


def anchor(text: str) -> str:
    """The heading anchor GitHub makes for ``text`` (lowercase, punctuation dropped, spaces to hyphens)."""
    slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE)
    return slug.replace(" ", "-")


@functools.cache
def make_environment(templates_dir: Path) -> jinja2.Environment:
    """A Jinja environment for Markdown output: strict undefined, stable whitespace, Markdown filters.

    One per templates directory and process, so templates are compiled once (Jinja caches
    them in the environment); importing Jinja waits until then.
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=False,  # Markdown, not HTML: data goes through the md filter instead
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_escape
    env.filters["md_url"] = md_url
    env.filters["anchor"] = anchor
    env.filters["wrap"] = wrap
    return env
