"""Semantic Scholar's Graph API: papers by ID (arXiv:, DOI:, ACL:) and title match."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .endpoints import Endpoints
from .http import FetchError, HttpClient, NotFound
from .metadata import Metadata, clean, pages, same_title

FIELDS = "title,authors,year,venue,journal,externalIds,publicationTypes,publicationDate,url"


def parse_paper(data: dict[str, Any]) -> Metadata:
    ids = data.get("externalIds") or {}
    journal = data.get("journal") or {}
    doi = ids.get("DOI")
    return Metadata(
        provider="Semantic Scholar",
        title=clean(data.get("title") or ""),
        authors=[clean(a.get("name", "")) for a in data.get("authors") or [] if a.get("name")],
        year=int(data["year"]) if data.get("year") else None,
        venue=clean(data.get("venue") or journal.get("name") or "") or None,
        arxiv=ids.get("ArXiv"),
        doi=doi if doi and not doi.lower().startswith("10.48550/") else None,
        acl=ids.get("ACL"),
        url=data.get("url"),
        pages=pages(journal.get("pages")),
    )


def _headers(endpoints: Endpoints) -> dict[str, str]:
    return {"x-api-key": endpoints.s2_api_key} if endpoints.s2_api_key else {}


def fetch(client: HttpClient, endpoints: Endpoints, paper_id: str) -> Metadata:
    """``paper_id`` as S2 writes it: ``arXiv:1706.03762``, ``DOI:10...``, ``ACL:2020.acl-main.1``."""
    url = f"{endpoints.s2}/paper/{quote(paper_id, safe=':/')}"
    data = client.get(url, params={"fields": FIELDS}, headers=_headers(endpoints), expect="json").json()
    if not isinstance(data, dict) or "title" not in data:
        raise FetchError("Semantic Scholar answered with an unexpected JSON document")
    return parse_paper(data)


def match_title(client: HttpClient, endpoints: Endpoints, title: str) -> Metadata:
    """The paper whose title matches ``title``; NotFound unless the hit's title really is it."""
    data = client.get(
        f"{endpoints.s2}/paper/search/match",
        params={"query": title, "fields": FIELDS},
        headers=_headers(endpoints),
        expect="json",
    ).json()
    hits = data.get("data") if isinstance(data, dict) else None
    if not hits:
        raise NotFound(f"Semantic Scholar found no paper titled {title!r}")
    hit = parse_paper(hits[0])
    if not same_title(hit.title, title):
        raise NotFound(f"Semantic Scholar's best match {hit.title!r} is another paper")
    return hit
