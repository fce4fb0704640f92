"""Markdown escaping and the Jinja environment shared by the Markdown renderers."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

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
    # A heading's trailing "#" would be read as its closing sequence and dropped ("C#" → "C").
    value = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), value)
    # A line that starts with these would become a heading, list item or setext underline;
    # Python-Markdown has no backslash escape for "=" (it would show the backslash): an entity.
    return re.sub(r"^([#+\-!])", r"\\\1", value) if value[:1] != "=" else "&#61;" + value[1:]


def md_url(url: object) -> str:
    """A URL made safe as a Markdown link destination (parentheses and spaces encoded)."""
    text = str(url)
    if not _URL_SPECIAL.search(text):
        return text  # most URLs
    return text.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


_URL_SPECIAL = re.compile(r"[ ()<>]")


_BLOCK_START = re.compile(r"[-+*>=#|]|\d+[.)]")  # used with match() at a position
_MARKERS = frozenset("-+*>=#|")  # what _BLOCK_START matches as a single character
_RISKY_STARTS = _MARKERS | frozenset("0123456789")  # a line starting with these may be a block


def wrap(text: str, width: int = 80, indent: str = "  ") -> str:
    """Wrap one Markdown paragraph or list item at ``width`` columns, never inside a word or URL.

    Continuation lines get ``indent``. No line may begin with a word that would make it a
    block (``-``, ``#``, ``1.``, ``>``, ...), so the text stays one paragraph, and a `` - ``
    separator keeps a word on each side (awesome-lint): a line breaks at the last space
    within the width where both hold, or, when there is none, at the first one after it. A
    single word longer than the width (a URL) stands alone on its line.
    """
    # Printable text has no whitespace but spaces (every other one, Unicode's included, is not
    # printable); entries are made with single spaces, so this is nearly always skipped.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    size = len(text)
    if size <= width:
        return text
    lines: list[str] = []
    start, limit = 0, width
    while size - start > limit:
        cut = text.rfind(" ", start, start + limit + 1)
        if cut > start + 1 and text[cut - 1] != "-" and text[cut + 1] not in _RISKY_STARTS:
            pass  # the usual break: no marker, separator or long word near it
        else:
            while cut > start and not _breakable(text, cut):
                cut = text.rfind(" ", start, cut)
            if cut <= start:  # no break within the width: the first one after it
                cut = text.find(" ", start + 1)
                while cut != -1 and not _breakable(text, cut):
                    cut = text.find(" ", cut + 1)
                if cut == -1:
                    break
        lines.append(text[start:cut])
        start, limit = cut + 1, width - len(indent)
    lines.append(text[start:])
    return ("\n" + indent).join(lines)


def _breakable(text: str, cut: int) -> bool:
    """Whether the line may break at the space at ``cut``: the next line would not start with a
    block marker, and the word before the break is not a ``-`` separator."""
    after = text[cut + 1]
    if after in _MARKERS or (after.isdigit() and _BLOCK_START.match(text, cut + 1)):
        return False
    return not (text[cut - 1] == "-" and (cut < 2 or text[cut - 2] == " "))


def scholar_search(title: str) -> str:
    """A Google Scholar search for an exact title, for papers without a known link."""
    return "https://scholar.google.com/scholar?q=" + quote_plus(f'"{title}"')


def anchor(text: str) -> str:
    """The heading anchor GitHub makes for ``text`` (lowercase, punctuation dropped, spaces to hyphens)."""
    slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE)
    return slug.replace(" ", "-")


@functools.cache
def make_environment(templates_dir: Path) -> jinja2.Environment:
    """A Jinja environment for Markdown output: strict undefined, stable whitespace, Markdown filters.

    One per templates directory and process, so templates are compiled once (Jinja caches
    them in the environment). Jinja is imported here, not with the module: ``effplm validate``
    renders nothing and starts a tenth quicker without it.
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
