"""How a record's free text is kept: the canonical form `effplm fmt` writes (and validate reads),
the limits beyond which the site shows Markdown as plain text instead of running the engine, and
what validate asks of Markdown text."""

from __future__ import annotations

import re
import unicodedata

from .markup import refused_links

MAX_BRACKETS = 200
MAX_EMPHASIS = 400
MAX_ENTITIES = 1000
"""``<`` and ``&`` in one text: each becomes an entity, which the Markdown engine handles in time
quadratic in their number (20,000 took two seconds)."""


MAX_NESTING = 16
"""Lists and quotes inside each other: the Markdown engine recurses once per level (3,000 list
markers on one line exhaust Python's stack)."""
_NESTED = re.compile(
    rf"^[ \t]*(?:(?:[-*+]|\d{{1,9}}[.)]|>)[ \t]+){{{MAX_NESTING}}}"  # markers one after another
    rf"|^[ \t]{{{4 * MAX_NESTING},}}(?:[-*+]|\d{{1,9}}[.)]|>)[ \t]",  # or a list item indented that deep
    re.MULTILINE,
)


def too_heavy_for_markdown(value: str) -> bool:
    """Whether the site shows ``value`` as plain text rather than through the Markdown engine,
    whose link, emphasis and entity patterns take time quadratic in these marks, and which
    recurses on nested lists and quotes."""
    return (
        value.count("[") > MAX_BRACKETS
        or value.count("*") + value.count("_") > MAX_EMPHASIS
        or value.count("<") + value.count("&") > MAX_ENTITIES
        or _NESTED.search(value) is not None
    )


def check_markdown(value: str) -> str:
    """``value`` if the site can show it as Markdown; ValueError (with the fix) if it is too heavy
    for the engine or links somewhere the site would not keep."""
    if too_heavy_for_markdown(value):
        raise ValueError(
            f"holds more than {MAX_BRACKETS} '[', {MAX_EMPHASIS} emphasis marks (* and _) or {MAX_ENTITIES} '<' "
            f"and '&', or lists and quotes nested more than {MAX_NESTING} deep, which the site shows as plain "
            "text: shorten it, or link and nest less"
        )
    refused = refused_links(value)
    if refused:
        raise ValueError(
            f"links to {refused[0]!r}, which the site does not keep: link only to http(s) or mailto "
            "addresses or to pages of the site"
        )
    return value


def canonical_text(value: str) -> str:
    """Text as a record keeps it and `effplm fmt` writes it: NFC; a single line without surrounding
    whitespace (one final line end kept); lines of a longer text without trailing whitespace."""
    text = unicodedata.normalize("NFC", value)
    if "\n" in text.rstrip("\n"):
        return "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip() + ("\n" if text.endswith("\n") and text.strip() else "")
