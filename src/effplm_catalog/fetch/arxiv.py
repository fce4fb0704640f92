"""The arXiv API (Atom). Both the legacy and the 2025 feed formats parse; XML entities are never expanded."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ..ids import arxiv_id
from .endpoints import Endpoints
from .http import FetchError, HttpClient, NotFound
from .metadata import Metadata, clean

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"


def parse_feed(body: bytes) -> list[Metadata]:
    """Every entry of an arXiv Atom feed; FetchError for an error feed or XML that is unsafe or broken."""
    try:
        root = SafeET.fromstring(body)
    except DefusedXmlException as exc:
        raise FetchError(f"arXiv sent XML with forbidden constructs ({type(exc).__name__}); refused") from None
    except SafeET.ParseError as exc:
        raise FetchError(f"arXiv sent malformed XML: {exc}") from None
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        title = clean(entry.findtext(f"{ATOM}title") or "")
        entry_id = entry.findtext(f"{ATOM}id") or ""
        if title == "Error" or "/api/errors" in entry_id:
            raise FetchError(f"arXiv: {clean(entry.findtext(f'{ATOM}summary') or 'error')}")
        published = entry.findtext(f"{ATOM}published") or ""
        entries.append(
            Metadata(
                provider="arXiv",
                title=title,
                authors=[clean(a.findtext(f"{ATOM}name") or "") for a in entry.findall(f"{ATOM}author")],
                year=int(published[:4]) if published[:4].isdigit() else None,
                venue=clean(entry.findtext(f"{ARXIV}journal_ref") or "") or None,
                arxiv=arxiv_id(entry_id),
                doi=clean(entry.findtext(f"{ARXIV}doi") or "") or None,
                url=f"https://arxiv.org/abs/{arxiv_id(entry_id)}" if arxiv_id(entry_id) else None,
                abstract=clean(entry.findtext(f"{ATOM}summary") or "") or None,
            )
        )
    return entries


def fetch(client: HttpClient, endpoints: Endpoints, identifier: str) -> Metadata:
    """The arXiv record of ``identifier`` (no version)."""
    response = client.get(
        endpoints.arxiv, params={"id_list": identifier, "max_results": "1"}, expect="xml", ok=(200, 400)
    )
    entries = parse_feed(response.body)
    if response.status == 400:
        raise FetchError(f"arXiv refused the request for {identifier!r} (HTTP 400)")
    if not entries:
        raise NotFound(f"arXiv has no paper {identifier}")
    return entries[0]
