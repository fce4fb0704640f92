"""The controlled vocabularies: taxonomy, venues and sources, read from ``vocab/``.

They are data that curators edit, validated like records (same loader, same
located problems). :class:`Vocabulary` answers the lookups every other module
needs and normalizes free-text venue strings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .errors import InvalidCatalog
from .loader import Document, parse_yaml
from .model_problems import validate_model
from .models import AuthorName, OneLine, Paper, Record, Slug, Track, Url
from .models import Venue as PaperVenue
from .problems import Problem

VenueKind = Literal["conference", "journal", "workshop", "preprint", "other"]


class Category(Record):
    id: Slug
    title: OneLine
    order: int
    description: str = Field(min_length=20, max_length=2000)
    headings: list[OneLine] = Field(default_factory=list)


class Group(Record):
    id: Slug
    title: OneLine
    order: int
    description: str = Field(min_length=10, max_length=2000)
    categories: list[Category] = Field(min_length=1)


class Taxonomy(Record):
    groups: list[Group] = Field(min_length=1)


class VenueEntry(Record):
    id: Slug
    name: OneLine
    full_name: OneLine
    kind: VenueKind
    aliases: list[OneLine] = Field(default_factory=list)
    exact_aliases: list[OneLine] = Field(default_factory=list)


class Venues(Record):
    venues: list[VenueEntry] = Field(min_length=1)


class Source(Record):
    id: Slug
    title: OneLine
    url: Url | None = None
    description: str = Field(min_length=10, max_length=2000)


class People(Record):
    """People the name-variant check would take for one: each pair is two different people."""

    distinct: list[Annotated[list[AuthorName], Field(min_length=2, max_length=2)]] = Field(default_factory=list)


class Sources(Record):
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Sources:
        _require_unique(s.id for s in self.sources)
        return self


def _require_unique(values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is defined twice")
        seen.add(value)


def _words(text: str) -> tuple[str, ...]:
    """Lowercase alphanumeric words; letters and digits glued together are split (EMNLP20)."""
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", text)
    return tuple(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass(frozen=True)
class VenueMatch:
    """A free-text venue resolved against the vocabulary."""

    venue: str
    year: int | None
    track: Track


VOCAB_FILES = ("taxonomy.yaml", "venues.yaml", "sources.yaml", "people.yaml")

_TRACK_WORDS: tuple[tuple[str, Track], ...] = (
    ("findings", "findings"),
    ("finding", "findings"),
    ("workshop", "workshop"),
    ("workshops", "workshop"),
    ("industry", "industry"),
    ("demo", "demo"),
    ("demonstrations", "demo"),
    ("demonstration", "demo"),
    ("short", "short"),
)


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy, venues and sources, with the lookups built from them."""

    taxonomy: Taxonomy
    venues: Venues
    sources: Sources
    people: People = field(default_factory=People)

    @cached_property
    def groups(self) -> list[Group]:
        return sorted(self.taxonomy.groups, key=lambda g: (g.order, g.id))

    @cached_property
    def categories(self) -> dict[str, Category]:
        """Every category by id, in display order (group order, then category order)."""
        return {c.id: c for g in self.groups for c in sorted(g.categories, key=lambda c: (c.order, c.id))}

    @cached_property
    def group_of(self) -> dict[str, Group]:
        return {c.id: g for g in self.groups for c in g.categories}

    @cached_property
    def venue_by_id(self) -> dict[str, VenueEntry]:
        return {v.id: v for v in self.venues.venues}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources.sources}

    @cached_property
    def heading_map(self) -> dict[str, str]:
        """Source-list heading (case-folded) → category id."""
        return {h.casefold(): c.id for c in self.categories.values() for h in c.headings}

    def category_for_heading(self, heading: str) -> str | None:
        return self.heading_map.get(heading.strip().casefold())

    def default_track(self, venue_id: str) -> Track:
        kind = self.venue_by_id[venue_id].kind if venue_id in self.venue_by_id else "conference"
        return "none" if kind == "preprint" else "workshop" if kind == "workshop" else "main"

    def track_of(self, venue: PaperVenue) -> Track:
        """A record's track, or the default for its venue's kind when the record gives none."""
        return venue.track or self.default_track(venue.id)

    def venue_label(self, paper: Paper) -> str:
        """``EMNLP 2020 (Findings)``, ``NeurIPS 2019 (Workshop)``, ``arXiv 2019``."""
        entry = self.venue_by_id.get(paper.venue.id)
        name = entry.name if entry else paper.venue.id
        track = self.track_of(paper.venue)
        label = f"{name} {paper.venue_year}"
        kind = entry.kind if entry else "conference"
        if track not in ("main", "none") and not (track == "workshop" and kind == "workshop"):
            label += f" ({track.capitalize()})"
        return label

    @cached_property
    def _alias_index(self) -> list[tuple[tuple[str, ...], VenueEntry]]:
        """(alias words, venue) with workshops first, then longest aliases first."""
        entries = []
        for v in self.venues.venues:
            exact = {_words(a) for a in v.exact_aliases}
            for alias in {v.id, v.name, v.full_name, *v.aliases}:
                if _words(alias) in exact:
                    continue
                words = _words(alias)
                if words:
                    entries.append((words, v))
        return sorted(entries, key=lambda e: (e[1].kind != "workshop", -len(e[0]), e[0], e[1].id))

    @cached_property
    def _exact_index(self) -> dict[tuple[str, ...], VenueEntry]:
        return {_words(alias): v for v in self.venues.venues for alias in v.exact_aliases}

    def normalize_venue(self, text: str) -> VenueMatch | None:
        """Resolve a free-text venue ("Findings of EMNLP 2020", "[ACL21]") or None."""
        words = _words(text)
        if not words:
            return None
        found: VenueEntry | None = self._exact_index.get(_words(re.sub(r"(19|20)\d\d", "", text)))
        for alias, venue in [] if found else self._alias_index:
            n = len(alias)
            if any(words[i : i + n] == alias for i in range(len(words) - n + 1)):
                found = venue
                break
        if found is None:
            return None
        year = _year_in(text, words)
        track: Track = self.default_track(found.id)
        if found.kind in ("conference", "other"):
            for word, candidate in _TRACK_WORDS:
                if word in words:
                    track = candidate
                    break
        return VenueMatch(found.id, year, track)


