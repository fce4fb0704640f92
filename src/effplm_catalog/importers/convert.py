"""Entries (one group per paper) → a validated record, choosing the richest metadata.

Field by field, the first source in ``priority`` that has the field wins, except:
the venue prefers a peer-reviewed one over a preprint (the published version),
links are the union of every source's links, categories come from every source's
headings (list headings first, then the citing survey sections), and provenance
lists every source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError

from ..ids import acl_id, arxiv_id, doi, make_paper_id, openreview_id
from ..models import Paper
from ..vocab import VenueMatch, Vocabulary
from .entries import Anomaly, Entry
from .merge import entry_arxiv

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")
_ACM_DOI = re.compile(r"^https?://dl\.acm\.org/doi/(?:abs/|pdf/|full/)?(?P<doi>10\.\d{4,9}/[^?#]+)")


@dataclass
class Conversion:
    paper: Paper | None
    anomalies: list[Anomaly]


def classify_links(entries: Sequence[Entry]) -> dict[str, str]:
    """Typed identifiers and URLs from every entry's links, first found wins per field."""
    links: dict[str, str] = {}
    for entry in entries:
        for label, url in entry.urls:
            host = urlsplit(url).netloc.lower()
            acm = _ACM_DOI.match(url)
            typed = (
                ("arxiv", arxiv_id(url)),
                ("acl", acl_id(url) if "aclanthology.org" in host else None),
                ("openreview", openreview_id(url)),
                ("doi", doi(url) if "doi.org" in host else acm.group("doi") if acm else None),
            )
            for field, value in typed:
                if value:
                    links.setdefault(field, value)
                    break
            else:
                if host.endswith(_CODE_HOSTS) or label in ("code", "github"):
                    links.setdefault("code", url)
                elif label in ("title", "paper", "pdf"):
                    links.setdefault("paper", url)
                else:
                    links.setdefault("project", url)
    return links


def _categories(entries: Sequence[Entry], vocab: Vocabulary) -> list[str]:
    found: list[str] = []
    for entry in entries:
        found += [s for s in entry.sections if s in vocab.categories]
    for entry in entries:
        mapped = [m for h in reversed(entry.headings) if (m := vocab.category_for_heading(h))]
        if mapped and not entry.headings[0][:1].isdigit() and entry.headings[0] != "Introduction":
            found.append(mapped[0])  # a list: its deepest mapped heading
        else:
            found += reversed(mapped)  # the survey: every citing section, in order
    return list(dict.fromkeys(found))


def _venue(entries: Sequence[Entry], vocab: Vocabulary) -> tuple[VenueMatch, Entry] | None:
    matches = [(m, e) for e in entries if e.venue_text for m in [vocab.normalize_venue(e.venue_text)] if m]
    published = [(m, e) for m, e in matches if m.track != "none"]
    chosen = published or matches
    return chosen[0] if chosen else None


def convert_group(
    entries: Sequence[Entry],
    vocab: Vocabulary,
    *,
    added: dt.date,
    taken: Container[str],
    notes_extra: Sequence[str] = (),
) -> Conversion:
    """One record from the entries of one paper (ordered by source priority)."""
    anomalies: list[Anomaly] = []
    first = entries[0]

    def anomaly(kind: str, message: str) -> Conversion:
        anomalies.append(Anomaly(first.source, first.line, kind, message))
        return Conversion(None, anomalies)

    title = first.title
    authors = next((e.authors for e in entries if e.authors), [])
    if not authors:
        return anomaly("missing-authors", f"no source gives the authors of {title!r}; not imported")
    links = classify_links(entries)
    venue = _venue(entries, vocab)
    arxiv = links.get("arxiv") or next((a for e in entries if (a := entry_arxiv(e))), None)
    unknown = [e for e in entries if e.venue_text and vocab.normalize_venue(e.venue_text) is None]
    if venue is None and unknown:
        return anomaly(
            "unknown-venue",
            f"venue {unknown[0].venue_text!r} of {title!r} is not in vocab/venues.yaml; "
            "add it (or an alias) and import again",
        )
    for e in unknown:
        message = f"venue {e.venue_text!r} of {e.title!r} is not in vocab/venues.yaml; used another source's venue"
        anomalies.append(Anomaly(e.source, e.line, "unknown-venue", message))
    year = venue[0].year if venue and venue[0].year else next((e.year for e in entries if e.year), None)
    if year is None and venue is not None:
        year = venue[1].year
    if year is None and arxiv and re.match(r"^\d{4}\.", arxiv):
        year = 2000 + int(arxiv[:2])
    if venue is None:
        if not arxiv:
            return anomaly("no-venue", f"no venue and no arXiv ID for {title!r}; not imported")
        venue_data: dict[str, object] = {"id": "arxiv"}
    else:
        match = venue[0]
        venue_data = {"id": match.venue}
        if match.year and match.year != year:
            venue_data["year"] = match.year
        if match.track != vocab.default_track(match.venue):
            venue_data["track"] = match.track
    pages = next((e.pages for e in entries if e.pages), None)
    if pages:
        venue_data["pages"] = pages
    categories = _categories(entries, vocab)
    if not categories:
        return anomaly("no-category", f"no heading of {title!r} maps to a category ({first.headings})")
    notes = [f"- {n}" for e in entries for n in e.notes]
    notes_text = "\n".join([*notes, *([""] if notes and notes_extra else []), *notes_extra])
    data = {
        "id": make_paper_id(authors, year or 0, title, taken),
        "title": title,
        "authors": authors,
        "year": year,
        "venue": venue_data,
        "category": categories[0],
        "categories": categories[1:],
        "tags": list(dict.fromkeys(t for e in entries for t in e.tags)),
        "links": links,
        "notes": (notes_text + "\n") if notes_text else None,
        "sources": [s for s in vocab.source_by_id if any(e.source == s for e in entries)],
        "added": added,
    }
    try:
        paper = Paper.model_validate(
            {k: v for k, v in data.items() if v not in (None, [], {})} | {"links": links, "sources": data["sources"]}
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in exc.errors())
        return anomaly("invalid", f"{title!r} does not make a valid record: {problems}")
    return Conversion(paper, anomalies)
