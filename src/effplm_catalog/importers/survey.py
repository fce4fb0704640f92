"""The survey's text and reference list (one token per line) → entries with categories.

The reference list is anchored on its year tokens: every reference reads
``authors . YEAR . title . venue ...``, so each ``.``/year/``.`` triple marks
one reference. Authors are read backwards from the year as ``Given Family``
pairs joined by ``,``, ``, and`` or ``and``; the title is the token after the
year; the venue follows an optional ``In``.

In-text citations ("Sanh et al., 2019", "(Gordon et al., 2020)", "Dettmers et
al., 2022a", "Mishra and Sachdeva (2020)") are matched to references by family
names, year and suffix; the numbered section ("2.1 Filtering") around each
citation gives the reference its categories, the first citing section being
the primary one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..ids import arxiv_id_in_text
from .entries import Anomaly, Entry

_YEAR = re.compile(r"^(?P<year>\d{4})(?P<suffix>[a-z]?)$")
_SECTION = re.compile(r"^(?P<num>\d\.\d)\s+(?P<title>[A-Z].{2,80})$")
_SEPARATORS = {",", ", and", "and"}
_SUFFIXES = {"Jr.", "Jr", "II", "III", "IV"}
INTRODUCTION = "Introduction"


@dataclass
class Reference:
    """One reference of the list, with the key the text cites it by."""

    entry: Entry
    families: list[str]
    year: int
    suffix: str

    @property
    def label(self) -> str:
        names = self.families
        who = f"{names[0]} et al." if len(names) > 2 else " and ".join(names)
        return f"{who}, {self.year}{self.suffix}"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def split_survey(text: str) -> tuple[list[str], list[str]]:
    """The body lines and the reference tokens (the list starts after the last footnote)."""
    lines = [line.strip() for line in text.splitlines()]
    end = next((i for i, line in enumerate(lines) if line.startswith("Author notes")), len(lines))
    years = _year_positions(lines[:end])
    if not years:
        return lines[:end], []
    start, _ = _read_authors(lines, years[0] - 1)
    return lines[:start], lines[start:end]


def _year_positions(tokens: list[str]) -> list[int]:
    """Indexes of reference years: a year token between two "." tokens."""
    return [i for i in range(1, len(tokens) - 1) if tokens[i - 1] == "." == tokens[i + 1] and _YEAR.match(tokens[i])]


def _read_authors(tokens: list[str], dot: int) -> tuple[int, list[tuple[str, str]]]:
    """Read the authors that end at ``tokens[dot]`` (".") backwards: (start index, [(name, family)]).

    A name is ``Given Family``, ``Given Family Suffix`` (Hal Daumé III), or a single token
    when the scrape lost half of it (``Christopher`` for Christopher Ré).
    """
    names: list[tuple[str, str]] = []
    end = dot - 1
    while end >= 0:
        if end >= 1 and tokens[end - 1] in _SEPARATORS:
            begin = end  # a single-token name
        elif tokens[end] in _SUFFIXES and end >= 2:
            begin = end - 2
        else:
            begin = max(end - 1, 0)
        parts = tokens[begin : end + 1]
        family = parts[-2] if parts[-1] in _SUFFIXES and len(parts) > 1 else parts[-1]
        names.append((" ".join(parts), family))
        if begin >= 1 and tokens[begin - 1] in _SEPARATORS:
            end = begin - 2
            continue
        return begin, names[::-1]
    return 0, names[::-1]


def parse_references(tokens: list[str], source: str, first_line: int = 1) -> tuple[list[Reference], list[Anomaly]]:
    refs: list[Reference] = []
    anomalies: list[Anomaly] = []
    years = _year_positions(tokens)
    read = [_read_authors(tokens, y - 1) for y in years]
    for k, ((start, names), y) in enumerate(zip(read, years, strict=True)):
        end = read[k + 1][0] if k + 1 < len(read) else len(tokens)
        authors = [name for name, _ in names]
        families = [family for _, family in names]
        m = _YEAR.match(tokens[y])
        assert m is not None
        title = re.sub(r"(\w)- (\w)", r"\1-\2", tokens[y + 2].strip())  # "Parameter- efficient"
        title = title.replace("{", "").replace("}", "")  # BibTeX case protection left in: "{GS}hard"
        venue, pages = _venue_and_pages(tokens[y + 3 : end])
        entry = Entry(source, first_line + start, title, authors, venue, int(m.group("year")), pages=pages)
        arxiv = arxiv_id_in_text(venue or "")
        if arxiv:
            entry.urls.append(("arxiv", f"https://arxiv.org/abs/{arxiv}"))
        for name in authors:
            if len(name.split()) < 2:
                anomalies.append(
                    Anomaly(
                        source,
                        first_line + start,
                        "incomplete-author",
                        f"author {name!r} of {title!r} has one name only",
                    )
                )
        refs.append(Reference(entry, families, int(m.group("year")), m.group("suffix")))
    return refs, anomalies


def _venue_and_pages(tail: list[str]) -> tuple[str | None, str | None]:
    rest = list(tail)
    while rest and rest[0] in {".", ". In", "In", "?"}:
        rest.pop(0)
    venue = rest[0].strip() if rest and rest[0] not in {",", ", volume", ", pages"} else None
    if venue is None and "." in rest:  # "title , volume 1 . Publisher .": a book
        after = rest[rest.index(".") + 1 :]
        venue = after[0].strip() if after and after[0] != "." else None
    pages = None
    for i, token in enumerate(rest):
        if token in {", pages", ":"} and i + 2 < len(rest) and rest[i + 1].isdigit() and rest[i + 2].isdigit():
            pages = f"{rest[i + 1]}--{rest[i + 2]}"
            break
    return venue, pages


def sections_of(body: list[str]) -> list[tuple[str, list[str]]]:
    """(section heading, its paragraphs). Text before 2.1 is the introduction; the last paragraph
    before an ``N.1`` heading introduces section N and is counted with ``N.1``."""
    sections: list[tuple[str, list[str]]] = [(INTRODUCTION, [])]
    for line in body:
        m = _SECTION.match(line)
        if m:
            moved: list[str] = []
            if m.group("num").endswith(".1") and sections[-1][1]:
                moved = [sections[-1][1].pop()]
            sections.append((f"{m.group('num')} {m.group('title')}", moved))
        elif line:
            sections[-1][1].append(line)
    return sections


def cite_sections(refs: list[Reference], body: list[str]) -> dict[int, list[str]]:
    """Reference index → headings of the sections citing it, in order of first citation."""
    by_year: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        by_year.setdefault(f"{ref.year}{ref.suffix}", []).append(i)
    patterns = {i: _citation_pattern(ref) for i, ref in enumerate(refs)}
    cited: dict[int, list[str]] = {}
    for heading, paragraphs in sections_of(body):
        for paragraph in paragraphs:
            folded = _fold(paragraph)
            for m in re.finditer(r"(?<![\d.])(\d{4}[a-z]?)(?![\d])", folded):
                before = folded[max(0, m.start() - 90) : m.start()]
                for i in by_year.get(m.group(1), []):
                    if patterns[i].search(before) and heading not in cited.setdefault(i, []):
                        cited[i].append(heading)
    return cited


def _citation_pattern(ref: Reference) -> re.Pattern[str]:
    """How the text cites ``ref``, ending right before its year ("Gordon et al., (2020, " too)."""

    def name(family: str) -> str:
        folded = _fold(family)
        last = folded.split()[-1]
        return f"(?:{re.escape(folded)}|{re.escape(last)})" if last != folded else re.escape(folded)

    names = [name(f) for f in ref.families]
    if len(names) > 2:
        who = rf"{names[0]} et al\.?"
    elif len(names) == 2:
        who = rf"{names[0]} and {names[1]}"
    else:
        who = names[0] if names else "(?!)"
    return re.compile(rf"(?<![\w-]){who}(?:,|'s)?\s*\(?(?:\d{{4}}[a-z]?,\s*)*$")


def parse_survey(text: str, source: str) -> tuple[list[Entry], list[Anomaly]]:
    """Every reference as an entry whose ``headings`` are the sections citing it."""
    body, tokens = split_survey(text)
    refs, anomalies = parse_references(tokens, source, first_line=len(body) + 1)
    cited = cite_sections(refs, body)
    for i, ref in enumerate(refs):
        ref.entry.headings = cited.get(i, [])
        if not ref.entry.headings:
            anomalies.append(
                Anomaly(source, ref.entry.line, "uncited", f"no section cites {ref.label} ({ref.entry.title!r})")
            )
    return [r.entry for r in refs], anomalies
