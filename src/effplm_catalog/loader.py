"""YAML → plain data with source positions, with located problems (model_problems.py then
places the models' errors by these positions).

Parsing uses libyaml (``CSafeLoader``) where available. The composed node graph
keeps every node's position, so each problem points at the key or value at
fault. What YAML accepts but a curator never means is refused: duplicate keys,
tags (``!!python/object``, ``!custom``), anchors and aliases (which also rules
out alias bombs, as aliases are refused before anything is expanded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is ~7x faster; the pure-Python parser is only a fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YAML_LOADER = _Loader
"""The loader class in use (libyaml's when available), for modules that scan YAML themselves."""

MAX_FILE_BYTES = 256 * 1024
"""Records are a few hundred bytes; anything this large is a mistake or an attack."""

Loc = tuple[str | int, ...]

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_STR = "tag:yaml.org,2002:str"
_SUSPICIOUS = re.compile(rb"[!&*]")
# C0 and C1 controls (NEL, U+0085, included: YAML reads it as a line break), the Unicode line and
# paragraph separators (also line breaks to YAML) and the non-characters U+FFFE and U+FFFF.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Marks:
    """1-based (line, column) of each value and each mapping key, by location path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of ``loc`` (its key if ``key``), else of its nearest parent."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


@dataclass(slots=True)
class Document:
    """A parsed YAML file: its data (None when it could not be parsed) and the positions in it.

    Positions are worked out from the node tree only when a problem needs them: most
    files are valid, and recording a position for every node costs more than parsing.
    """

    path: str
    data: Any
    _marks: Marks | None
    problems: list[Problem]
    node: yaml.Node | None = None

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = Marks()
            if self.node is not None:
                _construct(self.node, (), self._marks, [], self.path)
        return self._marks

    def positions(self, keys: frozenset[str]) -> dict[Loc, tuple[int, int]]:
        """Positions of the values under the top-level ``keys`` and of their direct children."""
        return top_positions(self.node, keys)


def parse_yaml(raw: bytes, path: str) -> Document:
    """Parse one YAML document, reporting every problem found with its position."""
    marks = Marks()
    problems: list[Problem] = []

    def fail(code: str, message: str, line: int = 0, column: int = 0) -> Document:
        problems.append(Problem(path, line, column, code, message))
        return Document(path, None, marks, problems)

    if len(raw) > MAX_FILE_BYTES:
        return fail("file-too-large", f"file is {len(raw):,} bytes; a record may have at most {MAX_FILE_BYTES:,}")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail("encoding", "file starts with a UTF-8 byte order mark; save it without BOM", 1, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        return fail("encoding", "file contains a NUL byte", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        return fail("encoding", f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col)
    control = _CONTROL.search(text)
    if control:
        line, col = _position(raw, len(text[: control.start()].encode("utf-8")))
        return fail("encoding", f"file contains the control character U+{ord(control.group()):04X}", line, col)
    if _SUSPICIOUS.search(raw):
        for problem in _scan_events(text, path):
            problems.append(problem)
        if problems:
            return Document(path, None, marks, problems)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # At the end of the file, where something opened (a quote, a bracket) says more.
        at_end = "end of stream" in str(exc.problem or "")
        mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return fail("yaml-syntax", f"invalid YAML: {message}{_syntax_fix(text, line, col, message)}", line, col)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all syntax errors
        return fail("yaml-syntax", f"invalid YAML: {exc}")
    if node is None:
        return fail("empty-file", "file is empty; a record is a mapping of keys to values")
    try:
        doc = Document(path, _construct_plain(node), None, problems, node)
    except _Irregular:  # a tag, a duplicate or a non-text key: the careful walk reports where
        doc = Document(path, _construct(node, (), marks, problems, path), marks, problems, node)
    if "\\" in text:  # an escape in a quoted value may write what the file may not hold
        problems.extend(_escaped_controls(node, doc.data, text, path))
    return doc


# YAML's escapes in double-quoted text, and the character each writes.
_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abefvNLP_])")
_NAMED = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "f": "\f",
    "v": "\v",
    "N": "\x85",
    "L": "\u2028",
    "P": "\u2029",
    "_": "\xa0",
}


def _escaped_controls(node: yaml.Node, data: Any, text: str, path: str) -> list[Problem]:
    """Problems for quoted values whose escapes write a character no record may hold, at the
    escape; the character is dropped from ``data`` so that the models do not report it again."""
    found: list[Problem] = []

    def walk(node: yaml.Node, container: Any, key: Any) -> None:
        if isinstance(node, yaml.MappingNode) and isinstance(container[key], dict):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value in container[key]:
                    walk(value_node, container[key], key_node.value)
        elif isinstance(node, yaml.SequenceNode) and isinstance(container[key], list):
            for i, item in enumerate(node.value[: len(container[key])]):
                walk(item, container[key], i)
        elif isinstance(node, yaml.ScalarNode) and node.style == '"' and isinstance(container[key], str):
            value = container[key]
            if not _CONTROL.search(value):
                return
            source = text[node.start_mark.index : node.end_mark.index]
            for escape in _ESCAPE.finditer(source):
                code = escape.group(1)
                if code == "\\":
                    continue  # an escaped backslash: what follows it is text
                char = _NAMED.get(code) or chr(int(code[1:], 16))
                if _CONTROL.fullmatch(char):
                    before = source[: escape.start()]
                    line = node.start_mark.line + 1 + before.count("\n")
                    col = (
                        (len(before) - before.rfind("\n"))
                        if "\n" in before
                        else node.start_mark.column + 1 + len(before)
                    )
                    shown = f"the escape {escape.group(0)} writes U+{ord(char):04X}"
                    message = f"{shown}, a character no record may hold: remove it"
                    found.append(Problem(path, line, col, "encoding", message))
                    break
            container[key] = _CONTROL.sub("", value)

    holder = [data]
    walk(node, holder, 0)
    return found


def _syntax_fix(text: str, line: int, col: int, message: str) -> str:
    """What to write instead, for the syntax mistakes records usually hold."""
    lines = text.split("\n")
    row = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in message or "\t" in row[: max(col, 1)]:
        return f"; the file uses a tab at line {line}: indent with spaces"
    key = re.match(r"^(\w+):\s+(.*\S)\s*$", row)
    if "mapping values are not allowed" in message and key:
        value = key.group(2).replace("\\", "\\\\").replace('"', '\\"')
        return f'; a colon followed by a space starts a mapping: quote the value, `{key.group(1)}: "{value}"`'
    return ""


def top_positions(node: yaml.Node | None, keys: frozenset[str]) -> dict[Loc, tuple[int, int]]:
    """Positions of the values under the top-level ``keys`` and of their direct children (a shallow walk)."""
    found: dict[Loc, tuple[int, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key_node, value_node in node.value:
        key = key_node.value
        if key not in keys:
            continue
        found[(key,)] = (value_node.start_mark.line + 1, value_node.start_mark.column + 1)
        if isinstance(value_node, yaml.MappingNode):
            for sub_key, sub_value in value_node.value:
                found[(key, sub_key.value)] = (sub_value.start_mark.line + 1, sub_value.start_mark.column + 1)
        elif isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                found[(key, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
    return found


class _Irregular(Exception):
    """Something the plain walk does not handle; the careful walk will report it."""


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _construct_plain(node: yaml.Node) -> Any:
    """Data from a node tree that holds nothing irregular, as fast as Python allows."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag != _STR or key in result or not isinstance(key, str):
                raise _Irregular
            result[key] = _construct_plain(value_node)
        return result
    if tag == _SEQ:
        return [_construct_plain(item) for item in node.value]
    if tag in _STANDARD_TAGS:
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError):
            raise _Irregular from None
    raise _Irregular


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[line_start:offset].decode("utf-8", "replace")) + 1


