"""Finding what records lack (identifiers, the published version of a preprint) by title look-ups.

A provider's hit is accepted only when its title is the record's (case, punctuation and small
typos aside), its first author has the record's first author's family name, and its year is
the record's (a published version may be a year after its preprint). Hits that disagree on an
identifier make the record ambiguous: nothing is proposed for it. Nothing here writes; the CLI
shows the proposals and writes them on request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import ids
from .fetch import dblp, s2
from .fetch.endpoints import Endpoints
from .fetch.http import FetchError, HttpClient, NotFound
from .fetch.metadata import Metadata, same_title
from .models import Paper
from .vocab import Vocabulary

KINDS = ("arxiv", "doi", "acl")
"""Identifiers a provider can give a record."""


@dataclass
class Finding:
    """What the look-ups of one record gave."""

    paper: Paper
    links: dict[str, str] = field(default_factory=dict)
    """Identifiers to add, by kind."""
    venue: dict[str, object] | None = None
    """The published venue of a preprint (``venue`` of the record), when the vocabulary knows it."""
    published: str | None = None
    """The published version of a preprint, as the provider names it."""
    sources: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    """Hits not accepted, each with the reason."""
    ambiguous: str | None = None
    notes: list[str] = field(default_factory=list)
    """Look-ups that failed (no network, a provider down)."""

    @property
    def changes(self) -> bool:
        return bool(self.links or self.venue)

    def updated(self) -> Paper:
        """The record with what was found."""
        data = self.paper.model_dump(exclude_none=True)
        data["links"] = {**data.get("links", {}), **self.links}
        if self.venue is not None:
            data["venue"] = self.venue
        return Paper.model_validate(data)


Search = Callable[[Paper], tuple[list[Metadata], list[str]]]
"""The hits of the providers for a record, and the notes of look-ups that failed."""


def provider_search(client: HttpClient, endpoints: Endpoints) -> Search:
    """Semantic Scholar's title match and DBLP's published records of the same title."""

    def search(paper: Paper) -> tuple[list[Metadata], list[str]]:
        hits: list[Metadata] = []
        notes: list[str] = []
        try:
            hits.append(s2.match_title(client, endpoints, paper.title))
        except NotFound:
            pass
        except FetchError as exc:
            notes.append(f"Semantic Scholar: {exc}")
        try:
            hits += dblp.search_titles(client, endpoints, paper.title)
        except NotFound:
            pass
        except FetchError as exc:
            notes.append(f"DBLP: {exc}")
        return hits, notes

    return search


def enrich(papers: Sequence[Paper], search: Search, vocab: Vocabulary) -> list[Finding]:
    """A finding for each of ``papers``."""
    return [judge(paper, *search(paper), vocab) for paper in papers]


def judge(paper: Paper, hits: Sequence[Metadata], notes: Sequence[str], vocab: Vocabulary) -> Finding:
    """Which hits are the record's paper, and what they add."""
    finding = Finding(paper, notes=list(notes))
    preprint = vocab.track_of(paper.venue) == "none"
    accepted: list[Metadata] = []
    for hit in hits:
        reason = _mismatch(paper, hit, preprint)
        if reason:
            finding.rejected.append(f"{hit.provider}'s {hit.title!r}: {reason}")
        else:
            accepted.append(hit)
    for kind in KINDS:
        values = {v.lower(): v for hit in accepted if (v := getattr(hit, kind))}
        if len(values) > 1:
            finding.ambiguous = f"the providers give {len(values)} different {kind} IDs: {', '.join(sorted(values))}"
            finding.links = {}
            return finding
        current = getattr(paper.links, kind)
        if values and not current:
            finding.links[kind] = next(iter(values.values()))
    if preprint:
        for hit in accepted:
            if hit.venue and hit.venue.lower() not in ("corr", "arxiv", "arxiv.org") and hit.year:
                finding.published = f"{hit.venue} {hit.year} ({hit.provider})"
                match = vocab.normalize_venue(f"{hit.venue} {hit.year}")
                if match is not None and match.track != "none":
                    venue: dict[str, object] = {"id": match.venue}
                    if hit.year != paper.year:
                        venue["year"] = hit.year
                    if match.track != vocab.default_track(match.venue):
                        venue["track"] = match.track
                    finding.venue = venue
                break
    finding.sources = sorted({hit.provider for hit in accepted})
    return finding


def _mismatch(paper: Paper, hit: Metadata, preprint: bool) -> str | None:
    """Why ``hit`` is not the record's paper, or None when it is."""
    if not same_title(hit.title, paper.title):
        return "another title"
    if not hit.authors:
        return "no authors to compare"
    ours, theirs = _family(paper.authors[0]), _family(hit.authors[0])
    if ours != theirs:
        return f"first author {ids.last_name(hit.authors[0])}, not {ids.last_name(paper.authors[0])}"
    if hit.year is not None and hit.year != paper.year:
        later = hit.year == paper.year + 1 and preprint  # the published version of a preprint
        earlier = hit.year == paper.year - 1 and not hit.venue  # the preprint of a published paper
        if not (later or earlier):
            return f"year {hit.year}, not {paper.year}"
    return None


def _family(name: str) -> str:
    return ids.ascii_fold(ids.last_name(name)).lower()
