"""Keeping generated HTML out of the Markdown engine.

Python-Markdown runs every raw HTML block through an HTML parser written in
Python; generated pages are mostly HTML (thousands of list items on the large
ones), so that parse was most of the site's build time. :func:`lift_html` takes
every HTML block out of a page's Markdown and leaves a small marker;
:func:`restore_html` puts the blocks back into the converted page.

A block is a paragraph (text between blank lines) that opens an element and
closes the same one: the renderers write each generated block without blank
lines, and record text is always escaped, so it never starts one.
"""

from __future__ import annotations

import re

_MARKER = '<div data-effplm-slot="{}"></div>'
_BLOCK = re.compile(r"(?:(?<=\n\n)|\A)(<[a-zA-Z][^\n]*(?:\n(?!\n)[^\n]*)*>)(?=\n\n|\n?\Z)")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def lift_html(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each HTML block replaced by a marker, and the blocks by marker."""
    front = _FRONT_MATTER.match(markdown)
    head, body = (markdown[: front.end()], markdown[front.end() :]) if front else ("", markdown)
    blocks: dict[str, str] = {}

    def lift(match: re.Match[str]) -> str:
        block = match.group(1)
        opening = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", block)
        if opening is None or not block.endswith(f"</{opening.group(1)}>"):
            return block  # not one whole element: leave it to Markdown
        key = _MARKER.format(len(blocks))
        blocks[key] = match.group(1)
        return key

    return head + _BLOCK.sub(lift, body), blocks


def restore_html(html: str, blocks: dict[str, str]) -> str:
    """The converted page with the lifted blocks back in place."""
    for marker, block in blocks.items():
        html = html.replace(marker, block, 1)
    return html
