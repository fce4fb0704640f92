"""The paper record: pydantic models of one YAML file in ``papers/``.

The models check everything a single record can know about itself: types,
shapes, identifier syntax, URL schemes, lengths. Whether a category, venue or
source exists is a question for the vocabularies (:mod:`effplm_catalog.catalog`),
so that these models stay usable for any taxonomy.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from . import ids
from .textform import canonical_text, check_markdown

MIN_YEAR = 1800  # the survey cites Jevons (1865) and Pareto (1896)
MAX_TITLE = 500
MAX_AUTHOR = 200
MAX_AUTHORS = 500
MAX_TEXT = 20_000
MAX_URL = 2_000
MAX_SLUG = 80
MAX_CATEGORIES = 20
MAX_TAGS = 30
MAX_SOURCES = 20

# C0 and C1 controls, the Unicode line and paragraph separators and two non-characters: YAML reads
# some as line breaks, XML (the feed) refuses others, and none belongs in bibliographic text.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
"""C0 and C1 controls, line and paragraph separators, bidirectional embeddings, overrides and
isolates (which make text display in another order than it reads), and two non-characters."""
_CONTROL = re.compile(f"[{_CONTROLS}]")
ONE_LINE = re.compile(rf"[^\s{_CONTROLS}](?:[^\t\n\r{_CONTROLS}]*[^\s{_CONTROLS}])?")
_NOT_IN_NAMES = re.compile(r"[,{}\\]")
PLAIN_AUTHOR = re.compile(rf"[^\s{_CONTROLS},{{}}\\](?:[^\t\n\r{_CONTROLS},{{}}\\]*[^\s{_CONTROLS},{{}}\\])?")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


#: The track of a venue a paper appeared in (``none``: not peer-reviewed, e.g. a preprint).
Track = Literal["main", "findings", "workshop", "industry", "demo", "short", "none"]
TRACKS: tuple[str, ...] = get_args(Track)


def _one_line(value: str) -> str:
    if ONE_LINE.fullmatch(value) and (value.isascii() or unicodedata.is_normalized("NFC", value)):
        return value  # the usual case, in one pass; otherwise the checks below say what is wrong
    if value != value.strip():
        raise ValueError("must not start or end with spaces")
    if "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("must be a single line")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    # A decomposed accent is the same text: read as NFC (`effplm fmt` writes it so), as an editor
    # checking the JSON Schema, which cannot tell the two forms apart, also accepts it.
    return unicodedata.normalize("NFC", value)


def _text(value: str) -> str:
    value = canonical_text(value)  # what fmt would write: the same value before and after it
    if _CONTROL.search(value.replace("\t", "")):
        raise ValueError("must not contain control characters")
    if not value.strip():
        raise ValueError("must not be blank")
    return check_markdown(value)


PLACEHOLDER = re.compile(r"^(?:[.…\s]+|todo|tbd|tba|xxx+|n/?a|title|author|name|\?+)$", re.IGNORECASE)
TWO_NAMES = re.compile(r"\S\s+and\s+\S")


def _not_placeholder(value: str) -> str:
    if PLACEHOLDER.match(value):
        raise ValueError(f"{value!r} is a placeholder: write the real value")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """A quoted ``"2026-11-20"`` is the same date as an unquoted one (YAML types only the latter;
    editors checking the JSON Schema see both as text): read it as that date."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # not a day of the calendar: the model's own message says so
    return value


def _not_future(day: dt.date) -> dt.date:
    if day > dt.date.today():
        raise ValueError(f"{day.isoformat()} is in the future: give the day the record is added")
    return day


def _author(value: str) -> str:
    _one_line(value)
    _not_placeholder(value)
    if TWO_NAMES.search(value):
        first, _and, second = value.partition(" and ")
        raise ValueError(f"{value!r} looks like two authors: list {first.strip()!r} and {second.strip()!r} separately")
    if ids.ET_AL.match(value):
        raise ValueError(f"{value!r} is not an author: list every author")
    lowered = value.lower()
    if lowered.startswith("and ") or lowered.endswith(" and"):
        raise ValueError(f"{value!r} contains a stray 'and'")
    if _NOT_IN_NAMES.search(value):
        if "," in value:
            raise ValueError(f"{value!r}: write each author as 'Given Family', without commas")
        raise ValueError(f"{value!r}: braces and backslashes are LaTeX, not part of a name")
    return value


