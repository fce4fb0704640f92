"""From an identifier to the best metadata the providers agree on.

arXiv IDs: the arXiv record, then the published version when a source knows it
(Semantic Scholar by ID, else by exact title; then DBLP by exact title), with its
venue, year and DOI. DOIs: Crossref, plus the arXiv ID from Semantic Scholar.
ACL Anthology IDs: the Anthology's BibTeX, plus the arXiv ID from Semantic Scholar.
Only the first lookup is required; the others add what they can and their
failures become notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .. import ids
from ..errors import EffplmError
from ..scaffold import NewPaper
from . import acl, arxiv, crossref, dblp, s2
from .endpoints import Endpoints
from .http import FetchError, HttpClient
from .metadata import Metadata, clean, clean_paragraphs, same_title

Kind = Literal["arxiv", "doi", "acl"]


@dataclass
class Resolved:
    """The merged metadata, where each part came from, and what could not be looked up."""

    metadata: Metadata
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_identifier(text: str) -> tuple[Kind, str]:
    """``("arxiv", "1910.01108")``, ``("doi", ...)`` or ``("acl", ...)``; EffplmError otherwise."""
    text = text.strip()
    if found := ids.arxiv_id(text):
        return "arxiv", found
    if found := ids.doi(text):
        lowered = found.lower()
        if lowered.startswith("10.48550/arxiv.") and (in_doi := ids.arxiv_id(found[len("10.48550/arxiv.") :])):
            return "arxiv", in_doi  # arXiv's own DataCite DOI
        if lowered.startswith("10.18653/v1/") and (in_doi := ids.acl_id(lowered[len("10.18653/v1/") :])):
            return "acl", in_doi  # ACL Anthology DOIs carry the Anthology ID
        return "doi", found
    if found := ids.acl_id(text):
        return "acl", found
    raise EffplmError(f"{text!r} is not an arXiv ID, DOI or ACL Anthology ID (or a URL of one)")


def resolve(identifier: str, client: HttpClient, endpoints: Endpoints) -> Resolved:
    kind, value = parse_identifier(identifier)
    if kind == "arxiv":
        return _from_arxiv(value, client, endpoints)
    if kind == "doi":
        result = Resolved(crossref.fetch(client, endpoints, value), ["Crossref"])
        _add_arxiv_id(result, client, endpoints, f"DOI:{value}")
        return result
    result = Resolved(acl.fetch(client, endpoints, value), ["ACL Anthology"])
    _add_arxiv_id(result, client, endpoints, f"ACL:{value}")
    return result


def _optional(result: Resolved, what: str, lookup: object) -> Metadata | None:
    try:
        found = lookup() if callable(lookup) else None
    except FetchError as exc:
        result.notes.append(f"{what}: {exc}")
        return None
    return found if isinstance(found, Metadata) else None


def _from_arxiv(arxiv_id: str, client: HttpClient, endpoints: Endpoints) -> Resolved:
    base = arxiv.fetch(client, endpoints, arxiv_id)
    result = Resolved(base, ["arXiv"])
    published: Metadata | None = None
    if base.venue or base.doi:
        published = base  # arXiv itself knows a journal reference or DOI
    by_id = _optional(result, "Semantic Scholar", lambda: s2.fetch(client, endpoints, f"arXiv:{arxiv_id}"))
    hit = by_id or _optional(
        result, "Semantic Scholar title search", lambda: s2.match_title(client, endpoints, base.title)
    )
    if hit is not None and _is_published(hit):
        published = hit
        result.sources.append("Semantic Scholar")
    if published is None or not published.venue:
        found = _optional(result, "DBLP", lambda: dblp.search_title(client, endpoints, base.title))
        if found is not None:
            published = found
            result.sources.append("DBLP")
    if published is not None and published is not base:
        if published.doi and not base.doi:
            base.doi = published.doi
        base.venue = published.venue or base.venue
        base.year = published.year or base.year
        base.pages = published.pages or base.pages
        base.acl = published.acl or base.acl
    if base.doi and not base.venue:
        found = _optional(result, "Crossref", lambda: crossref.fetch(client, endpoints, base.doi or ""))
        if found is not None:
            base.venue, base.year, base.pages = found.venue, found.year or base.year, found.pages or base.pages
            result.sources.append("Crossref")
    return result


def _is_published(meta: Metadata) -> bool:
    venue = (meta.venue or "").lower()
    return bool(venue) and "arxiv" not in venue and venue != "corr"


def _add_arxiv_id(result: Resolved, client: HttpClient, endpoints: Endpoints, s2_id: str) -> None:
    found = _optional(result, "Semantic Scholar", lambda: s2.fetch(client, endpoints, s2_id))
    if found is not None and same_title(found.title, result.metadata.title):
        result.metadata.arxiv = result.metadata.arxiv or found.arxiv
        result.metadata.acl = result.metadata.acl or found.acl
        result.sources.append("Semantic Scholar")


def to_new_paper(
    meta: Metadata,
    category: str,
    categories: Sequence[str] = (),
    sources: Sequence[str] = ("curator",),
    added: dt.date | None = None,
) -> NewPaper:
    """What :func:`~effplm_catalog.scaffold.build_paper` needs, from fetched metadata."""
    if meta.year is None:
        raise EffplmError("no source gives a year")
    links = {"arxiv": meta.arxiv, "doi": meta.doi, "acl": meta.acl}
    if not any(links.values()) and meta.url:
        links["paper"] = meta.url
    # Whichever provider gave them, the texts are cleaned once more to what a record accepts.
    return NewPaper(
        clean(meta.title),
        [clean(a) for a in meta.authors],
        meta.year,
        meta.venue or "arxiv",
        category,
        categories,
        links={k: v for k, v in links.items() if v},
        sources=sources,
        abstract=(clean_paragraphs(meta.abstract) or None) if meta.abstract else None,
        pages=meta.pages,
        added=added or dt.date.today(),
    )
