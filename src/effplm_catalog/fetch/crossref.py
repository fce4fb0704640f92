"""Crossref's REST API: works by DOI (JATS markup stripped from abstracts)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from .endpoints import Endpoints
from .http import FetchError, HttpClient, NotFound
from .metadata import Metadata, clean, clean_paragraphs, pages


def strip_jats(text: str) -> str:
    """Plain text of a JATS abstract: its "Abstract" heading dropped, tags removed, entities kept as text."""
    text = re.sub(r"<jats:title>\s*Abstract\s*</jats:title>", "", text, flags=re.IGNORECASE)
    text = re.sub(r"</jats:p>\s*<jats:p>", "\n\n", text)
    return clean_paragraphs(re.sub(r"<[^>]+>", "", text))


def parse_work(message: dict[str, Any]) -> Metadata:
    def first(key: str) -> str | None:
        value = message.get(key)
        if isinstance(value, list):
            return clean(value[0]) if value else None
        return clean(value) if isinstance(value, str) else None

    authors = []
    for a in message.get("author", []):
        name = " ".join(p for p in (a.get("given"), a.get("family")) if p) or a.get("name", "")
        if name:
            authors.append(clean(name))
    year = None
    for key in ("published-print", "published", "issued", "published-online"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            year = int(parts[0][0])
            break
    event = (message.get("event") or {}).get("name")
    abstract = message.get("abstract")
    return Metadata(
        provider="Crossref",
        title=first("title") or "",
        authors=authors,
        year=year,
        venue=first("container-title") or (clean(event) if isinstance(event, str) else None),
        doi=message.get("DOI"),
        url=((message.get("resource") or {}).get("primary") or {}).get("URL") or message.get("URL"),
        pages=pages(message.get("page")),
        abstract=strip_jats(abstract) if isinstance(abstract, str) else None,
    )


def fetch(client: HttpClient, endpoints: Endpoints, doi: str) -> Metadata:
    params = {"mailto": client.mailto} if client.mailto else None
    try:
        data = client.get(f"{endpoints.crossref}/works/{quote(doi, safe='')}", params=params, expect="json").json()
    except NotFound:
        raise NotFound(f"Crossref has no work with DOI {doi}") from None
    if not isinstance(data, dict) or data.get("status") != "ok" or not isinstance(data.get("message"), dict):
        raise FetchError("Crossref answered with an unexpected JSON document")
    return parse_work(data["message"])