def check_url(value: str) -> str:
    """``value`` when it is an http(s) URL a record may hold; ValueError saying why not."""
    if _SPACE_OR_CONTROL.search(value):
        raise ValueError("must not contain spaces or control characters")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"must be an http(s) URL, not {parts.scheme or 'a relative'!s} URL")
    if not parts.netloc or any(c in value for c in "<>\"'`{}\\|^"):
        raise ValueError("is not a valid URL")
    return value


def _pattern(regexes: tuple[re.Pattern[str], ...], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not any(r.match(value) for r in regexes):
            raise ValueError(f"is not {what}")
        return value

    return AfterValidator(check)


_PLAIN_AUTHORS = re.compile(f"(?:{PLAIN_AUTHOR.pattern})(?:\n(?:{PLAIN_AUTHOR.pattern}))*")
_SUSPECT_AUTHOR = re.compile(
    r"(?:^|\n)(?:(?:et\.?[ ]*al\.?|others|[.…\s]+|todo|tbd|tba|xxx+|n/?a|author|name|\?+)(?:\n|$)|and )"
    r"| and(?:\n|$)|[^\n\s] +and +[^\n\s]",
    re.IGNORECASE,
)


def _authors_ok(values: list[str]) -> bool:
    """True when :func:`_author` (and the length limits) would accept every name; False when unsure.

    One pass over the names joined by newlines (which no name may hold): a few calls into
    the regular expression engine per record instead of several per author."""
    joined = "\n".join(values)
    return (
        max(map(len, values)) <= MAX_AUTHOR
        and joined.count("\n") == len(values) - 1
        and _PLAIN_AUTHORS.fullmatch(joined) is not None
        and _SUSPECT_AUTHOR.search(joined) is None
        and (joined.isascii() or unicodedata.is_normalized("NFC", joined))
    )


def _all_pass(list_ok: Callable[[list[str]], bool], min_items: int, max_items: int) -> WrapValidator:
    """A list of strings checked in one call when ``list_ok`` says every item passes.

    ``list_ok`` accepts only what the per-item validators accept, so the result is the
    same, with one call per list instead of several per item (records have many authors).
    Anything else goes through the per-item validators, which say what is wrong and where.
    """

    def validate(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if (
            type(value) is list
            and min_items <= len(value) <= max_items
            and all(type(item) is str for item in value)
            and list_ok(value)
        ):
            return list(value)
        return handler(value)

    return WrapValidator(validate)


OneLine = Annotated[str, Field(min_length=1, max_length=MAX_TITLE), AfterValidator(_one_line)]
Title = Annotated[OneLine, AfterValidator(_not_placeholder)]
AuthorName = Annotated[str, Field(min_length=1, max_length=MAX_AUTHOR), AfterValidator(_author)]
# Checked by pydantic-core itself (no Python call per slug); model_problems.problems_from_validation
# gives the pattern's message from ids.PATTERN_MESSAGES.
Slug = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SLUG, pattern=ids.SLUG.pattern)]
Url = Annotated[str, Field(max_length=MAX_URL), AfterValidator(check_url)]
Markdown = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), AfterValidator(_text)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=dt.date.today().year + 1)]
Day = Annotated[dt.date, BeforeValidator(_iso_date)]


def _arxiv(value: str) -> str:
    """An arXiv ID, kept without its version."""
    for pattern in (ids.ARXIV_NEW, ids.ARXIV_OLD):
        match = pattern.match(value)
        if match:
            return match.group("id")
    found = ids.arxiv_id(value)
    if found:
        raise ValueError(f'is an arXiv URL: write the ID alone, `arxiv: "{found}"` (run `effplm fmt` to fix it)')
    raise ValueError("is not an arXiv ID such as 1910.01108 or hep-th/9901001")


