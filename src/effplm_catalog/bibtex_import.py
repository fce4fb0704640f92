"""BibTeX → records: LaTeX decoded to Unicode, venues normalized, identifiers typed.

Entries without a title or authors are reported, not guessed; entries that are
already in the catalog (same arXiv ID, DOI, ACL ID or title) are reported too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from . import ids
from .catalog import Catalog
from .errors import EffplmError
from .models import Paper
from .scaffold import DuplicatePaper, NewPaper, build_paper

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
# pylatexenc reads \textasciicircum as U+02C6 and \textasciitilde as U+02DC; these
# placeholders carry the ASCII characters through decoding instead.
# The same for the braces the export writes as \textbraceleft{} and \textbraceright{}.
_PROTECT = {
    r"\textasciicircum{}": "\ue000",
    r"\textasciitilde{}": "\ue001",
    r"\textbraceleft{}": "\ue002",
    r"\textbraceright{}": "\ue003",
}
_RESTORE = str.maketrans({"\ue000": "^", "\ue001": "~", "\ue002": "{", "\ue003": "}"})


def _protect(text: str) -> str:
    for macro, placeholder in _PROTECT.items():
        text = text.replace(macro, placeholder)
    return text


def decode_latex(text: str) -> str:
    """LaTeX accents, escapes and braces → Unicode text."""
    try:
        decoded = _LATEX.latex_to_text(_protect(text)).translate(_RESTORE)
    except Exception:  # pylatexenc raises on malformed input; keep the raw text rather than fail
        decoded = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", decoded).strip()


def split_bibtex_authors(text: str, *, decoded: bool = False) -> list[str]:
    """``Last, First and First von Last`` → ``["First Last", "First von Last"]``.

    LaTeX in the names is decoded, unless ``decoded`` says the middleware already did
    (then only the placeholders for ^ and ~ are turned back). A closing "others" (BibTeX's
    "et al.") is kept on the last name, "Anna Østergaard et al", which validate warns about:
    the list is incomplete, and the export writes "and others" again.
    """
    names: list[str] = []
    cut_short = False
    for person in split_multiple_persons_names(text):
        try:
            parts = parse_single_name_into_parts(person)
        except InvalidNameError as exc:
            raise EffplmError(f"cannot read the author name {person!r}: {exc.reason}") from None
        name = " ".join([*parts.first, *parts.von, *parts.last, *parts.jr])
        name = " ".join(name.split()).translate(_RESTORE) if decoded else decode_latex(name)
        if name.lower() == "others":
            cut_short = bool(names)
        elif name:
            names.append(name)
            cut_short = False
    if cut_short:
        names[-1] += " et al"
    return names


@dataclass
class BibImport:
    papers: list[Paper] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def import_bibtex(
    text: str,
    catalog: Catalog,
    *,
    category: str | None,
    source: str = "curator",
    added: dt.date | None = None,
    origin: str = "input",
) -> BibImport:
    """Records for every entry of ``text`` that is new to ``catalog``."""
    result = BibImport()
    decode = LatexDecodingMiddleware(keep_braced_groups=False, keep_math_mode=False)
    library = parse_string(_protect(text), append_middleware=[decode])
    for block in library.failed_blocks:
        line = (getattr(block, "start_line", None) or 0) + 1
        result.problems.append(f"{origin}:{line}: cannot parse this BibTeX block")
    working = catalog
    for entry in library.entries:
        where = f"{origin}:{(entry.start_line or 0) + 1}: @{entry.entry_type}{{{entry.key}}}"
        # Placeholders stay until names are split: "~" is a space to BibTeX's name parser.
        fields = {f.key.lower(): str(f.value).strip() for f in entry.fields}
        try:
            paper = build_paper(working, _new_paper(fields, category, source, added or dt.date.today()))
        except DuplicatePaper as exc:
            result.duplicates.append(f"{where}: {exc}")
            continue
        except EffplmError as exc:
            result.problems.append(f"{where}: {exc}")
            continue
        result.papers.append(paper)
        working = Catalog([*working.papers, paper], working.vocab)
    return result


def _new_paper(fields: dict[str, str], category: str | None, source: str, added: dt.date) -> NewPaper:
    # The decoding middleware has removed grouping braces; braces left are the title's own ({\{} in LaTeX).
    fields = {**{k: v.translate(_RESTORE) for k, v in fields.items()}, "author": fields.get("author", "")}
    title = re.sub(r"\s+", " ", fields.get("title", "")).strip()
    if not title:
        raise EffplmError("no title; not imported")
    raw_authors = fields.get("author", "")
    authors = split_bibtex_authors(raw_authors, decoded=True)  # the middleware decoded LaTeX
    if not authors:
        raise EffplmError("no authors; not imported")
    year_text = fields.get("year", "")
    if not year_text.isdigit():
        raise EffplmError(f"year {year_text!r} is not a number; not imported")
    if category is None:
        raise EffplmError("no category: give --category")
    links: dict[str, str] = {}
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).lower()
    if eprint and (prefix == "arxiv" or ids.arxiv_id(eprint)):
        links["arxiv"] = ids.arxiv_id(eprint) or eprint
    if fields.get("doi"):
        links["doi"] = ids.doi(fields["doi"]) or fields["doi"]
    url = fields.get("url", "")
    if url:
        for key, found in (
            ("arxiv", ids.arxiv_id(url)),
            ("acl", ids.acl_id(url)),
            ("openreview", ids.openreview_id(url)),
            ("doi", ids.doi(url)),
        ):
            if found:
                links.setdefault(key, found)
                break
        else:
            links["paper"] = url
    venue = fields.get("booktitle") or fields.get("journal") or fields.get("howpublished") or ""
    if not venue:
        if "arxiv" not in links:
            raise EffplmError("no booktitle, journal, howpublished or arXiv eprint: cannot tell the venue")
        venue = "arxiv"
    elif re.fullmatch(r"(?i)(arxiv|corr)\b.*", venue):
        venue = "arxiv"
    page_range = re.fullmatch(r"\s*(\w+)\s*[-–—]+\s*(\w+)\s*", fields.get("pages", ""))
    return NewPaper(
        title=title,
        authors=authors,
        year=int(year_text),
        venue=venue,
        category=category,
        links=links,
        sources=(source,),
        added=added,
        abstract=fields.get("abstract") or None,
        pages=f"{page_range.group(1)}--{page_range.group(2)}" if page_range else None,
    )
