"""DBLP's publication search (JSON). Authors and venue come as an object or a list."""

from __future__ import annotations

from typing import Any

from .endpoints import Endpoints
from .http import FetchError, HttpClient, NotFound
from .metadata import Metadata, clean, pages, same_title


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(author: Any) -> str:
    text = author.get("text", "") if isinstance(author, dict) else str(author)
    # DBLP disambiguates homonyms with a number: "Wei Zhang 0001".
    parts = text.split()
    if parts and parts[-1].isdigit() and len(parts[-1]) == 4:
        parts = parts[:-1]
    return clean(" ".join(parts))


def parse_hit(info: dict[str, Any]) -> Metadata:
    venues = [clean(str(v)) for v in _as_list(info.get("venue"))]
    ee = _as_list(info.get("ee"))
    return Metadata(
        provider="DBLP",
        title=clean(str(info.get("title", ""))).rstrip("."),
        authors=[_name(a) for a in _as_list((info.get("authors") or {}).get("author"))],
        year=int(info["year"]) if str(info.get("year", "")).isdigit() else None,
        venue=venues[0] if venues else None,
        doi=info.get("doi"),
        url=str(ee[0]) if ee else None,
        pages=pages(info.get("pages")),
    )


def search_title(client: HttpClient, endpoints: Endpoints, title: str) -> Metadata:
    """The published (non-CoRR) DBLP record whose title is ``title``."""
    data = client.get(endpoints.dblp, params={"q": title, "format": "json", "h": "10"}, expect="json").json()
    try:
        hits = _as_list(data["result"]["hits"].get("hit"))
    except (KeyError, TypeError, AttributeError):
        raise FetchError("DBLP answered with an unexpected JSON document") from None
    for hit in hits:
        meta = parse_hit(hit.get("info", {}))
        if meta.venue and meta.venue.lower() != "corr" and same_title(meta.title, title):
            return meta
    raise NotFound(f"DBLP has no published paper titled {title!r}")


def search_titles(client: HttpClient, endpoints: Endpoints, title: str) -> list[Metadata]:
    """Every published (non-CoRR) DBLP record whose title is ``title`` (two papers may share one)."""
    data = client.get(endpoints.dblp, params={"q": title, "format": "json", "h": "10"}, expect="json").json()
    try:
        hits = _as_list(data["result"]["hits"].get("hit"))
    except (KeyError, TypeError, AttributeError):
        raise FetchError("DBLP answered with an unexpected JSON document") from None
    found = [parse_hit(hit.get("info", {})) for hit in hits if isinstance(hit, dict)]
    return [meta for meta in found if meta.venue and meta.venue.lower() != "corr" and same_title(meta.title, title)]
