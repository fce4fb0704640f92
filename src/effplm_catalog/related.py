"""Papers related by topic: for each paper, the others whose title, categories, tags, notes and
abstract say most nearly the same thing (TF-IDF vectors compared by cosine).

Computed at build time from the records alone: no network, and the same catalog always gives
the same answer (ties are broken by paper id). The cost grows with the number of papers that
share a distinctive word, not with the square of the catalog: candidates come only from words
that few papers use, and are then scored on every word.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .ids import STOPWORDS, normalize_title
from .models import Paper

SHOWN = 5
"""Related papers listed on a paper page."""
MIN_SCORE = 0.12
"""Below this cosine the papers share little more than common words: better none than noise."""

# How much each part of a record counts. A primary category says more than a further one; the
# title says more than free text, whose length would otherwise drown it.
_WEIGHTS = {"title": 3.0, "category": 2.0, "categories": 1.0, "tags": 1.5, "notes": 0.5, "abstract": 0.5}

# Words that every paper of this catalog uses, beyond English stopwords: they tell papers apart
# no better than "the" does, and IDF alone would still let them add noise in short titles.
# fmt: off
_COMMON = frozenset([
    "model", "models", "language", "languages", "pre", "pretrained", "trained", "training",
    "efficient", "efficiency", "neural", "network", "networks", "large", "via", "using", "towards",
    "toward", "based", "approach", "method", "methods", "study", "paper", "new", "learning",
    "deep", "task", "tasks", "less", "more", "better", "faster", "cheaper", "lighter",
])
# fmt: on

# A light stemmer, enough for titles: "distillation", "distilled" and "distilling" are one word,
# as are "quantization" and "quantized", or "transformers" and "transformer".
_SUFFIX = re.compile(r"(?<=[a-z]{4})(?:ations?|ing|ed|(?<!s)s)$")


def _words(text: str) -> list[str]:
    words = []
    for word in normalize_title(text).split():
        if word in STOPWORDS or word in _COMMON or len(word) < 2 or word.isdigit():
            continue
        words.append(_SUFFIX.sub("", word))
    return words


def terms(paper: Paper) -> dict[str, float]:
    """The paper's weighted terms before IDF: words of its text, and its categories and tags."""
    counts: dict[str, float] = defaultdict(float)

    def add(items: Iterable[str], weight: float) -> None:
        for item in items:
            counts[item] += weight

    add(_words(paper.title), _WEIGHTS["title"])
    add([f"category:{paper.category}"], _WEIGHTS["category"])
    add((f"category:{c}" for c in paper.categories), _WEIGHTS["categories"])
    add((f"tag:{t}" for t in paper.tags), _WEIGHTS["tags"])
    if paper.notes:
        add(_words(paper.notes), _WEIGHTS["notes"])
    if paper.abstract:
        add(_words(paper.abstract), _WEIGHTS["abstract"])
    return dict(counts)


def _vectors(papers: Sequence[Paper]) -> tuple[list[dict[str, float]], dict[str, list[tuple[int, float]]]]:
    """Each paper's unit TF-IDF vector, and for each term the papers that have it, with its weight."""
    raw = [terms(p) for p in papers]
    df: dict[str, int] = defaultdict(int)
    for vector in raw:
        for term in vector:
            df[term] += 1
    n = len(papers)
    vectors = []
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(raw):
        # Sub-linear term frequency, so one word repeated in an abstract does not dominate.
        weighted = {t: math.log1p(w) * math.log(n / df[t]) for t, w in vector.items()}
        norm = math.sqrt(sum(w * w for w in weighted.values())) or 1.0
        unit = {t: w / norm for t, w in weighted.items() if w > 0}
        vectors.append(unit)
        for t, w in unit.items():
            postings[t].append((i, w))
    return vectors, postings


def related_papers(papers: Sequence[Paper], shown: int = SHOWN) -> Mapping[str, list[Paper]]:
    """For each paper id, up to ``shown`` other papers, most related first."""
    vectors, postings = _vectors(papers)
    # A word in more papers than this finds no candidates (it still counts in their scores):
    # it says little about a topic, and its long list of papers would make the work quadratic.
    cap = max(25, int(2 * math.sqrt(len(papers))))
    out: dict[str, list[Paper]] = {}
    for i, vector in enumerate(vectors):
        partial: dict[int, float] = defaultdict(float)
        for term, weight in vector.items():
            posting = postings[term]
            if len(posting) <= cap:
                for j, other in posting:
                    partial[j] += weight * other
        partial.pop(i, None)
        # The full cosine for the best candidates by their distinctive words.
        best = sorted(partial, key=lambda j: (-partial[j], papers[j].id))[: shown * 4]
        scored = []
        for j in best:
            other_vector = vectors[j]
            score = sum(w * other_vector.get(t, 0.0) for t, w in vector.items())
            if score >= MIN_SCORE:
                scored.append((-score, papers[j].id, j))
        scored.sort()
        out[papers[i].id] = [papers[j] for _, _, j in scored[:shown]]
    return out
