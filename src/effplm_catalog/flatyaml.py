"""A fast reader for the flat YAML that record files are written in.

Records are small and regular: top-level keys, each with a scalar, a one-line
flow list or mapping, an indented list or mapping of scalars, or a literal block
(``|``). Read line by line in Python, such a file costs a fraction of what
building libyaml's node graph does (every node there carries two position
objects and goes through PyYAML's Python resolver).

The reader is only a shortcut. Anything outside that shape, or whose meaning it
is not certain of (a tab, a comment after a value, a document marker, a scalar
YAML would read as a boolean, null, float or octal number, a duplicate key), is
declined with ``None`` and the file goes through libyaml as before, which also
reports its problems with their positions. Plain scalars are resolved with
PyYAML's own implicit resolvers, so a value is a string, an integer or a date
exactly when libyaml's loader says so. The tests hold every document the reader
accepts, hand-written and generated, to the data and positions libyaml gives.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_INT_TAG = "tag:yaml.org,2002:int"
_DATE_TAG = "tag:yaml.org,2002:timestamp"

_KEY_NAME = re.compile(r"[a-z_]+")
_CHILD_KEY = re.compile(r"  ([a-z_]+): (.*)\Z")
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_FLOW_KEY = re.compile(r"([a-z_]+): ")
_SPACES = re.compile(r" *")
# Plain scalars the reader leaves to libyaml: indicators first, a mapping or comment inside,
# spaces around (block context); in a list or mapping on one line, also any flow indicator.
_FLOW_INDICATORS = re.compile(r"[:#,\[\]{}]")
_SIMPLE_ESCAPES = frozenset('"\\/bfnrt')
UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Tabs, carriage returns, what libyaml counts as a line break besides "\\n" (NEL, LS, PS), a BOM,
and every character libyaml refuses to read: a file with none of them may be read flat."""
_FLOW_SPECIAL = re.compile(r"[:#\[\]{}\"']")
_FLOW_MAP_SPECIAL = re.compile(r"[#\[\]{}\"']")
_QUOTES = ("'", '"')
_UNSURE_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_KEYS_SEEN: set[str] = set()
"""Keys found to be plain text (not booleans or null), so each is resolved once."""


class _Decline(Exception):
    """The text is outside what this reader is sure of."""


def read_flat(
    text: str, keys: frozenset[str] | None = None, *, screened: bool = False
) -> tuple[dict[str, Any], Positions] | None:
    """The mapping a record file holds and the 1-based positions of its top-level values and
    their direct children (as libyaml marks them; only under ``keys`` when given), or None
    when libyaml must read the file. ``screened``: the caller found no :data:`UNUSUAL` character."""
    if not text.endswith("\n") or (not screened and UNUSUAL.search(text)):
        return None
    try:
        return _read(text[:-1].split("\n"), keys)
    except (_Decline, ValueError):  # ValueError: a date such as 2026-02-30, which libyaml reports
        return None


def _read(lines: list[str], keys: frozenset[str] | None) -> tuple[dict[str, Any], Positions]:
    data: dict[str, Any] = {}
    positions: Positions = {}
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        i += 1
        if not line or line[0] == "#":
            continue  # a blank line or a comment at the top level
        key, colon, value = line.partition(": ")
        if not colon:
            if line[-1] != ":":
                raise _Decline
            key = line[:-1]
        if key in data or (key not in _KEYS_SEEN and not _is_text_key(key)):
            raise _Decline  # a duplicate, or not a plain key (a boolean or null, a quoted key, ...)
        at = positions if keys is None or key in keys else None
        row = i  # 1-based number of this line
        if not colon:  # "key:" and an indented list or mapping below
            i = _block(lines, i, key, data, at)
            continue
        first = value[:1]
        if first == "[":
            data[key] = _flow_list(value, row, len(key) + 3, key, at)
        elif first == "{":
            data[key] = _flow_map(value, row, len(key) + 3, key, at)
        elif first == "|":
            data[key], i = _literal(value, lines, i)
        elif first in _QUOTES:
            data[key] = _quoted(value)
        elif _block_unsure(value):
            raise _Decline
        else:
            data[key] = value if value[0] not in _RESOLVERS else _resolve(value)
        if at is not None:
            at[(key,)] = (row, len(key) + 3)
    if not data:
        raise _Decline  # only comments: libyaml says what is wrong
    return data, positions


