"""Property-based tests: the loader never fails but with problems, fmt is idempotent, BibTeX round-trips."""

from __future__ import annotations

import datetime as dt
import string
import unicodedata
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from effplm_catalog import bibtex
from effplm_catalog.bibtex_import import import_bibtex
from effplm_catalog.catalog import Catalog
from effplm_catalog.loader import parse_yaml, validate_model
from effplm_catalog.models import Paper
from effplm_catalog.problems import Problem
from effplm_catalog.recordfile import dump_paper, format_record
from effplm_catalog.vocab import Vocabulary, load_vocabulary

from .conftest import CATALOG

VOCAB: Vocabulary = load_vocabulary(CATALOG / "vocab")
FAST = settings(
    max_examples=int(__import__("os").environ.get("EFFPLM_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_give_problems(raw: bytes) -> None:
    doc = parse_yaml(raw, "x.yaml")
    validate_model(doc, Paper)
    assert all(isinstance(p, Problem) and p.path == "x.yaml" for p in doc.problems)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.dates()
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=30,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=20), st.just("doe-2020-x")),
        "title": st.one_of(st.text(max_size=40), st.integers()),
        "authors": documents,
        "year": st.one_of(st.integers(), st.text(max_size=6)),
        "venue": documents,
        "category": st.text(max_size=10),
        "links": documents,
        "sources": documents,
        "added": st.one_of(st.dates(), st.text()),
    },
)


@FAST
@given(st.one_of(documents, record_like))
def test_arbitrary_yaml_documents_only_give_problems(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    doc = parse_yaml(text.encode("utf-8"), "x.yaml")
    validate_model(doc, Paper)
    assert all(isinstance(p, Problem) and p.line >= 0 for p in doc.problems)


# Records as people write them: printable text with the characters that need care.
TEXT_ALPHABET = string.ascii_letters + string.digits + " -:,.?!'&()[]*_|#%$~^{}\\\"`/" + "éüßøÅñçœ’“”–—…αβ∞"


def clean_text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return (
        st.text(TEXT_ALPHABET, min_size=min_size, max_size=max_size)
        .map(lambda s: unicodedata.normalize("NFC", " ".join(s.split())))
        .filter(lambda s: bool(s) and s[0].isalnum())
    )


def name_part(max_size: int) -> st.SearchStrategy[str]:
    # The schema keeps commas (Last, First), braces and backslashes (LaTeX) out of names.
    return clean_text(1, max_size).filter(
        lambda s: " " not in s and not set(s) & set(",{}\\") and s.lower() not in ("and", "others", "et", "al.")
    )


names = st.builds(lambda g, f: f"{g} {f}", name_part(12), name_part(15))
arxiv_ids = st.builds(lambda a, b: f"{a:04d}.{b:05d}", st.integers(1001, 2412), st.integers(0, 99999))


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    year = draw(st.integers(1990, 2026))
    venue_id = draw(st.sampled_from(sorted(VOCAB.venue_by_id)))
    kind = VOCAB.venue_by_id[venue_id].kind
    track = (
        "none"
        if kind == "preprint"
        else "workshop"
        if kind == "workshop"
        else draw(st.sampled_from(["main", "findings", "workshop", "short", "demo", "industry"]))
    )
    links: dict[str, str] = {}
    if draw(st.booleans()):
        links["arxiv"] = draw(arxiv_ids)
    if draw(st.booleans()):
        links["doi"] = (
            "10."
            + str(draw(st.integers(1000, 99999)))
            + "/"
            + draw(st.text("abcdefxyz0123456789.-", min_size=1, max_size=12))
        )
    if draw(st.booleans()):
        links["acl"] = (
            f"{year}.{draw(st.sampled_from(['acl-long', 'emnlp-main', 'findings-acl']))}.{draw(st.integers(1, 999))}"
        )
    if not links or draw(st.booleans()):
        links["paper"] = "https://example.org/" + draw(st.text(string.ascii_lowercase + "/_-.", max_size=20))
    notes = draw(st.one_of(st.none(), st.lists(clean_text(1, 30), min_size=1, max_size=3).map("\n".join)))
    return Paper.model_validate(
        {
            "id": "x-2020-paper",
            "title": draw(clean_text(1, 80)),
            "authors": draw(st.lists(names, min_size=1, max_size=6)),
            "year": year,
            "venue": {"id": venue_id, "track": track},
            "category": "pruning",
            "links": links,
            "notes": notes,
            "sources": ["list-a"],
            "added": dt.date(2026, 11, 20),
        }
    )


@FAST
@given(papers())
def test_fmt_is_idempotent(paper: Paper) -> None:
    once, problems = format_record(dump_paper(paper).encode(), "x.yaml", paper.id)
    assert problems == [] and once is not None
    twice, _ = format_record(once.encode(), "x.yaml", paper.id)
    assert twice == once
    reread = validate_model(parse_yaml(once.encode(), "x.yaml"), Paper)
    assert reread == paper


@FAST
@given(papers())
def test_bibtex_export_then_import_keeps_title_authors_year_and_identifiers(paper: Paper) -> None:
    catalog = Catalog([paper], VOCAB)
    result = import_bibtex(
        bibtex.export(catalog.vocab, catalog.papers), Catalog([], VOCAB), category="pruning", source="list-a"
    )
    assert result.problems == []
    (back,) = result.papers
    assert (back.title, back.authors, back.year) == (paper.title, paper.authors, paper.year)
    ids = ("arxiv", "doi", "acl")
    assert {k: getattr(back.links, k) for k in ids} == {k: getattr(paper.links, k) for k in ids}
