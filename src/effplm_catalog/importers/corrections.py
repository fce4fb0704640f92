"""Curated corrections to source entries (``curation/corrections.yaml``), applied before merging."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from ..errors import InvalidCatalog
from ..ids import normalize_title
from ..loader import parse_yaml, validate_model
from ..models import AuthorName, OneLine, Record, Slug, Year
from .entries import Entry


class FieldChanges(Record):
    title: OneLine | None = None
    authors: list[AuthorName] | None = None
    venue: OneLine | None = None
    year: Year | None = None
    arxiv: str | None = None
    category: Slug | None = None


class Correction(Record):
    title: OneLine
    source: Slug | None = None
    set: FieldChanges = Field(default_factory=FieldChanges)
    drop_urls: list[str] = Field(default_factory=list)
    rename_authors: dict[str, str] = Field(default_factory=dict)
    reason: str = Field(min_length=10)


class Corrections(Record):
    corrections: list[Correction] = Field(default_factory=list)


def load_corrections(path: Path, shown: str | None = None) -> list[Correction]:
    """The corrections in ``path`` (none if the file does not exist); InvalidCatalog if malformed."""
    if not path.exists():
        return []
    doc = parse_yaml(path.read_bytes(), shown or path.as_posix())
    result = validate_model(doc, Corrections)
    if result is None:
        raise InvalidCatalog(doc.problems)
    return result.corrections


def apply_corrections(entries: list[Entry], corrections: list[Correction]) -> dict[int, list[Correction]]:
    """Change matching entries in place; entry index → the corrections applied to it."""
    applied: dict[int, list[Correction]] = {}
    for correction in corrections:
        key = normalize_title(correction.title)
        for i, entry in enumerate(entries):
            if normalize_title(entry.title) != key or (correction.source and entry.source != correction.source):
                continue
            changes = correction.set
            if changes.title:
                entry.title = changes.title
            if changes.authors:
                entry.authors = list(changes.authors)
            if changes.venue:
                entry.venue_text = changes.venue
            if changes.year:
                entry.year = changes.year
            if changes.arxiv:
                entry.urls.append(("arxiv", f"https://arxiv.org/abs/{changes.arxiv}"))
            if changes.category:
                entry.sections.insert(0, changes.category)
            entry.urls = [(label, url) for label, url in entry.urls if url not in correction.drop_urls]
            entry.authors = [correction.rename_authors.get(a, a) for a in entry.authors]
            applied.setdefault(i, []).append(correction)
    return applied