def _block(lines: list[str], i: int, key: str, data: dict[str, Any], positions: Positions | None) -> int:
    """An indented mapping (``  key: value``) or a list (``  - item``, or ``- item`` as YAML also
    allows under a key) of scalars; the index of the line after it."""
    count = len(lines)
    line = lines[i] if i < count else ""
    dash = "  - " if line.startswith("  - ") else "- " if line.startswith("- ") else ""
    if dash:
        if positions is not None:
            positions[(key,)] = (i + 1, len(dash) - 1)  # libyaml marks a block collection at its first entry
        items: list[Any] = []
        while i < count and lines[i].startswith(dash):
            if positions is not None:
                positions[(key, len(items))] = (i + 1, len(dash) + 1)
            items.append(_scalar(lines[i][len(dash) :]))
            i += 1
        data[key] = items
    elif line.startswith("  "):
        if positions is not None:
            positions[(key,)] = (i + 1, 3)
        mapping: dict[str, Any] = {}
        while i < count and lines[i].startswith("  "):
            match = _CHILD_KEY.match(lines[i])
            if match is None:
                raise _Decline
            child = match.group(1)
            if child in mapping or not _is_text_key(child):
                raise _Decline
            mapping[child] = _scalar(match.group(2))
            if positions is not None:
                positions[(key, child)] = (i + 1, len(child) + 5)
            i += 1
        data[key] = mapping
    else:
        raise _Decline  # "key:" alone is null
    if i < count and lines[i][:1] in (" ", "-"):
        raise _Decline  # deeper or odd indentation, or a list entry after a mapping
    return i


def _literal(header: str, lines: list[str], i: int) -> tuple[str, int]:
    """A literal block indented by two spaces, with clip, strip (``|-``) or keep (``|+``) chomping."""
    if header not in ("|", "|-", "|+"):
        raise _Decline  # folding, an explicit indentation, a comment
    body: list[str] = []
    count = len(lines)
    while i < count:
        line = lines[i]
        if line.startswith("  "):
            if not line.strip():
                raise _Decline  # a line of spaces: libyaml's rules for it are subtle
            body.append(line[2:])
        elif line:
            break
        else:
            body.append("")
        i += 1
    last = len(body)
    while last and not body[last - 1]:
        last -= 1
    if not last or body[0][:1] in ("", " "):
        raise _Decline  # empty, opening with a blank line, or indented by more than two spaces
    text = "\n".join(body[:last])
    if header == "|":
        text += "\n"
    elif header == "|+":
        text += "\n" * (len(body) - last + 1)
    return text, i


def _scalar(value: str) -> Any:
    """A scalar that fills the rest of its line (block context)."""
    if value[:1] in _QUOTES:
        return _quoted(value)
    if _block_unsure(value):
        raise _Decline
    return value if value[0] not in _RESOLVERS else _resolve(value)


def _block_unsure(value: str) -> bool:
    """Whether a plain scalar filling the rest of a line may mean something else than its text:
    it starts with an indicator or a space, holds a mapping (": ") or a comment (" #"), or
    ends with a colon or a space. (String operations: a regex with these alternatives would try
    each at every position.)"""
    return (
        not value
        or value[0] in _UNSURE_START
        or value[0].isspace()
        or value[-1].isspace()
        or value[-1] == ":"
        or ": " in value
        or " #" in value
    )


def _quoted(value: str) -> str:
    """A single- or double-quoted scalar that fills the rest of its line."""
    if value[0] == '"':
        match = _DOUBLE.fullmatch(value)
        if match is None:
            raise _Decline
        return _unescape(match.group(1))
    match = _SINGLE.fullmatch(value)
    if match is None:
        raise _Decline
    return match.group(1).replace("''", "'")


def _is_text_key(key: str) -> bool:
    """A key of lowercase letters and underscores that YAML reads as text."""
    if key in _KEYS_SEEN:
        return True
    if not _KEY_NAME.fullmatch(key) or _resolve(key) is not key:
        return False
    if len(_KEYS_SEEN) < 1000:
        _KEYS_SEEN.add(key)
    return True


def _resolve(value: str) -> Any:
    """A plain scalar as PyYAML's safe loader reads it: text, a decimal integer or a date."""
    resolvers = _RESOLVERS.get(value[0])
    if resolvers is not None:
        for tag, pattern in resolvers:
            if pattern.match(value):
                return _typed(tag, value)
    return value


def _typed(tag: str, value: str) -> Any:
    if tag == _INT_TAG and _DECIMAL.match(value):
        return int(value)
    if tag == _DATE_TAG:
        match = _DATE.match(value)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    raise _Decline


def _unescape(inner: str) -> str:
    """A double-quoted scalar's text, for the escapes YAML and JSON read alike."""
    if "\\" not in inner:
        return inner
    for match in _ESCAPE.finditer(inner):
        code, char = match.groups()
        if code is not None:
            if 0xD800 <= int(code, 16) <= 0xDFFF:
                raise _Decline  # surrogates: JSON pairs them, YAML refuses them
        elif char not in _SIMPLE_ESCAPES:
            raise _Decline
    result: str = json.loads(f'"{inner}"')
    return result


