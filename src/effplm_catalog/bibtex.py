"""BibTeX export: ACL Anthology-style keys, fixed field order, text made safe for BibTeX.

Keys are ``{last}-{year}-{first content word}`` (one author),
``{last1}-{last2}-{year}-{word}`` (two) or ``{last}-etal-{year}-{word}`` (more).
A collision takes the next content words of the title, then ``-2``, ``-3``...
Keys are assigned over the whole catalog in id order, so they are stable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from . import ids
from .models import Paper
from .vocab import Vocabulary

FIELD_ORDER = (
    "title",
    "author",
    "booktitle",
    "journal",
    "howpublished",
    "year",
    "pages",
    "publisher",
    "doi",
    "eprint",
    "archiveprefix",
    "url",
    "note",
)

_SPECIAL = {
    "\\": r"\textbackslash{}",
    # Not \{ and \}: BibTeX counts those braces too, so a title holding "}" followed by
    # BibTeX syntax could close the field and start an entry of its own.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0308": '"',
    "\u0304": "=",
    "\u0307": ".",
    "\u030a": "r",
    "\u030c": "v",
    "\u0306": "u",
    "\u0327": "c",
    "\u0328": "k",
    "\u030b": "H",
}
_LETTERS = {
    "ß": r"{\ss}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "ı": r"{\i}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
    "–": "--",
    "—": "---",
    "‘": r"{\textquoteleft}",
    "’": r"{\textquoteright}",
    "“": r"{\textquotedblleft}",
    "”": r"{\textquotedblright}",
    "…": r"\ldots{}",
    "\u00a0": "~",
}


# How a booktitle names a track, so that importing the entry gives the track back.
_TRACK_SUFFIX = {"short": " (Short Papers)", "demo": ": System Demonstrations", "industry": " (Industry Track)"}


_LIGATURES = frozenset({("-", "-"), ("!", "`"), ("?", "`"), ("`", "`"), ("'", "'"), (",", ","), ("<", "<"), (">", ">")})


_PLAIN = re.compile(r"[ -~]*")
_NEEDS_CARE = re.compile(r"[\\{}$&%#_^~]|--|!`|\?`|``|''|,,|<<|>>")


def latex_escape(text: str) -> str:
    """Text as BibTeX-safe LaTeX: specials escaped, accents and typographic marks as commands."""
    if _PLAIN.fullmatch(text) and not _NEEDS_CARE.search(text):
        return text  # most titles and names: printable ASCII with nothing to escape
    out: list[str] = []

    def emit(chunk: str) -> None:
        # Some pairs are ligatures in LaTeX ("--" is an en dash, "!`" is ¡): keep separate characters separate.
        if out and (out[-1][-1:], chunk[:1]) in _LIGATURES:
            out.append("{}")
        out.append(chunk)

    for ch in unicodedata.normalize("NFC", text):
        if ch in _SPECIAL:
            emit(_SPECIAL[ch])
        elif ch in _LETTERS:
            emit(_LETTERS[ch])
        elif ord(ch) < 128:
            emit(ch)
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            if marks and all(m in _ACCENTS for m in marks) and ord(base) < 128:
                cmd = base
                for m in marks:
                    accent = _ACCENTS[m]
                    cmd = f"\\{accent}{{{cmd}}}" if accent.isalpha() else f"\\{accent}{cmd}"
                emit("{" + cmd + "}")
            else:
                emit(ch)  # no LaTeX spelling: BibTeX passes UTF-8 through untouched
    return "".join(out)


def protect_title(title: str) -> str:
    """Escaped title with words that hold capitals after their first letter braced ({BERT}),
    so bibliography styles that lowercase titles keep them."""

    def brace(match: re.Match[str]) -> str:
        word = match.group(0)
        return "{" + word + "}" if _CAPITAL.search(word, 1) or (len(word) == 1 and word.isupper()) else word

    return _TITLE_WORD.sub(brace, latex_escape(title))


_CAPITAL = re.compile(r"[A-Z]")
_TITLE_WORD = re.compile(r"(?<![\\\w])[A-Za-z0-9][\w-]*")


def key_candidates(paper: Paper) -> list[str]:
    """BibTeX keys for ``paper``, preferred first."""
    names = [ids.slugify(ids.last_name(a)) or "anonymous" for a in paper.authors[:2]]  # all a key shows
    if len(paper.authors) == 1:
        who = names[0]
    elif len(paper.authors) == 2:
        who = f"{names[0]}-{names[1]}"
    else:
        who = f"{names[0]}-etal"
    words = ids.content_words(paper.title) or ["untitled"]
    return [f"{who}-{paper.year}-{'-'.join(words[:n])}" for n in range(1, min(len(words), 4) + 1)]


def assign_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper id → unique BibTeX key, assigned in id order."""
    taken: set[str] = set()
    keys: dict[str, str] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        candidates = key_candidates(paper)
        key = next((c for c in candidates if c not in taken), None)
        if key is None:
            n = 2
            while f"{candidates[0]}-{n}" in taken:
                n += 1
            key = f"{candidates[0]}-{n}"
        taken.add(key)
        keys[paper.id] = key
    return keys


