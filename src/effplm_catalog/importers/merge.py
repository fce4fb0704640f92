"""Grouping entries that are the same paper, across sources and inside one."""

from __future__ import annotations

import difflib
from collections import defaultdict

from ..ids import arxiv_id, last_name, normalize_title, slugify
from .entries import Entry

SIMILARITY = 0.9
"""Titles this similar (difflib ratio of normalized titles) are one paper when the first authors agree."""


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def entry_arxiv(entry: Entry) -> str | None:
    for _label, url in entry.urls:
        found = arxiv_id(url)
        if found:
            return found
    return None


def _first_author(entry: Entry) -> str:
    return slugify(last_name(entry.authors[0])) if entry.authors else ""


def group_entries(entries: list[Entry]) -> list[list[int]]:
    """Indexes of entries grouped by paper, groups in order of their first entry.

    Same paper: equal normalized titles (case, punctuation, dashes, accents), or
    the same arXiv ID, or titles at least :data:`SIMILARITY` alike with the same
    first author's last name (typos of the kind the sources contain).
    """
    uf = _UnionFind(len(entries))
    by_title: dict[str, int] = {}
    by_arxiv: dict[str, int] = {}
    keys = [normalize_title(e.title) for e in entries]
    for i, entry in enumerate(entries):
        if keys[i] in by_title:
            uf.union(by_title[keys[i]], i)
        else:
            by_title[keys[i]] = i
        arxiv = entry_arxiv(entry)
        if arxiv:
            if arxiv in by_arxiv:
                uf.union(by_arxiv[arxiv], i)
            else:
                by_arxiv[arxiv] = i
    distinct = list(by_title.items())
    for a in range(len(distinct)):
        title_a, i = distinct[a]
        matcher = difflib.SequenceMatcher(None, title_a, autojunk=False)
        for b in range(a + 1, len(distinct)):
            title_b, j = distinct[b]
            matcher.set_seq2(title_b)
            if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                continue
            if matcher.ratio() >= SIMILARITY and _compatible(entries[i], entries[j]):
                uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(entries)):
        groups[uf.find(i)].append(i)
    return [groups[root] for root in sorted(groups)]


def _compatible(a: Entry, b: Entry) -> bool:
    fa, fb = _first_author(a), _first_author(b)
    return not fa or not fb or fa == fb