def _flow_list(value: str, row: int, col: int, key: str, positions: Positions | None) -> list[Any]:
    """``[a, "b", c]`` on one line."""
    if value[-1] != "]":
        raise _Decline
    items: list[Any] = []
    inner = value[1:-1]
    if _FLOW_SPECIAL.search(inner) is None:  # the usual list: plain items split at commas
        if not inner.strip(" "):
            return items
        start = col + 1
        for part in inner.split(","):
            text = part.strip(" ")
            if not text or text[0] in _UNSURE_START or text[-1].isspace():
                raise _Decline
            if positions is not None:
                positions[(key, len(items))] = (row, start + len(part) - len(part.lstrip(" ")))
            items.append(text if text[0] not in _RESOLVERS else _resolve(text))
            start += len(part) + 1
        return items
    for start, item in _flow_items(value, 1, len(value) - 1):
        if positions is not None:
            positions[(key, len(items))] = (row, col + start)
        items.append(item)
    return items


def _flow_map(value: str, row: int, col: int, key: str, positions: Positions | None) -> dict[str, Any]:
    """``{id: emnlp, pages: 1--9}`` on one line."""
    if value[-1] != "}":
        raise _Decline
    mapping: dict[str, Any] = {}
    inner = value[1:-1]
    if _FLOW_MAP_SPECIAL.search(inner) is None:  # the usual mapping: "key: plain" pairs split at commas
        if not inner.strip(" "):
            return mapping
        start = col + 1
        for part in inner.split(","):
            text = part.lstrip(" ")
            child, colon, item = text.rstrip(" ").partition(": ")
            if (
                not colon
                or not item
                or item[0] in _UNSURE_START
                or item[0] == " "
                or ":" in item
                or item[-1].isspace()
                or child in mapping
                or (child not in _KEYS_SEEN and not _is_text_key(child))
            ):
                raise _Decline
            mapping[child] = item if item[0] not in _RESOLVERS else _resolve(item)
            if positions is not None:
                positions[(key, child)] = (row, start + len(part) - len(text) + len(child) + 2)
            start += len(part) + 1
        return mapping
    i, end = 1, len(value) - 1
    while True:
        i = _SPACES.match(value, i).end()  # type: ignore[union-attr]  # " *" always matches
        if i == end and not mapping:
            return mapping
        match = _FLOW_KEY.match(value, i)
        if match is None:
            raise _Decline
        child = match.group(1)
        if child in mapping or not _is_text_key(child):
            raise _Decline
        start, item, i = _flow_item(value, match.end(), end)
        mapping[child] = item
        if positions is not None:
            positions[(key, child)] = (row, col + start)
        if i == end:
            return mapping
        i += 1  # the comma


def _flow_items(value: str, i: int, end: int) -> list[tuple[int, Any]]:
    found: list[tuple[int, Any]] = []
    while True:
        i = _SPACES.match(value, i).end()  # type: ignore[union-attr]  # " *" always matches
        if i == end and not found:
            return found
        start, item, i = _flow_item(value, i, end)
        found.append((start, item))
        if i == end:
            return found
        i += 1  # the comma


def _flow_item(value: str, i: int, end: int) -> tuple[int, Any, int]:
    """One scalar inside ``[...]`` or ``{...}``: where it starts, its value, and where the comma or
    the closing bracket after it is."""
    i = _SPACES.match(value, i).end()  # type: ignore[union-attr]  # " *" always matches
    first = value[i : i + 1]
    if first == '"':
        match = _DOUBLE.match(value, i)
        if match is None:
            raise _Decline
        item: Any = _unescape(match.group(1))
        after = match.end()
    elif first == "'":
        match = _SINGLE.match(value, i)
        if match is None:
            raise _Decline
        item = match.group(1).replace("''", "'")
        after = match.end()
    else:
        comma = value.find(",", i, end)
        after = comma if comma >= 0 else end
        text = value[i:after].rstrip(" ")
        if (
            not text
            or text[0] in _UNSURE_START
            or text[0].isspace()
            or text[-1].isspace()
            or _FLOW_INDICATORS.search(text)
        ):
            raise _Decline
        item = _resolve(text)
    after = _SPACES.match(value, after).end()  # type: ignore[union-attr]  # " *" always matches
    if after != end and value[after] != ",":
        raise _Decline
    if after != end and _SPACES.match(value, after + 1).end() == end:  # type: ignore[union-attr]
        raise _Decline  # a trailing comma
    return i, item, after
