"""Checks that a record agrees with its own identifiers, and that people are spelled one way.

- An arXiv ID names the month the preprint was posted: a record dated before it is
  wrong, unless its notes explain (an extended version posted later, say).
- An ACL Anthology ID names the year and the event of the volume.
- Pages belong to a published version, not to a preprint.
- An author list that a source cut short ("Basil Hosmer et al" as the last name) is a
  warning until a curator writes out every author.
- Two spellings of what is probably one person (the same family name, and given names
  that agree up to diacritics, dots or middle names, or first names that agree only as
  an initial or a shortened form with a co-author or a category in common) are a
  warning, unless ``vocab/people.yaml`` lists them as different people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from . import ids
from .problems import Problem
from .recordfile import LoadedRecord
from .vocab import Vocabulary

_ACL_EVENT = re.compile(r"^(?P<year>\d{4})\.(?P<event>[a-z0-9]+)(?:-(?P<part>[a-z0-9]+))?")
_ACL_OLD_EVENTS = {"P": "acl", "D": "emnlp", "N": "naacl", "E": "eacl", "Q": "tacl", "J": "cl", "K": "conll"}
"""Letters of the old ACL Anthology IDs whose volume is one event (W, workshops, holds many)."""
_ACL_EVENT_VENUES = {"findings": None, "main": None}
"""Parts of a new-style ID that are not events (``2020.findings-emnlp.1``: the event follows)."""


def check_identifiers(record: LoadedRecord, vocab: Vocabulary) -> list[Problem]:
    """The record's year and venue against its arXiv and ACL Anthology IDs; pages on preprints."""
    paper = record.paper
    found: list[Problem] = []

    def report(loc: tuple[str | int, ...], code: str, message: str) -> None:
        line, col = record.at(*loc)
        found.append(Problem(record.path, line, col, code, message))

    arxiv = paper.links.arxiv
    if arxiv and ids.ARXIV_NEW.match(arxiv):
        posted = 2000 + int(arxiv[:2])
        if posted > paper.year and arxiv not in (paper.notes or ""):
            report(
                ("links", "arxiv"),
                "arxiv-after-year",
                f"arXiv {arxiv} was posted in {posted}, after the record's year {paper.year}: correct the year, "
                f"or say in notes why the arXiv version is later (name {arxiv} there)",
            )
    acl = paper.links.acl
    if acl:
        year, event = _acl_year_and_event(acl)
        if year is not None and year != paper.venue_year:
            report(
                ("links", "acl"),
                "acl-id-year",
                f"ACL Anthology ID {acl} is of {year}, the record says {paper.venue_year}: "
                f"correct the year (or venue.year), or the ID",
            )
        if event is not None and event in vocab.venue_by_id and event != paper.venue.id:
            report(
                ("links", "acl"),
                "acl-id-venue",
                f"ACL Anthology ID {acl} is of {vocab.venue_by_id[event].name}, the record says "
                f"venue {paper.venue.id!r}: correct the venue, or the ID",
            )
    prefix = f"{ids.slugify(ids.last_name(paper.authors[0])) or 'anonymous'}-{paper.year}-"
    if not paper.id.startswith(prefix):
        suggestion = ids.make_paper_id(paper.authors, paper.year, paper.title)
        report(
            ("id",),
            "id-rule",
            f"id {paper.id!r} breaks the id rule (first author's family name, year, first content word of "
            f"the title): rename the file and the id to {suggestion!r}",
        )
    venue = vocab.venue_by_id.get(paper.venue.id)
    if paper.venue.pages and venue is not None and venue.kind == "preprint":
        report(
            ("venue", "pages"),
            "pages-on-preprint",
            f"{venue.name} has no pages: give the published venue these pages come from, or remove them",
        )
    return found


def check_cut_short(record: LoadedRecord) -> list[Problem]:
    """A warning on an author list whose last name ends in "et al": the list is incomplete."""
    authors = record.paper.authors
    names, cut_short = ids.written_out(authors)
    if not cut_short:
        return []
    line, col = record.at("authors", len(authors) - 1)
    name = names[-1]
    message = (
        f"{authors[-1]!r} ends in 'et al': the source cut the author list short; write {name!r} and every "
        f"author after them (the paper's arXiv or publisher page lists them)"
    )
    return [Problem(record.path, line, col, "authors-cut-short", message, "warning")]


def _acl_year_and_event(acl: str) -> tuple[int | None, str | None]:
    """The year and the event (a venue id, when the volume is one event) of an ACL Anthology ID."""
    if ids.ACL_OLD.match(acl):
        year = int(acl[1:3])
        # From 2019, volumes 5000 and up of a conference's letter are its workshops (D19-5632: WNGT).
        event = _ACL_OLD_EVENTS.get(acl[0]) if acl[4] < "5" else None
        return (1900 + year if year > 60 else 2000 + year), event
    match = _ACL_EVENT.match(acl)
    if match is None:
        return None, None
    event, part = match.group("event"), match.group("part")
    if event in _ACL_EVENT_VENUES and part:
        event = part  # 2020.findings-emnlp.372
    return int(match.group("year")), event


