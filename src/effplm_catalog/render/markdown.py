"""Markdown escaping and the Jinja environment shared by the Markdown renderers."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

# Characters that start Markdown or HTML constructs inside a line. Escaping them
# (CommonMark allows a backslash before any ASCII punctuation) keeps a title such
# as "a | b <script>" or "](javascript:...)" plain text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(text: object) -> str:
    """Escape text for inline Markdown: it renders as the same characters, never as markup."""
    value = str(text)
    value = _INLINE_SPECIAL.sub(r"\\\1", value)
    value = _ENTITY.sub(r"\\&", value)
    # A line that starts with these would become a heading, list item or quote.
    return re.sub(r"^([#+\-=>!])", r"\\\1", value)


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
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


_BLOCK_START = re.compile(r"^(?:[-+*>=#|]|\d+[.)])")


def wrap(text: str, width: int = 80, indent: str = "  ") -> str:
    """Wrap one Markdown paragraph or list item at ``width`` columns, never inside a word or URL.

    Continuation lines get ``indent``. A word that would begin a line as a block marker
    (``-``, ``#``, ``1.``, ``>``, ...) takes the word before it along, so the text stays one
    paragraph. A single word longer than the width (a URL) stands alone on its line.
    """
    lines: list[list[str]] = [[]]
    length = 0
    for word in text.split():
        extra = len(word) + (1 if lines[-1] else 0)
        if lines[-1] and length + extra > width:
            carried: list[str] = []
            if lines[-1][-1] == "-" and len(lines[-1]) > 2:
                # A " - " separator must keep a word on each side on its line (awesome-lint).
                carried = lines[-1][-2:]
                del lines[-1][-2:]
            elif lines[-1][-1] == "-":
                lines[-1].append(word)
                length += extra
                continue
            elif _BLOCK_START.match(word):
                if len(lines[-1]) == 1:  # nothing to carry: the marker stays at the end of this line
                    lines[-1].append(word)
                    length += extra
                    continue
                carried = [lines[-1].pop()]
            lines.append(carried)
            length = len(indent) + sum(len(w) + 1 for w in carried)
            extra = len(word)
        lines[-1].append(word)
        length += extra if len(lines[-1]) > 1 or len(lines) == 1 else len(word)
    return ("\n" + indent).join(" ".join(words) for words in lines if words)


def scholar_search(title: str) -> str:
    """A Google Scholar search for an exact title, for papers without a known link."""
    from urllib.parse import quote_plus

    return "https://scholar.google.com/scholar?q=" + quote_plus(f'"{title}"')


def anchor(text: str) -> str:
    """The heading anchor GitHub makes for ``text`` (lowercase, punctuation dropped, spaces to hyphens)."""
    slug = re.sub(r"[^\w\- ]", "", text.lower(), flags=re.UNICODE)
    return slug.replace(" ", "-")


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """A Jinja environment for Markdown output: strict undefined, stable whitespace, Markdown filters."""
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
