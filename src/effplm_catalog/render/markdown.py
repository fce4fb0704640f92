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


def md_url(url: object) -> str:
    """A URL made safe as a Markdown link destination (parentheses and spaces encoded)."""
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


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
    return env
