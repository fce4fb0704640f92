"""The catalog as downloadable data: BibTeX, JSON and CSV (the same files the site publishes)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from . import bibtex
from .catalog import Catalog
from .errors import EffplmError
from .models import Paper

FORMATS = ("bibtex", "json", "csv")


def select(catalog: Catalog, categories: Sequence[str] = ()) -> list[Paper]:
    """Papers in any of ``categories`` (primary or further), or all; EffplmError for an unknown id."""
    unknown = [c for c in categories if c not in catalog.vocab.categories]
    if unknown:
        raise EffplmError(f"unknown categor{'ies' if len(unknown) > 1 else 'y'}: {', '.join(unknown)}")
    if not categories:
        return list(catalog.papers)
    wanted = set(categories)
    return [p for p in catalog.papers if wanted.intersection(p.all_categories)]


def to_bibtex(catalog: Catalog, papers: Iterable[Paper] | None = None) -> str:
    """BibTeX with the catalog-wide keys (a subset keeps the keys of the whole)."""
    return bibtex.export(catalog.vocab, catalog.papers, papers)


def to_json(catalog: Catalog, papers: Iterable[Paper] | None = None) -> str:
    """Every record as JSON, with its BibTeX key, venue label and best URL."""
    keys = catalog.bibtex_keys
    data = [
        {
            **p.model_dump(mode="json", exclude_none=True),
            "bibtex_key": keys[p.id],
            "venue_label": catalog.venue_label(p),
            "url": p.primary_url(),
        }
        for p in (catalog.papers if papers is None else papers)
    ]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


CSV_FIELDS = (
    "id",
    "title",
    "authors",
    "year",
    "venue",
    "venue_label",
    "track",
    "category",
    "categories",
    "arxiv",
    "doi",
    "acl",
    "openreview",
    "paper",
    "code",
    "project",
    "sources",
    "added",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP's CSV injection advice)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(catalog: Catalog, papers: Iterable[Paper] | None = None) -> str:
    """One row per paper; multi-valued fields joined with "; "."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for p in catalog.papers if papers is None else papers:
        lk = p.links
        writer.writerow(
            _cell(v)
            for v in [
                p.id,
                p.title,
                "; ".join(p.authors),
                p.year,
                p.venue.id,
                catalog.venue_label(p),
                catalog.vocab.track_of(p.venue),
                p.category,
                "; ".join(p.categories),
                lk.arxiv or "",
                lk.doi or "",
                lk.acl or "",
                lk.openreview or "",
                lk.paper or "",
                lk.code or "",
                lk.project or "",
                "; ".join(p.sources),
                p.added.isoformat(),
            ]
        )
    return buf.getvalue()