def _as_id(kind: str, parse: Callable[[str], str | None]) -> Callable[[str], str]:
    """A check that names the ID inside a URL given where the bare ID is expected."""

    def check(value: str) -> str:
        found = parse(value)
        if found and found != value:
            raise ValueError(f"is a URL: write the {kind} alone, `{found}` (run `effplm fmt` to fix it)")
        return value

    return check


ArxivId = Annotated[str, AfterValidator(_arxiv)]
Doi = Annotated[
    str,
    Field(max_length=300),
    AfterValidator(_as_id("DOI", ids.doi)),
    _pattern((ids.DOI,), "a DOI such as 10.18653/v1/2020.acl-main.204"),
]
AclId = Annotated[
    str,
    AfterValidator(_as_id("ACL Anthology ID", ids.acl_id)),
    _pattern((ids.ACL_NEW, ids.ACL_OLD), "an ACL Anthology ID such as 2020.acl-main.204 or P19-1580"),
]
OpenReviewId = Annotated[str, _pattern((ids.OPENREVIEW,), "an OpenReview forum ID such as SylO2yStDr")]
Authors = Annotated[list[AuthorName], _all_pass(_authors_ok, 1, MAX_AUTHORS)]


class Record(BaseModel):
    """Base of every model read from YAML: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Venue(Record):
    """Where a paper was published: a venue of the vocabulary, a year and a track."""

    id: Slug = Field(description="Canonical venue id from vocab/venues.yaml, e.g. `emnlp` or `arxiv`.")
    year: Year | None = Field(default=None, description="Year of the venue edition; defaults to the paper's year.")
    track: Track | None = Field(
        default=None,
        description="main, findings, workshop, industry, demo, short, or none (preprints). "
        "Defaults from the venue's kind: none for preprints, workshop for workshops, else main.",
    )
    pages: str | None = Field(
        default=None,
        pattern=r"^[0-9ivxlcdm]+(?:[-–]{1,2}[0-9ivxlcdm]+)?$",
        description="Page range, e.g. `4163--4174`.",
    )


class Links(Record):
    """Typed identifiers and URLs of a paper."""

    arxiv: ArxivId | None = Field(default=None, description="arXiv ID without version, e.g. `1910.01108`.")
    doi: Doi | None = Field(default=None, description="DOI, e.g. `10.18653/v1/2020.emnlp-main.633`.")
    acl: AclId | None = Field(default=None, description="ACL Anthology ID, e.g. `2021.naacl-main.162`.")
    openreview: OpenReviewId | None = Field(default=None, description="OpenReview forum ID.")
    paper: Url | None = Field(default=None, description="URL of the paper when no typed ID gives it.")
    code: Url | None = Field(default=None, description="URL of the official code.")
    project: Url | None = Field(default=None, description="URL of a project or model page.")

    def landing_urls(self) -> dict[str, str]:
        """Landing pages of the identifiers present, in :data:`LANDING_PAGES` order."""
        return {kind: url.format(value) for kind, url in LANDING_PAGES.items() if (value := getattr(self, kind))}


LANDING_PAGES = {
    "arxiv": "https://arxiv.org/abs/{}",
    "acl": "https://aclanthology.org/{}/",
    "doi": "https://doi.org/{}",
    "openreview": "https://openreview.net/forum?id={}",
}
"""Each typed identifier's landing page, in the order the catalog prefers them."""


MAX_REASON = 2_000
Reason = Annotated[str, Field(min_length=10, max_length=MAX_REASON), AfterValidator(_one_line)]


