"""``effplm fmt``: rewrite a record in the canonical layout, keeping its comments.

Comments are found with the YAML scanner (so a ``#`` inside a quoted title is
not mistaken for one), attached to the top-level key whose block holds them,
and written back above that key. The modeline is always written first.
Strings are normalized to Unicode NFC and stripped of surrounding spaces; lines
of Markdown text lose their trailing spaces. A file that is not valid after
that normalization is not formatted: its problems are reported instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from .catalog import RECORD_SUFFIX
from .loader import YAML_LOADER, parse_yaml, problems_from_validation
from .models import Paper
from .problems import Problem
from .writer import MODELINE, dump_paper

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_MODELINE = re.compile(r"^#\s*yaml-language-server:")


def normalize(value: Any) -> Any:
    """Strings NFC-normalized; single-line strings stripped; text lines without trailing spaces."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value)
        if "\n" in text.rstrip("\n"):
            return "\n".join(line.rstrip() for line in text.split("\n"))
        return text.strip() + ("\n" if text.endswith("\n") and text.strip() else "")
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def comments_by_key(text: str) -> dict[str, list[str]]:
    """Comment lines by the top-level key they belong to ("" for the header before the first key)."""
    lines = text.split("\n")
    token_end: dict[int, int] = {}
    try:
        for token in yaml.scan(text, Loader=YAML_LOADER):
            start, end = token.start_mark, token.end_mark
            if (start.line, start.column) == (end.line, end.column):
                continue  # stream, block and document boundaries take no room
            for row in range(start.line, end.line + 1):
                if row == end.line and end.column == 0 and row != start.line:
                    break  # a block scalar ends where the next line begins
                column = end.column if row == end.line else len(lines[row])
                token_end[row] = max(token_end.get(row, 0), column)
    except yaml.YAMLError:
        return {}
    found: dict[str, list[str]] = {}
    pending: list[str] = []
    current = ""
    for number, line in enumerate(lines):
        stripped = line.strip()
        key = _TOP_KEY.match(line)
        if key:
            current = key.group(1)
            found.setdefault(current, []).extend(pending)
            pending = []
        if number in token_end:
            rest = line[token_end[number] :].strip()
            if rest.startswith("#") and not _MODELINE.match(rest):
                found.setdefault(current, []).append(rest)
        elif stripped.startswith("#"):
            if _MODELINE.match(stripped):
                continue
            if not found and not current:
                found.setdefault("", []).append(stripped)  # the header, before the first key
            elif line.startswith("#"):
                pending.append(stripped)  # a full-line comment at the top level: belongs to the next key
            else:
                found.setdefault(current, []).append(stripped)
    if pending:  # comments after the last key stay at the end
        found.setdefault("\0end", []).extend(pending)
    return found


def format_record(raw: bytes, path: str, stem: str) -> tuple[str | None, list[Problem]]:
    """The canonical text of a record file, or its problems."""
    doc = parse_yaml(raw, path)
    if doc.data is None or doc.problems:
        return None, doc.problems
    if not isinstance(doc.data, dict):
        return None, [Problem(path, 1, 1, "not-a-mapping", "the file is not a mapping of keys to values")]
    doc.data = normalize(doc.data)
    try:
        paper = Paper.model_validate(doc.data)
    except Exception as exc:  # pydantic.ValidationError, mapped to located problems
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        return None, problems_from_validation(exc, doc, Paper)
    if paper.id != stem:
        line, col = doc.marks.find(("id",))
        return None, [
            Problem(
                path, line, col, "id-mismatch", f"id {paper.id!r} does not match the file name {stem + RECORD_SUFFIX!r}"
            )
        ]
    text = raw.decode("utf-8")
    return dump_paper(paper, comments=comments_by_key(text)), []


__all__ = ["MODELINE", "comments_by_key", "format_record", "normalize"]
