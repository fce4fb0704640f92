"""What a provider knows about one paper."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from ..ids import normalize_title


@dataclass
class Metadata:
    provider: str
    title: str
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    """Free-text venue as the provider writes it; None for a preprint."""
    arxiv: str | None = None
    doi: str | None = None
    acl: str | None = None
    url: str | None = None
    pages: str | None = None
    abstract: str | None = None


# Controls, line separators, bidirectional overrides and isolates, non-characters: what a record refuses.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean(text: str) -> str:
    """Text as a record may hold it: control characters dropped (a provider's C1 controls would
    make the record invalid), whitespace collapsed (arXiv's legacy feed hard-wraps titles and
    abstracts), Unicode in NFC form."""
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", _UNWANTED.sub(" ", text)).strip())


def clean_paragraphs(text: str) -> str:
    """Like :func:`clean`, for text in paragraphs (an abstract): each paragraph cleaned, the blank
    lines between them kept."""
    paragraphs = (clean(p) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def same_title(a: str, b: str, threshold: float = 0.9) -> bool:
    """Whether a search hit's title is the title asked for (case, punctuation and small typos aside)."""
    x, y = normalize_title(a), normalize_title(b)
    return x == y or difflib.SequenceMatcher(None, x, y).ratio() >= threshold


def pages(text: str | None) -> str | None:
    """ "525-535", "525 - 535" → "525--535"."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\w+)\s*[-–—]+\s*(\w+)\s*", text)
    return f"{m.group(1)}--{m.group(2)}" if m else (text.strip() if re.fullmatch(r"\w+", text.strip()) else None)
