"""What a source says about one paper, before it becomes a record."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entry:
    """One paper as one source lists it. Fields hold the source's own spellings."""

    source: str
    line: int
    title: str
    authors: list[str] = field(default_factory=list)
    venue_text: str | None = None
    year: int | None = None
    urls: list[tuple[str, str]] = field(default_factory=list)
    """(label, url) pairs: the title link is labelled "title"."""
    headings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pages: str | None = None
    origin: str = ""
    """The file the entry came from (two files may share a source)."""
    sections: list[str] = field(default_factory=list)
    """Category ids assigned by the importer (for example from citing survey sections)."""


@dataclass(frozen=True)
class Anomaly:
    """Something an importer could not do, or did with a doubt, at a place in a source."""

    source: str
    line: int
    kind: str
    message: str

    def format(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.kind}: {self.message}"