def _scan_events(text: str, path: str) -> list[Problem]:
    """Find tags, anchors and aliases in the event stream (nothing is expanded)."""
    found: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            where = (path, mark.line + 1, mark.column + 1) if mark else (path, 0, 0)
            if isinstance(event, yaml.AliasEvent):
                found.append(
                    Problem(*where, "yaml-alias", f"aliases (*{event.anchor}) are not allowed; write the value out")
                )
            elif isinstance(event, yaml.NodeEvent):
                if event.anchor is not None:
                    found.append(Problem(*where, "yaml-anchor", f"anchors (&{event.anchor}) are not allowed"))
                tag = getattr(event, "tag", None)
                explicit = _explicit_tag(event)
                if tag is not None and explicit:
                    found.append(Problem(*where, "yaml-tag", f"YAML tags ({_tag_name(tag)}) are not allowed"))
    except yaml.YAMLError:
        return found  # compose reports the syntax error with its position
    return found


def _tag_name(tag: str) -> str:
    """A tag as it is written in the file: ``!!python/object``, ``!custom``."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _explicit_tag(event: yaml.Event) -> bool:
    if isinstance(event, yaml.ScalarEvent):
        return event.tag is not None and not any(event.implicit)
    if isinstance(event, yaml.CollectionStartEvent):
        return event.tag is not None and not event.implicit
    return False


def _construct(node: yaml.Node, loc: Loc, marks: Marks, problems: list[Problem], path: str) -> Any:
    marks.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _STANDARD_TAGS:
        line, col = marks.values[loc]
        problems.append(Problem(path, line, col, "yaml-tag", f"YAML tags ({_tag_name(node.tag)}) are not allowed"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                problems.append(Problem(path, kline, kcol, "invalid-key", "keys must be plain text"))
                continue
            key = key_node.value
            if key in seen:
                first = seen[key]
                problems.append(
                    Problem(path, kline, kcol, "duplicate-key", f"duplicate key {key!r} (first at line {first[0]})")
                )
                continue
            seen[key] = (kline, kcol)
            marks.keys[(*loc, key)] = (kline, kcol)
            result[key] = _construct(value_node, (*loc, key), marks, problems, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), marks, problems, path) for i, item in enumerate(node.value)]
    if node.tag == _STR:
        return node.value  # most scalars: what PyYAML's constructor would return, without its overhead
    try:
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, yaml.YAMLError) as exc:
        line, col = marks.values[loc]
        problems.append(Problem(path, line, col, "invalid-value", f"cannot read value: {exc}"))
        return None
