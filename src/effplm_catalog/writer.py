"""Writing records back as YAML, in one canonical layout.

The layout is what ``effplm fmt`` produces and what importers write: the
schema modeline first, keys in the model's field order, strings quoted only
when YAML would otherwise read them as something else, short lists and the
venue on one line, Markdown text as literal blocks. Loading the output gives
back an equal :class:`~effplm_catalog.models.Paper`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .models import Paper

MODELINE = "# yaml-language-server: $schema=../schema/paper.schema.json"
FLOW_WIDTH = 100
_PLAIN = re.compile(r"^[A-Za-z0-9(][^\n]*$")
_RISKY = re.compile(r"(:\s)|(\s#)|[:\s]$|^[-?:,\[\]{}#&*!|>'\"%@`]")


def scalar(value: Any) -> str:
    """A YAML scalar that reads back as ``value`` exactly."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"records hold no {type(value).__name__} values")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return str(value)  # dates: ISO format, read back as dates
    if _PLAIN.match(value) and not _RISKY.search(value) and _reads_back(value):
        return value
    return json.dumps(value, ensure_ascii=False)


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
        if key in ("categories", "tags") and not value:
            continue
        if key == "venue":
            parts = [f"{k}: {scalar(v)}" for k, v in value.items() if v is not None]
            lines.append(f"venue: {{{', '.join(parts)}}}")
        elif key == "links":
            links = {k: v for k, v in value.items() if v is not None}
            if links:
                lines.append("links:")
                lines += [f"  {k}: {scalar(v)}" for k, v in links.items()]
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