def check_name_variants(records: Sequence[LoadedRecord], distinct: Iterable[Sequence[str]] = ()) -> list[Problem]:
    """Warnings for two spellings that probably name one person, each on the record that uses the
    rarer one (ties: the later file), pointing at the other spelling's first record."""
    uses: dict[str, list[tuple[LoadedRecord, int]]] = defaultdict(list)
    for record in records:
        for i, name in enumerate(record.paper.authors):
            uses[name].append((record, i))
    # Only names of one family whose first given names begin alike (short forms mapped to the
    # long ones: Bob, Robert) can be one person: comparing within those groups keeps this linear
    # in practice, where comparing every pair of a common family name (Wang, Zhang) is not.
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    given: dict[str, list[str]] = {}
    for name in uses:
        family = ids.last_name(name)
        given[name] = names_given = _fold(name[: len(name) - len(family)]).split()
        first = names_given[0] if names_given else ""
        groups[(_fold(family), (_SHORT_FORMS.get(first, (first,))[0] or " ")[0])].append(name)
    known = {frozenset(pair) for pair in distinct}
    found: list[Problem] = []
    for names in groups.values():
        for a, b in combinations(sorted(names), 2):
            likeness = _likeness(given[a], given[b])
            if frozenset((a, b)) in known or not likeness or (likeness == 1 and not _related(uses[a], uses[b])):
                continue
            rare, common = sorted((a, b), key=lambda n: (len(uses[n]), n))
            if len(uses[rare]) == len(uses[common]):
                rare, common = sorted((a, b), key=lambda n: uses[n][0][0].path, reverse=True)
            other, j = uses[common][0]
            record, i = uses[rare][0]
            line, col = record.at("authors", i)
            oline, ocol = other.at("authors", j)
            message = (
                f"{rare!r} is probably {common!r} ({other.path}:{oline}:{ocol}): write one spelling everywhere "
                f"(the fullest the person's papers use, with diacritics), or list both in vocab/people.yaml "
                f"as different people"
            )
            found.append(Problem(record.path, line, col, "name-variant", message, "warning"))
    return found


def _fold(text: str) -> str:
    return ids.ascii_fold(text).lower().replace("-", " ").replace(".", " ").strip()


def _likeness(x: list[str], y: list[str]) -> int:
    """How alike the given names of two names of one family are: 2 when they differ only in
    diacritics, dots or middle names (Quoc Le, Quoc V. Le); 1 when the first given names agree
    only as an initial or a shortened form (J. Lee, Jeff, Jeffrey); 0 when they cannot be one
    person."""
    if x == y:
        return 2
    if not x or not y or not _same_given(x[0], y[0]):
        return 0
    shorter, longer = sorted((x[1:], y[1:]), key=len)
    it = iter(longer)
    if not all(any(_same_given(s, t) for t in it) for s in shorter):  # the shorter's middle names, in order
        return 0
    return 2 if x[0] == y[0] else 1


_SHORT_FORMS = {
    "alex": ("alexander", "alexandra", "alexandre"),
    "andy": ("andrew",),
    "ben": ("benjamin",),
    "bill": ("william",),
    "bob": ("robert",),
    "chris": ("christopher", "christian", "christina", "christine"),
    "dan": ("daniel",),
    "dave": ("david",),
    "ed": ("edward",),
    "greg": ("gregory",),
    "jeff": ("jeffrey",),
    "jim": ("james",),
    "joe": ("joseph",),
    "kate": ("katherine", "kathryn"),
    "matt": ("matthew",),
    "mike": ("michael",),
    "nick": ("nicholas",),
    "rob": ("robert",),
    "sam": ("samuel", "samantha"),
    "sasha": ("alexandra", "alexander"),
    "steve": ("steven", "stephen"),
    "tim": ("timothy",),
    "tom": ("thomas",),
}
"""Short forms of given names that one person writes both ways (Jeff Dean, Jeffrey Dean). A list,
not a rule: given names that begin alike are often different names (Wei, Weizhu; Xin, Xinyu)."""


def _same_given(s: str, t: str) -> bool:
    if s == t:
        return True
    if len(s) == 1 or len(t) == 1:
        return s[0] == t[0]
    return t in _SHORT_FORMS.get(s, ()) or s in _SHORT_FORMS.get(t, ())


def _related(a: list[tuple[LoadedRecord, int]], b: list[tuple[LoadedRecord, int]]) -> bool:
    """A co-author or a category in common."""
    coauthors_a = {_fold(n) for r, _ in a for n in r.paper.authors}
    coauthors_b = {_fold(n) for r, _ in b for n in r.paper.authors}
    family = {_fold(ids.last_name(r.paper.authors[i])) for r, i in a}
    shared = {n for n in coauthors_a & coauthors_b if _fold(ids.last_name(n)) not in family}
    categories_a = {c for r, _ in a for c in r.paper.all_categories}
    categories_b = {c for r, _ in b for c in r.paper.all_categories}
    return bool(shared) or bool(categories_a & categories_b)