def entry(vocab: Vocabulary, paper: Paper, key: str) -> str:
    """One BibTeX entry, fields in :data:`FIELD_ORDER`."""
    venue = vocab.venue_by_id.get(paper.venue.id)
    kind = venue.kind if venue else "conference"
    track = vocab.track_of(paper.venue)
    fields: dict[str, str] = {
        "title": "{" + protect_title(paper.title) + "}",
        "author": "{" + " and ".join(latex_escape(a) for a in _bibtex_authors(paper.authors)) + "}",
        "year": str(paper.year),
    }
    if kind in ("preprint", "other"):
        etype = "misc"
        fields["howpublished"] = "{" + latex_escape(venue.full_name if venue else paper.venue.id) + "}"
    elif kind == "journal":
        etype = "article"
        fields["journal"] = "{" + latex_escape(venue.full_name if venue else paper.venue.id) + "}"
    else:
        etype = "inproceedings"
        name = venue.full_name if venue else paper.venue.id
        if track == "findings":
            name = f"Findings of the {name}"
        elif track == "workshop" and kind != "workshop":
            name = f"Workshops of the {name}"
        elif track in _TRACK_SUFFIX:
            name = f"{name}{_TRACK_SUFFIX[track]}"
        fields["booktitle"] = "{" + latex_escape(name) + "}"
    if paper.venue.pages:
        fields["pages"] = "{" + paper.venue.pages.replace("–", "--") + "}"
    if paper.links.doi:
        fields["doi"] = "{" + latex_escape(paper.links.doi) + "}"
    if paper.links.arxiv:
        fields["eprint"] = "{" + paper.links.arxiv + "}"
        fields["archiveprefix"] = "{arXiv}"
    url = bibtex_url(paper)
    if url:
        fields["url"] = "{" + url + "}"  # the schema keeps braces and backslashes out of URLs
    body = ",\n".join(f"  {name} = {fields[name]}" for name in FIELD_ORDER if name in fields)
    return f"@{etype}{{{key},\n{body}\n}}\n"


def _bibtex_authors(authors: list[str]) -> list[str]:
    """The names as BibTeX reads them: a list a source cut short ("Basil Hosmer et al") ends in
    "others", which BibTeX styles print as "et al." (validate warns about such a list)."""
    names, cut_short = ids.written_out(authors)
    return [*names, "others"] if cut_short else names


def bibtex_url(paper: Paper) -> str | None:
    """The entry's url: the identifier that no other field carries comes first (ACL and OpenReview
    IDs have no BibTeX field of their own; arXiv has eprint and DOI has doi)."""
    landing = paper.links.landing_urls()
    return landing.get("acl") or landing.get("openreview") or paper.primary_url()


def export(vocab: Vocabulary, every: Iterable[Paper], papers: Iterable[Paper] | None = None) -> str:
    """BibTeX for ``papers`` (default: all of ``every``, the catalog), in id order, with keys
    assigned over the whole catalog."""
    every = list(every)
    keys = assign_keys(every)
    chosen = sorted(papers if papers is not None else every, key=lambda p: p.id)
    return "\n".join(entry(vocab, p, keys[p.id]) for p in chosen)
