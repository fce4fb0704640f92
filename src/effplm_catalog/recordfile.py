"""The record file format, both ways: reading one ``papers/<id>.yaml`` into a :class:`LoadedRecord`
(libyaml with marks, then the model), and writing a :class:`~effplm_catalog.models.Paper` back in
the one canonical layout (what ``effplm fmt``, ``new``, ``add`` and the importers write).

The layout: the schema modeline first, keys in the model's field order, strings quoted only
when YAML would otherwise read them as something else, short lists and the venue on one
line, Markdown text as literal blocks. Reading the output gives back an equal paper.
``effplm fmt`` keeps a file's comments: they are found with the YAML scanner (so a ``#``
inside a quoted title is not mistaken for one), attached to the top-level key whose block
holds them, and written back above that key.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import yaml
from pydantic import ValidationError

from . import ids
from .loader import MAX_FILE_BYTES, YAML_LOADER, Loc, parse_yaml
from .model_problems import problems_from_validation, validate_model
from .models import Paper
from .problems import Problem
from .textform import canonical_text

RECORD_SUFFIX = ".yaml"

CROSS_CHECKED = frozenset(("id", "title", "category", "categories", "venue", "links", "sources", "authors"))
"""The top-level keys whose positions the checks across records point at."""


class LoadedRecord:
    """A valid record: the file it came from (``path`` as shown in messages, ``file`` to read),
    and its paper.

    The positions of its fields are worked out, by reading the file again, when a
    catalog-wide check first asks for one: most records never have a problem, and keeping
    every parsed document until then would cost more memory than the whole catalog.
    """

    __slots__ = ("_positions", "file", "paper", "path")

    def __init__(self, path: str, paper: Paper, file: str | None = None) -> None:
        self.path = path
        self.paper = paper
        self.file = file
        self._positions: dict[Loc, tuple[int, int]] | None = None

    def at(self, *loc: str | int) -> tuple[int, int]:
        """The (line, column) of ``loc``, else of its nearest parent, else the file's start."""
        positions = self.positions
        while loc:
            if loc in positions:
                return positions[loc]
            loc = loc[:-1]
        return (1, 1)

    @property
    def positions(self) -> dict[Loc, tuple[int, int]]:
        if self._positions is None:
            raw = read_bytes(self.file, self.path)[0] if self.file is not None else None
            self._positions = parse_yaml(raw, self.path).positions(CROSS_CHECKED) if raw is not None else {}
        return self._positions


def read_record(raw: bytes, path: str, stem: str, file: str | None = None) -> tuple[LoadedRecord | None, list[Problem]]:
    """Parse and validate one record file's bytes (``path``: as shown; ``stem``: the file name's id;
    ``file``: where to read it again for positions, once the parsed document is gone)."""
    doc = parse_yaml(raw, path)
    paper = validate_model(doc, Paper)
    problems = doc.problems
    if paper is None:
        return None, problems
    record = LoadedRecord(path, paper, file)
    if paper.id != stem:
        line, col = doc.marks.find(("id",))
        message = f"id {paper.id!r} does not match the file name {stem + RECORD_SUFFIX!r}; rename one of them"
        problems.append(Problem(path, line, col, "id-mismatch", message))
    return record, problems


