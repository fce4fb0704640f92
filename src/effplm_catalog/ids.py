"""Identifiers: arXiv, DOI, ACL Anthology and OpenReview IDs; slugs; the paper id rule.

The paper id rule
-----------------
``{last name of the first author}-{year}-{first content word of the title}``,
all lowercased ASCII (``sanh-2019-distilbert``). Name particles stay with the
last name (``von-der-wense``). When an id is taken, the next content words of
the title are appended one at a time, then ``-2``, ``-3``, ...
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Container, Iterable, Sequence

ARXIV_NEW = re.compile(r"^(?P<id>\d{4}\.\d{4,5})(?:v\d+)?$")
ARXIV_OLD = re.compile(r"^(?P<id>[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
ACL_NEW = re.compile(r"^\d{4}\.[a-z0-9-]+\.\d+$")
ACL_OLD = re.compile(r"^[A-Z]\d{2}-\d{4}$")
OPENREVIEW = re.compile(r"^[A-Za-z0-9_-]{5,20}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A slug; use ``fullmatch`` (``$`` allows a final newline). Anchored so the JSON Schema can use it."""

PATTERN_MESSAGES = {SLUG.pattern: "must be a lowercase slug: letters, digits and single hyphens"}
"""What a value failing one of these patterns (checked by pydantic) must be, in the catalog's words."""

_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(?:preprint\s+arxiv:)?\s*(\d{4}\.\d{4,5})(?:v\d+)?", re.I)
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.)?doi\.org/(?P<doi>10\.\S+)$", re.IGNORECASE)
_ACL_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?aclanthology\.org/(?P<id>[^/?#]+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_OPENREVIEW_URL = re.compile(r"^(?:https?://)?openreview\.net/(?:forum|pdf)\?id=(?P<id>[A-Za-z0-9_-]+)", re.IGNORECASE)

_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "ð": "d",
        "ı": "i",
        "’": "'",
    }
)
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "dos", "das"})
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "not",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "to",
        "toward",
        "towards",
        "via",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "without",
        "your",
        "you",
    ]
)


def arxiv_id(text: str) -> str | None:
    """The canonical arXiv ID (no version) in an ID or an abs/pdf URL, else None."""
    text = text.strip()
    match = _ARXIV_URL.match(text)
    if match:
        text = match.group("rest")
    if text.lower().startswith("arxiv:"):
        text = text[6:]
    for pattern in (ARXIV_NEW, ARXIV_OLD):
        m = pattern.match(text)
        if m:
            return m.group("id")
    return None


def arxiv_id_in_text(text: str) -> str | None:
    """An arXiv ID mentioned in free text ("arXiv preprint arXiv:2010.15581v1")."""
    m = _ARXIV_IN_TEXT.search(text)
    return m.group(1) if m else None


def doi(text: str) -> str | None:
    """The DOI in a DOI, a ``doi:`` string or a doi.org URL, else None."""
    text = text.strip()
    m = _DOI_URL.match(text)
    if m:
        text = m.group("doi")
    if text.lower().startswith("doi:"):
        text = text[4:].strip()
    return text if DOI.match(text) else None


def acl_id(text: str) -> str | None:
    """The ACL Anthology ID in an ID or an aclanthology.org URL, else None."""
    text = text.strip()
    m = _ACL_URL.match(text)
    if m:
        text = m.group("id")
    return text if ACL_NEW.match(text) or ACL_OLD.match(text) else None


def openreview_id(text: str) -> str | None:
    """The OpenReview forum ID in an openreview.net URL, else None."""
    m = _OPENREVIEW_URL.match(text.strip())
    return m.group("id") if m else None


def ascii_fold(text: str) -> str:
    """Text with accents and ligatures folded to ASCII (unknown letters dropped)."""
    if text.isascii():  # nothing to fold (the table folds only non-ASCII letters)
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A lowercase ASCII slug: runs of other characters become single hyphens."""
    return _NOT_SLUG.sub("-", ascii_fold(text).lower()).strip("-")


_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=200_000)
def normalize_title(title: str) -> str:
    """A title reduced for comparison: ASCII-folded, case-folded, punctuation and spaces collapsed."""
    if title.isascii():  # nothing to fold: the same words, found directly
        return " ".join(_WORD.findall(title.lower()))
    spaced = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", title))  # dashes of any kind split words
    return " ".join(_WORD.findall(ascii_fold(spaced).lower()))


ET_AL = re.compile(r"^(?:et\.?\s*al\.?|others)$", re.IGNORECASE)
"""What stands for the rest of an author list: "et al." or "others" written as a name."""
CUT_SHORT = re.compile(r"\set\.?\s*al\.?$", re.IGNORECASE)
"""The end of a name written "Basil Hosmer et al": a source cut the author list short there."""


def written_out(authors: Sequence[str]) -> tuple[list[str], bool]:
    """The names of ``authors`` (the last without its "et al") and whether the list was cut short."""
    cut = CUT_SHORT.search(authors[-1]) if authors else None
    if cut is None:
        return list(authors), False
    return [*authors[:-1], authors[-1][: cut.start()].strip()], True


def last_name(author: str) -> str:
    """The last name of a ``Given Family`` name, keeping particles (``von der Wense``)."""
    parts = author.replace(",", " ").split()
    if not parts:
        return ""
    i = len(parts) - 1
    while i > 0 and parts[i - 1].lower() in _PARTICLES:
        i -= 1
    return " ".join(parts[i:])


def content_words(title: str) -> list[str]:
    """The title's words as slugs, without stopwords (``BERT-of-Theseus`` stays one word)."""
    words = [slugify(w) for w in title.split()]
    return [w for w in words if w and w not in STOPWORDS]


def paper_id_candidates(authors: Sequence[str], year: int, title: str) -> list[str]:
    """Ids by the id rule, from the preferred one to longer ones for collisions."""
    name = slugify(last_name(authors[0])) if authors else ""
    name = name or "anonymous"
    words = content_words(title) or [slugify(title) or "untitled"]
    base = f"{name}-{year}"
    candidates = []
    for n in range(1, min(len(words), 4) + 1):
        candidates.append(f"{base}-{'-'.join(words[:n])}"[:80].strip("-"))
    return list(dict.fromkeys(candidates))


def make_paper_id(authors: Sequence[str], year: int, title: str, taken: Container[str] = ()) -> str:
    """The id for a new paper by the id rule, avoiding ``taken`` ids."""
    candidates = paper_id_candidates(authors, year, title)
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    n = 2
    while f"{candidates[0]}-{n}" in taken:
        n += 1
    return f"{candidates[0]}-{n}"


def unique_slugs(names: Iterable[str], reserved: Collection[str] = ()) -> dict[str, str]:
    """Name → a slug no other name has. Each slug goes to the first name, in code-point order,
    whose own slug it is (``x`` when nothing of the name folds to ASCII); the other names that
    fold to it get ``-2``, ``-3``, ..., skipping every name's own slug and ``reserved``. The
    same names give the same slugs, whatever their order."""
    ordered = sorted(set(names))
    own = {name: slugify(name) or "x" for name in ordered}
    taken = set(own.values()) | set(reserved)
    given: set[str] = set(reserved)
    slugs: dict[str, str] = {}
    for name in ordered:
        if own[name] not in given:
            slugs[name] = own[name]
            given.add(own[name])
    for name in ordered:
        if name not in slugs:
            n = 2
            while f"{own[name]}-{n}" in taken:
                n += 1
            slugs[name] = f"{own[name]}-{n}"
            taken.add(slugs[name])
    return {name: slugs[name] for name in ordered}
