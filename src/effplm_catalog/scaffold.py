"""Making a new record from a few facts: the id rule, venue normalization, duplicate checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from . import ids
from .catalog import Catalog
from .errors import EffplmError
from .models import Paper


class DuplicatePaper(EffplmError):
    """The paper is already in the catalog."""


@dataclass
class NewPaper:
    """What a curator says about a paper; free-text venue allowed."""

    title: str
    authors: Sequence[str]
    year: int
    venue: str
    category: str
    categories: Sequence[str] = ()
    track: str | None = None
    links: dict[str, str] = field(default_factory=dict)
    sources: Sequence[str] = ("curator",)
    notes: str | None = None
    abstract: str | None = None
    pages: str | None = None
    added: dt.date = field(default_factory=dt.date.today)


def build_paper(catalog: Catalog, new: NewPaper) -> Paper:
    """A valid record for ``new``; EffplmError with the reason when it cannot be one."""
    vocab = catalog.vocab
    if new.venue in vocab.venue_by_id:
        venue_id, venue_year, track = new.venue, None, vocab.default_track(new.venue)
    else:
        match = vocab.normalize_venue(new.venue)
        if match is None:
            raise EffplmError(f"unknown venue {new.venue!r}: use an id from vocab/venues.yaml or add the venue there")
        venue_id, venue_year, track = match.venue, match.year, match.track
    venue: dict[str, object] = {"id": venue_id}
    if venue_year and venue_year != new.year:
        venue["year"] = venue_year
    chosen_track = new.track or track
    if chosen_track != vocab.default_track(venue_id):
        venue["track"] = chosen_track
    if new.pages:
        venue["pages"] = new.pages
    for cid in [new.category, *new.categories]:
        if cid not in vocab.categories:
            raise EffplmError(f"unknown category {cid!r}; see `effplm new --help` or CONTRIBUTING.md for the ids")
    links = {k: v for k, v in new.links.items() if v}
    if "arxiv" in links:
        links["arxiv"] = ids.arxiv_id(links["arxiv"]) or links["arxiv"]
    if "doi" in links:
        links["doi"] = ids.doi(links["doi"]) or links["doi"]
    if "acl" in links:
        links["acl"] = ids.acl_id(links["acl"]) or links["acl"]
    data = {
        "id": ids.make_paper_id(list(new.authors), new.year, new.title, catalog.by_id),
        "title": new.title.strip(),
        "authors": [a.strip() for a in new.authors if a.strip()],
        "year": new.year,
        "venue": venue,
        "category": new.category,
        "categories": list(new.categories),
        "links": links,
        "sources": list(new.sources),
        "added": new.added,
    }
    if new.notes:
        data["notes"] = new.notes
    if new.abstract:
        data["abstract"] = new.abstract
    try:
        paper = Paper.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())
        raise EffplmError(f"not a valid record: {reasons}") from None
    duplicate = catalog.find_duplicate(paper)
    if duplicate is not None:
        label, other = duplicate
        raise DuplicatePaper(f"already in the catalog: same {label} as papers/{other.id}.yaml")
    return paper