class Correction(Record):
    """An error of a source that the record corrects, and why: kept on the record, shown on the site."""

    fields: list[str] = Field(
        min_length=1, max_length=20, description="The fields corrected, e.g. `year` or `links.arxiv`."
    )
    source: Slug | None = Field(
        default=None, description="The source id whose entry was wrong (left out: every source that lists it)."
    )
    reason: Reason = Field(description="What the source said, what the record says instead, and how that was checked.")

    @model_validator(mode="after")
    def _known_fields(self) -> Correction:
        for name in self.fields:
            if name not in CORRECTABLE:
                raise ValueError(f"fields: {name!r} is not a field of a record (one of {', '.join(CORRECTABLE)})")
        return self


class Paper(Record):
    """One paper of the catalog: the content of ``papers/<id>.yaml``."""

    id: Slug = Field(description="The file name without `.yaml`; `{last}-{year}-{first content word}`.")
    title: Title = Field(description="The title as published.")
    authors: Authors = Field(
        min_length=1, max_length=MAX_AUTHORS, description="Every author, in order, `Given Family`, as printed."
    )
    year: Year = Field(description="Publication year.")
    venue: Venue = Field(description="Where it was published.")
    category: Slug = Field(description="Primary category id from vocab/taxonomy.yaml.")
    categories: list[Slug] = Field(default_factory=list, max_length=MAX_CATEGORIES, description="Further category ids.")
    tags: list[Slug] = Field(
        default_factory=list, max_length=MAX_TAGS, description="Free lowercase tags, e.g. method families."
    )
    links: Links = Field(default_factory=Links, description="Identifiers and URLs.")
    abstract: Markdown | None = Field(default=None, description="The abstract (Markdown).")
    notes: Markdown | None = Field(
        default=None, description="Curators' notes (Markdown; links to http(s) and mailto addresses only)."
    )
    sources: list[Slug] = Field(
        min_length=1, max_length=MAX_SOURCES, description="Source ids from vocab/sources.yaml this paper was found in."
    )
    corrections: list[Correction] = Field(
        default_factory=list, max_length=20, description="Errors of the sources this record corrects, with reasons."
    )
    verified: Day | None = Field(
        default=None,
        description="When a curator last checked the identifiers, title and authors on the paper's own page "
        "(arXiv, ACL Anthology, publisher), YYYY-MM-DD.",
    )
    added: Annotated[Day, AfterValidator(_not_future)] = Field(description="Date the record was added, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _consistent(self) -> Paper:
        if len(set(self.categories)) != len(self.categories):
            raise ValueError("categories: each category may appear once")
        if self.category in self.categories:
            raise ValueError("categories: must not repeat the primary category")
        for name, values in (("tags", self.tags), ("sources", self.sources)):
            if len(set(values)) != len(values):
                raise ValueError(f"{name}: each value may appear once")
        return self

    @property
    def all_categories(self) -> list[str]:
        """The primary category, then the further ones."""
        return [self.category, *self.categories]

    @property
    def venue_year(self) -> int:
        return self.venue.year if self.venue.year is not None else self.year

    @property
    def title_key(self) -> str:
        return ids.normalize_title(self.title)

    def primary_url(self, landing: dict[str, str] | None = None) -> str | None:
        """The best URL for the title link: the paper URL, else one made from an ID
        (``landing``: the links' :meth:`Links.landing_urls`, when the caller has them)."""
        links = self.links
        landing = links.landing_urls() if landing is None else landing
        return links.paper or next(iter(landing.values()), None) or links.project or links.code

    def pdf_url(self) -> str | None:
        """A direct PDF URL when an identifier gives one."""
        if self.links.arxiv:
            return f"https://arxiv.org/pdf/{self.links.arxiv}"
        if self.links.acl:
            return f"https://aclanthology.org/{self.links.acl}.pdf"
        if self.links.openreview:
            return f"https://openreview.net/pdf?id={self.links.openreview}"
        return None

    def has_code(self) -> bool:
        return self.links.code is not None


CORRECTABLE: tuple[str, ...] = (
    *(name for name in Paper.model_fields if name not in ("corrections", "verified", "added", "sources")),
    *(f"venue.{name}" for name in Venue.model_fields),
    *(f"links.{name}" for name in Links.model_fields),
)
"""What a :class:`Correction` may name."""
