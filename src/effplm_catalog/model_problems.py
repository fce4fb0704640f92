"""Pydantic's validation errors → located problems that say the fix.

A parsed :class:`~.loader.Document` keeps the position of every key and value; here each
error of a model is placed on the key or value at fault, given a stable code, and, for the
mistakes YAML makes easy (a quoted year, an arXiv ID read as a number, free text where a
mapping belongs, a missing key), told what to write instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .ids import PATTERN_MESSAGES
from .loader import Document, Loc
from .problems import Problem

M = TypeVar("M", bound=BaseModel)


def validate_model(doc: Document, model: type[M], context: Mapping[str, Any] | None = None) -> M | None:
    """Validate a parsed document against ``model``; problems are appended to ``doc.problems``."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        doc.problems.append(
            Problem(doc.path, 1, 1, "not-a-mapping", f"the file holds {kind}; a record is a mapping of keys to values")
        )
        return None
    try:
        return model.model_validate(doc.data, context=dict(context or {}))
    except ValidationError as exc:
        doc.problems.extend(problems_from_validation(exc, doc, model))
        return None


def problems_from_validation(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic errors into located problems with stable codes."""
    out = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        dotted = _dotted(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            line, col = doc.marks.find(loc, key=True)
            known = _field_names(model, loc[:-1])
            hint = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            message = f"unknown key {dotted!r}"
            message += f"; did you mean {hint[0]!r}?" if hint else f"; allowed keys: {', '.join(known)}"
            out.append(Problem(doc.path, line, col, "unknown-key", message))
        elif kind == "missing":
            line, col = doc.marks.find(loc[:-1])
            message = f"required key {dotted!r} is missing"
            about = _field_description(model, loc)
            if about:  # what to write: the field's own description, which gives its form
                message += f": add `{loc[-1]}: ...`, {about[0].lower()}{about[1:]}"
            out.append(Problem(doc.path, line, col, "missing-key", message))
        else:
            msg = err["msg"].removeprefix("Value error, ")
            named = re.match(r"([a-z_.]+): ", msg) if not loc else None
            if named and isinstance(doc.data, dict) and named.group(1).split(".")[0] in doc.data:
                loc = tuple(named.group(1).split("."))  # a check of the whole record about one field
                msg = msg[named.end() :]
                dotted = _dotted(loc)
            line, col = doc.marks.find(loc)
            if kind == "string_pattern_mismatch":
                msg = PATTERN_MESSAGES.get(str(err.get("ctx", {}).get("pattern")), msg)
            where = f"{dotted}: " if dotted else ""
            code = "invalid-type" if kind.endswith(("_type", "_parsing")) else "invalid-value"
            fix = _type_fix(loc, err.get("input"), _source_text(doc, loc), kind)
            got = _short(err.get("input"))
            suffix = f" (got {got})" if code == "invalid-type" and not fix else ""
            out.append(Problem(doc.path, line, col, code, f"{where}{msg}{suffix}{fix}"))
    return out


def _source_text(doc: Document, loc: Loc) -> str | None:
    """The value at ``loc`` as written in the file (a scalar's text before YAML typed it)."""
    node = doc.node
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return None
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _type_fix(loc: Loc, value: Any, written: str | None, kind: str) -> str:
    """What to write instead, for the type mistakes YAML makes easy."""
    key = str(loc[-1]) if loc else ""
    if kind == "string_type" and isinstance(value, (int, float)) and written is not None:
        shown = f" (YAML read {written} as the number {value!r})" if str(value) != written else ""
        return f'{shown}: quote it, `{key}: "{written}"`'
    if kind in ("int_type", "int_parsing") and isinstance(value, str) and value.strip().isdigit():
        return f": remove the quotes, `{key}: {value.strip()}`"
    if kind.startswith("date") and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return f": {value.strip()} is not a day of the calendar; write the date as YYYY-MM-DD"
    if kind == "model_type" and key == "venue" and isinstance(value, str):
        return f": {value!r} is free text; write a venue of vocab/venues.yaml as `venue: {{id: ..., track: ...}}`"
    return ""


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the (nested) model at ``loc``, for "did you mean" hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if info is None:
            return []
        current = _model_in(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _field_description(model: type[BaseModel], loc: Loc) -> str:
    """The description of the field at ``loc`` (for a missing key), or ""."""
    names = [part for part in loc if not isinstance(part, int)]
    if not names:
        return ""
    current: Any = model
    for part in names[:-1]:
        info = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if info is None:
            return ""
        current = _model_in(info.annotation)
    if not (isinstance(current, type) and issubclass(current, BaseModel)):
        return ""
    info = current.model_fields.get(names[-1])
    return (info.description or "") if info is not None else ""


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