def read_bytes(path: str, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A record file's bytes, or why it cannot be read (too large: refused before reading)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # half the cost of a file object
    except OSError as exc:
        return None, [Problem(shown, 0, 0, "unreadable", f"cannot read file: {exc.strerror or exc}")]
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            message = f"file is {size:,} bytes; a record may have at most {MAX_FILE_BYTES:,}"
            return None, [Problem(shown, 0, 0, "file-too-large", message)]
        raw = os.read(fd, size + 1)
        while len(raw) > size and len(raw) <= MAX_FILE_BYTES and (more := os.read(fd, MAX_FILE_BYTES)):
            raw += more  # it grew after the size was taken: read on, up to the limit
        if len(raw) > MAX_FILE_BYTES:
            message = f"file is over {MAX_FILE_BYTES:,} bytes, the most a record may have"
            return None, [Problem(shown, 0, 0, "file-too-large", message)]
        return raw, []
    except OSError as exc:
        return None, [Problem(shown, 0, 0, "unreadable", f"cannot read file: {exc.strerror or exc}")]
    finally:
        os.close(fd)


MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json"
FLOW_WIDTH = 100
_PLAIN = re.compile(r"^[A-Za-z0-9(][^\n]*$")
_ESCAPED = re.compile(r"[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Characters written as ``\\uXXXX`` escapes: YAML reads some as line breaks, editors hide the rest."""
_RISKY = re.compile(r"(:\s)|(\s#)|[:\s]$|^[-?:,\[\]{}#&*!|>'\"%@`]")


def scalar(value: Any) -> str:
    """A YAML scalar that reads back as ``value`` exactly."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"records hold no {type(value).__name__} values")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return str(value)  # dates: ISO format, read back as dates
    if _PLAIN.match(value) and not _RISKY.search(value) and not _ESCAPED.search(value) and _reads_back(value):
        return value
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _reads_back(text: str) -> bool:
    try:
        return bool(yaml.safe_load(text) == text)
    except yaml.YAMLError:
        return False


def _flow_item(value: str) -> str:
    """A scalar inside ``[...]``: libyaml's flow context is stricter than the block context about ':'."""
    text = scalar(value)
    return json.dumps(value, ensure_ascii=False) if text == value and re.search(r"[,\[\]{}:#]", value) else text


def _block_text(key: str, text: str) -> list[str]:
    """A literal block whose chomping indicator keeps the text's trailing newlines exactly."""
    if "\n" not in text.rstrip("\n") and not text.endswith("\n"):
        return [f"{key}: {scalar(text)}"]
    chomp = "-" if not text.endswith("\n") else "+" if text.endswith("\n\n") else ""
    indicator = "2" if text[:1] == " " else ""  # leading spaces need an explicit indentation
    body = text.rstrip("\n").split("\n") if chomp != "+" else text[:-1].split("\n")
    return [f"{key}: |{indicator}{chomp}"] + [f"  {line}" if line else "" for line in body]


def dump_paper(paper: Paper, *, modeline: bool = True, comments: dict[str, list[str]] | None = None) -> str:
    """The canonical YAML text of ``paper``; ``comments`` (by key, "" for the header) go above their key."""
    comments = comments or {}
    data = paper.model_dump(mode="python", exclude_none=True, exclude_defaults=False)
    lines: list[str] = [MODELINE] if modeline else []
    lines += comments.get("", [])
    for key in Paper.model_fields:
        if key not in data:
            continue
        lines += comments.get(key, [])
        value = data[key]
        if key in ("categories", "tags", "corrections") and not value:
            continue
        if key == "venue":
            parts = [f"{k}: {scalar(v)}" for k, v in value.items() if v is not None]
            lines.append(f"venue: {{{', '.join(parts)}}}")
        elif key == "links":
            links = {k: v for k, v in value.items() if v is not None}
            if links:
                lines.append("links:")
                lines += [f"  {k}: {scalar(v)}" for k, v in links.items()]
        elif key == "corrections":
            lines.append("corrections:")
            for fix in value:
                lines.append(f"  - fields: [{', '.join(_flow_item(f) for f in fix['fields'])}]")
                if fix.get("source"):
                    lines.append(f"    source: {scalar(fix['source'])}")
                lines.append(f"    reason: {scalar(fix['reason'])}")
        elif isinstance(value, list):
            flow = f"{key}: [{', '.join(_flow_item(v) for v in value)}]"
            if len(flow) <= FLOW_WIDTH:
                lines.append(flow)
            else:
                lines.append(f"{key}:")
                lines += [f"  - {scalar(v)}" for v in value]
        elif key in ("abstract", "notes"):
            lines += _block_text(key, value)
        else:
            lines.append(f"{key}: {scalar(value)}")
    known = set(Paper.model_fields) | {""}
    lines += [c for key, found in comments.items() if key not in known for c in found]
    return "\n".join(lines) + "\n"


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_MODELINE = re.compile(r"^#\s*yaml-language-server:")


def normalize(value: Any) -> Any:
    """Strings NFC-normalized; single-line strings stripped; text lines without trailing spaces."""
    if isinstance(value, str):
        return canonical_text(value)
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
    """The canonical text of a record file (comments kept), or its problems. What is safe to fix is
    fixed: a byte order mark, CRLF line ends, identifiers given as their URLs."""
    raw = raw.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    doc = parse_yaml(raw, path)
    if doc.data is None or doc.problems:
        return None, doc.problems
    if not isinstance(doc.data, dict):
        return None, [Problem(path, 1, 1, "not-a-mapping", "the file is not a mapping of keys to values")]
    doc.data = normalize(doc.data)
    links = doc.data.get("links")
    if isinstance(links, dict):
        for kind, parse in (("arxiv", ids.arxiv_id), ("doi", ids.doi), ("acl", ids.acl_id)):
            value = links.get(kind)
            if isinstance(value, str) and (found := parse(value)):
                links[kind] = found
    try:
        paper = Paper.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, doc, Paper)
    if paper.id != stem:
        line, col = doc.marks.find(("id",))
        message = f"id {paper.id!r} does not match the file name {stem + RECORD_SUFFIX!r}; rename one of them"
        return None, [Problem(path, line, col, "id-mismatch", message)]
    return dump_paper(paper, comments=comments_by_key(raw.decode("utf-8"))), []
