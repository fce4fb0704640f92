"""Checks that need more than one record: against the vocabularies, and across records.

Each check reads valid :class:`~effplm_catalog.recordfile.LoadedRecord` s and points at the
field at fault, naming the other record where two disagree.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Sequence

from . import ids
from .consistency import check_cut_short, check_identifiers, check_name_variants
from .loader import Document
from .models import TRACKS, Paper
from .problems import Problem, Severity
from .recordfile import LoadedRecord
from .vocab import Vocabulary

IDENTITIES = (
    ("arxiv", "arXiv ID"),
    ("doi", "DOI"),
    ("acl", "ACL Anthology ID"),
    ("openreview", "OpenReview ID"),
    ("title", "title"),
)
"""What makes two records the same paper, in the order a duplicate is reported."""


def identity(paper: Paper, kind: str) -> str | None:
    """The comparable form of one of a paper's identities (``id``, ``title`` or a link kind)."""
    if kind == "id":
        return paper.id
    if kind == "title":
        return paper.title_key
    links = paper.links
    if kind == "arxiv":  # also an arXiv DOI (10.48550/arXiv.N), or an arXiv URL given as the paper's URL
        doi = links.doi or ""
        found = links.arxiv or (doi[len(_ARXIV_DOI) :] if doi.lower().startswith(_ARXIV_DOI) else None)
        found = found or (ids.arxiv_id(links.paper) if links.paper else None)
        return found.lower() if found else None
    if kind == "doi" and links.doi and links.doi.lower().startswith(_ARXIV_DOI):
        return None  # an arXiv DOI is the arXiv identity
    value: str | None = getattr(links, kind)
    if value is None and kind in ("doi", "acl") and links.paper:
        value = ids.doi(links.paper) if kind == "doi" else ids.acl_id(links.paper)
    return value.lower() if value is not None else None


_ARXIV_DOI = "10.48550/arxiv."


def check_records(records: Sequence[LoadedRecord], vocab: Vocabulary, focus: Collection[str] = ()) -> list[Problem]:
    """Every problem of ``records`` against the vocabularies and each other (``focus``: the files
    being changed, on which a problem they share with another record is reported)."""
    problems: list[Problem] = []
    for record in records:
        problems += check_vocabulary(record, vocab)
        problems += check_identifiers(record, vocab)
        problems += check_cut_short(record)
    problems += check_duplicates(records, focus)
    problems += check_subtitles(records, focus)
    problems += check_name_variants(records, vocab.people.distinct)
    return problems


def _problem(
    record: LoadedRecord, loc: tuple[str | int, ...], code: str, message: str, severity: Severity = "error"
) -> Problem:
    line, col = record.at(*loc)
    return Problem(record.path, line, col, code, message, severity)


def check_vocabulary(record: LoadedRecord, vocab: Vocabulary) -> list[Problem]:
    """Unknown categories, venues and sources, and tracks that do not fit the venue."""
    paper = record.paper
    found: list[Problem] = []
    category_locs: list[tuple[tuple[str | int, ...], str]] = [(("category",), paper.category)]
    category_locs += [(("categories", i), c) for i, c in enumerate(paper.categories)]
    for loc, category in category_locs:
        if category not in vocab.categories:
            message = f"unknown category {category!r}{_hint(category, vocab.categories)}"
            found.append(_problem(record, loc, "unknown-category", message))
    venue = vocab.venue_by_id.get(paper.venue.id)
    base, _dash, track = paper.venue.id.rpartition("-")
    if venue is None and base in vocab.venue_by_id and track in TRACKS:
        fix = f"`venue: {{id: {base}, track: {track}}}`"
        message = f"unknown venue {paper.venue.id!r}: the track is a field of its own, {fix}"
        found.append(_problem(record, ("venue", "id"), "unknown-venue", message))
    elif venue is None:
        hint = _hint(paper.venue.id, vocab.venue_by_id)
        message = f"unknown venue {paper.venue.id!r}{hint} (add it to vocab/venues.yaml)"
        found.append(_problem(record, ("venue", "id"), "unknown-venue", message))
    elif paper.venue.track is not None:
        track = paper.venue.track
        if venue.kind == "preprint" and track != "none":
            message = f"{venue.name} is a preprint server: track must be 'none'"
            found.append(_problem(record, ("venue", "track"), "invalid-track", message))
        elif venue.kind != "preprint" and track == "none":
            message = f"track 'none' is for preprints; {venue.name} is a {venue.kind}"
            found.append(_problem(record, ("venue", "track"), "invalid-track", message))
    for i, source in enumerate(paper.sources):
        if source not in vocab.source_by_id:
            message = f"unknown source {source!r}{_hint(source, vocab.source_by_id)} (add it to vocab/sources.yaml)"
            found.append(_problem(record, ("sources", i), "unknown-source", message))
    return found


