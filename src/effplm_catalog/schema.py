"""The record's JSON Schema for editors (draft-07, which yaml-language-server supports).

Pydantic emits draft 2020-12 (``$defs``, ``anyOf`` with ``null``); this module
rewrites it for draft-07, adds the patterns that the models check in code, and
turns categories, venues, sources and tracks into enums taken from the
vocabularies, so that editors autocomplete them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import ids, models
from .models import TRACKS, Paper
from .vocab import Vocabulary

SCHEMA_PATH = "schema/paper.schema.json"
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

# No backslash before the quote: ECMA-262 with the `u` flag (Ajv, check-jsonschema) refuses it.
_URL = {"type": "string", "format": "uri", "pattern": "^https?://[^\\s<>\"'`{}|\\\\^]+$", "maxLength": 2000}


def _ecma(*patterns: re.Pattern[str]) -> str:
    """Python patterns as one ECMA-262 pattern (JSON Schema's dialect has no named groups)."""
    return "|".join(re.sub(r"\(\?P<\w+>", "(", p.pattern) for p in patterns)


_LINK_PATTERNS = {
    "arxiv": _ecma(ids.ARXIV_NEW, ids.ARXIV_OLD),
    "doi": _ecma(ids.DOI),
    "acl": _ecma(ids.ACL_NEW, ids.ACL_OLD),
    "openreview": _ecma(ids.OPENREVIEW),
}


def _any_case(pattern: str) -> str:
    """``pattern`` matching letters in either case (JSON Schema patterns take no flags)."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append(f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() and ch.isascii() and not in_class else ch)
        i += 1
    return "".join(out)


def _none_of(*patterns: str) -> dict[str, Any]:
    return {"allOf": [{"not": {"pattern": p}} for p in patterns]}


# What the model refuses in a title or a name beyond its characters (models._not_placeholder and
# models._author): placeholders, two people in one name, "et al.", a stray "and".
_PLACEHOLDER = _any_case(models.PLACEHOLDER.pattern)
_NOT_ONE_AUTHOR = (
    _PLACEHOLDER,
    models.TWO_NAMES.pattern,
    _any_case(ids.ET_AL.pattern),
    _any_case(r"^and | and$"),  # as models._author: a name starting "and " or ending " and"
)


def _draft07(node: Any) -> Any:
    """Rewrite pydantic's draft 2020-12 output for draft-07 (refs, nullable unions)."""
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        elif key == "$defs":
            out["definitions"] = _draft07(value)
        elif key == "anyOf" and isinstance(value, list) and {"type": "null"} in value:
            rest = [v for v in value if v != {"type": "null"}]
            # Optional keys are simply left out of a record; `null` is not a value anyone writes.
            if len(rest) == 1:
                out.update(_draft07(rest[0]))
            else:
                out["anyOf"] = _draft07(rest)
        else:
            out[key] = _draft07(value)
    if "default" in out and out["default"] is None:
        del out["default"]
    return out


def _enum(values: list[str], descriptions: dict[str, str]) -> dict[str, Any]:
    return {"type": "string", "enum": values, "markdownEnumDescriptions": [descriptions[v] for v in values]}


def paper_schema(vocab: Vocabulary) -> dict[str, Any]:
    """The JSON Schema of a record, with enums from ``vocab``."""
    schema = _draft07(Paper.model_json_schema(mode="validation"))
    props = schema["properties"]
    defs = schema["definitions"]
    categories = _enum(list(vocab.categories), {c.id: f"{c.title}: {c.description}" for c in vocab.categories.values()})
    venues = _enum(list(vocab.venue_by_id), {v.id: f"{v.name}: {v.full_name} ({v.kind})" for v in vocab.venues.venues})
    sources = _enum(list(vocab.source_by_id), {s.id: s.title for s in vocab.sources.sources})
    props["category"] = {k: v for k, v in props["category"].items() if k != "pattern"} | categories  # enums say it all
    props["categories"]["items"] = categories
    props["sources"]["items"] = sources
    day = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    props["added"] = {**props["added"], **day}
    props["verified"] = {**props["verified"], **day}
    # The model's own patterns: one line, no surrounding spaces, no control characters; in a name
    # also no commas ("Last, First"), no LaTeX braces or backslashes.
    props["authors"]["items"].update({"pattern": f"^{models.PLAIN_AUTHOR.pattern}$", **_none_of(*_NOT_ONE_AUTHOR)})
    props["title"].update({"pattern": f"^{models.ONE_LINE.pattern}$", **_none_of(_PLACEHOLDER)})
    defs["Venue"]["properties"]["id"] = {k: v for k, v in defs["Venue"]["properties"]["id"].items() if k != "pattern"}
    defs["Venue"]["properties"]["id"].update(venues)
    defs["Venue"]["properties"]["track"] = {
        **{k: v for k, v in defs["Venue"]["properties"]["track"].items() if k != "enum"},
        "enum": list(TRACKS),
    }
    # A preprint server's papers have track `none`, and only theirs (checks.check_vocabulary).
    preprints = [v.id for v in vocab.venues.venues if v.kind == "preprint"]
    defs["Venue"]["if"] = {"properties": {"id": {"enum": preprints}}, "required": ["id"]}
    defs["Venue"]["then"] = {"properties": {"track": {"const": "none"}}}
    defs["Venue"]["else"] = {"properties": {"track": {"not": {"const": "none"}}}}
    for name, pattern in _LINK_PATTERNS.items():
        defs["Links"]["properties"][name]["pattern"] = pattern
    for name in ("paper", "code", "project"):
        description = defs["Links"]["properties"][name].get("description")
        defs["Links"]["properties"][name] = {**_URL, "description": description}
    return {
        "$schema": DRAFT_07,
        "$id": "https://effplm-catalog.github.io/schema/paper.schema.json",
        "title": "effplm-catalog paper record",
        "description": "One paper of the catalog: the content of papers/<id>.yaml. Generated by `effplm schema`.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def render_schema(vocab: Vocabulary) -> str:
    """The schema as committed: stable key order, two-space indent, trailing newline."""
    return json.dumps(paper_schema(vocab), indent=2, ensure_ascii=False) + "\n"