def _year_in(text: str, words: tuple[str, ...]) -> int | None:
    text = re.sub(r"\d{4}\.\s?\d{4,5}(v\d+)?", " ", text)  # arXiv IDs are not years
    four = re.findall(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", text)
    if four:
        return int(four[0])
    if len(words) <= 6:  # "EMNLP20", "NAACL'24", "SIGIR '94": two-digit years only in short tags
        for w in words:
            if len(w) == 2 and w.isdigit():
                n = int(w)
                return 2000 + n if n <= dt.date.today().year % 100 + 1 else 1900 + n
    return None


def _check_taxonomy(t: Taxonomy, doc: Document) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    headings: dict[str, str] = {}

    def at(loc: tuple[str | int, ...], code: str, message: str) -> None:
        line, col = doc.marks.find(loc)
        problems.append(Problem(doc.path, line, col, code, message))

    for gi, g in enumerate(t.groups):
        items: list[tuple[tuple[str | int, ...], str]] = [(("groups", gi, "id"), g.id)]
        items += [(("groups", gi, "categories", ci, "id"), c.id) for ci, c in enumerate(g.categories)]
        for loc, item_id in items:
            if item_id in seen:
                at(loc, "duplicate-id", f"taxonomy id {item_id!r} is defined twice")
            seen.add(item_id)
        for ci, c in enumerate(g.categories):
            for hi, h in enumerate(c.headings):
                key = h.casefold()
                if key in headings and headings[key] != c.id:
                    at(
                        ("groups", gi, "categories", ci, "headings", hi),
                        "duplicate-heading",
                        f"heading {h!r} maps to both {headings[key]!r} and {c.id!r}",
                    )
                headings[key] = c.id
    return problems


def _check_venues(v: Venues, doc: Document) -> list[Problem]:
    problems = []
    ids: set[str] = set()
    aliases: dict[tuple[str, ...], str] = {}
    for i, entry in enumerate(v.venues):
        if entry.id in ids:
            line, col = doc.marks.find(("venues", i, "id"))
            problems.append(Problem(doc.path, line, col, "duplicate-id", f"venue id {entry.id!r} is defined twice"))
        ids.add(entry.id)
        for alias in sorted({entry.name, entry.full_name, *entry.aliases}):
            words = _words(alias)
            if words in aliases and aliases[words] != entry.id:
                line, col = doc.marks.find(("venues", i))
                problems.append(
                    Problem(
                        doc.path,
                        line,
                        col,
                        "duplicate-alias",
                        f"venue alias {alias!r} belongs to both {aliases[words]!r} and {entry.id!r}",
                    )
                )
            aliases[words] = entry.id
    return problems


def load_vocabulary(vocab_dir: Path, display_root: Path | None = None) -> Vocabulary:
    """Read and check the vocabulary files (``people.yaml`` is optional); raise InvalidCatalog with
    every problem."""
    problems: list[Problem] = []
    models: list[Record | None] = []
    model_types: tuple[type[Record], ...] = (Taxonomy, Venues, Sources, People)
    for name, model in zip(VOCAB_FILES, model_types, strict=True):
        path = vocab_dir / name
        shown = _display(path, display_root)
        if model is People and not path.exists():
            models.append(People())
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(shown, 0, 0, "unreadable", f"cannot read vocabulary: {exc.strerror}"))
            models.append(None)
            continue
        doc = parse_yaml(raw, shown)
        result = validate_model(doc, model)
        problems.extend(doc.problems)
        if isinstance(result, Taxonomy):
            problems.extend(_check_taxonomy(result, doc))
        elif isinstance(result, Venues):
            problems.extend(_check_venues(result, doc))
        models.append(result)
    if problems:
        raise InvalidCatalog(problems)
    taxonomy, venues, sources, people = models
    assert isinstance(taxonomy, Taxonomy) and isinstance(venues, Venues) and isinstance(sources, Sources)
    assert isinstance(people, People)
    return Vocabulary(taxonomy, venues, sources, people)


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()