def check_duplicates(records: Sequence[LoadedRecord], focus: Collection[str] = ()) -> list[Problem]:
    """Records that share an id or an identity, reported on the one being changed (in ``focus``),
    else on the one added later (by ``added``), else on the later file, naming the other."""
    found: list[Problem] = []
    kinds: list[tuple[str, str, tuple[str | int, ...]]] = [("id", "id", ("id",))]
    kinds += [(kind, label, ("title",) if kind == "title" else ("links", kind)) for kind, label in IDENTITIES]
    first: dict[tuple[str, str], LoadedRecord] = {}
    for record in records:
        paper, links = record.paper, record.paper.links
        plain = not (links.paper or (links.doi and links.doi.lower().startswith(_ARXIV_DOI)))
        for kind, label, loc in kinds:
            if plain and kind not in ("id", "title"):  # the usual record: its identifiers as they are
                raw: str | None = getattr(links, kind)
                value = raw.lower() if raw is not None else None
            else:
                value = identity(paper, kind)
            if value is None:
                continue
            other = first.setdefault((kind, value), record)
            if other is not record:
                older, newer = sorted((other, record), key=lambda r: (r.path in focus, r.paper.added))
                line, col = older.at(*loc)
                message = f"same {label} as {older.path}:{line}:{col} ({older.paper.id}): {_same_paper_fix(kind)}"
                found.append(_problem(newer, loc, f"duplicate-{kind}", message))
    return found


def check_subtitles(records: Sequence[LoadedRecord], focus: Collection[str] = ()) -> list[Problem]:
    """Warnings for a title that is another record's title without its subtitle ("X" and "X: Y"):
    perhaps one paper, perhaps two; a curator decides."""
    heads: dict[str, list[LoadedRecord]] = {}
    for record in records:
        title = record.paper.title
        if ":" in title:
            heads.setdefault(ids.normalize_title(title.split(":", 1)[0]), []).append(record)
    found: list[Problem] = []
    for record in records:
        for other in heads.get(record.paper.title_key, ()):
            if other is record:
                continue
            older, newer = sorted((other, record), key=lambda r: (r.path in focus, r.paper.added))
            line, col = older.at("title")
            message = (
                f"{newer.paper.title!r} may be {older.paper.title!r} ({older.path}:{line}:{col}) with or without "
                "its subtitle: if it is one paper, keep one record"
            )
            found.append(_problem(newer, ("title",), "possible-duplicate", message, "warning"))
    return found


def _same_paper_fix(kind: str) -> str:
    if kind == "id":
        return "each record needs its own id (and file name)"
    return "the paper is already in the catalog; add what this record knows to that one instead"


def _hint(value: str, known: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def check_broken_vocabulary(doc: Document, vocab: Vocabulary) -> list[Problem]:
    """The vocabulary checks for a record that is not valid otherwise (its data as YAML read it), so
    that a contributor learns about an unknown category or venue in the same run as the rest."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    found: list[Problem] = []

    def unknown(loc: tuple[str | int, ...], code: str, what: str, value: object, known: Collection[str]) -> None:
        if isinstance(value, str) and value not in known:
            line, col = doc.marks.find(loc)
            message = f"unknown {what} {value!r}{_hint(value, known)}"
            found.append(Problem(doc.path, line, col, code, message))

    unknown(("category",), "unknown-category", "category", data.get("category"), vocab.categories)
    for i, category in enumerate(data.get("categories") or [] if isinstance(data.get("categories"), list) else []):
        unknown(("categories", i), "unknown-category", "category", category, vocab.categories)
    venue = data.get("venue")
    if isinstance(venue, dict):
        unknown(("venue", "id"), "unknown-venue", "venue", venue.get("id"), vocab.venue_by_id)
    for i, source in enumerate(data.get("sources") or [] if isinstance(data.get("sources"), list) else []):
        unknown(("sources", i), "unknown-source", "source", source, vocab.source_by_id)
    return found
