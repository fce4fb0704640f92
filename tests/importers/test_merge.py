"""Merging entries that are one paper, and choosing each field from the richest source."""

from __future__ import annotations

import datetime as dt

import pytest

from effplm_catalog.importers.convert import classify_links, convert_group
from effplm_catalog.importers.entries import Entry
from effplm_catalog.importers.merge import group_entries
from effplm_catalog.vocab import Vocabulary, load_vocabulary

from ..conftest import REPO

DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(REPO / "vocab")


def entry(title: str, authors: list[str] | None = None, source: str = "a", **kw: object) -> Entry:
    return Entry(source, 1, title, authors if authors is not None else ["Dongkuan Xu"], **kw)  # type: ignore[arg-type]


def test_titles_equal_but_for_punctuation_case_and_dashes_merge() -> None:
    entries = [
        entry("Rethinking Network Pruning -- under the Pre-train and Fine-tune Paradigm"),
        entry("Rethinking Network Pruning-under the Pre-train and Fine-tune Paradigm", source="b"),
        entry("rethinking network pruning: under the pre-train and fine-tune paradigm.", source="c"),
    ]
    assert group_entries(entries) == [[0, 1, 2]]


def test_typos_merge_only_when_the_first_authors_agree() -> None:
    entries = [
        entry("Adaptive Compression of Word Embeddings", ["Yeachan Kim"]),
        entry("Adpative Compression of Word Embeddings", ["Yeachan Kim", "Kang-Min Kim"], source="b"),
        entry("Adaptive Compression of Word Embedding", ["Someone Else"], source="c"),
    ]
    assert group_entries(entries) == [[0, 1], [2]]


def test_same_arxiv_id_merges_different_titles() -> None:
    entries = [
        entry("Reducing Transformer Depth on Demand", urls=[("pdf", "https://arxiv.org/abs/1909.11556")]),
        entry("LayerDrop", source="b", urls=[("title", "https://arxiv.org/pdf/1909.11556v2.pdf")]),
    ]
    assert group_entries(entries) == [[0, 1]]


def test_classify_links() -> None:
    links = classify_links(
        [
            entry(
                "x",
                urls=[
                    ("pdf", "https://aclanthology.org/2021.acl-long.231.pdf"),
                    ("title", "https://openreview.net/forum?id=SylO2yStDr"),
                    ("title", "https://dl.acm.org/doi/abs/10.1145/3446640"),
                    ("project", "https://github.com/castorini/berxit"),
                    ("project", "https://huggingface.co/transformers/model_doc/distilbert.html"),
                    ("pdf", "https://www.ijcai.org/proceedings/2021/0472.pdf"),
                ],
            )
        ]
    )
    assert links == {
        "acl": "2021.acl-long.231",
        "openreview": "SylO2yStDr",
        "doi": "10.1145/3446640",
        "code": "https://github.com/castorini/berxit",
        "project": "https://huggingface.co/transformers/model_doc/distilbert.html",
        "paper": "https://www.ijcai.org/proceedings/2021/0472.pdf",
    }


def test_convert_prefers_the_published_venue_and_keeps_every_source(vocab: Vocabulary) -> None:
    group = [
        entry(
            "Reducing Transformer Depth on Demand with Structured Dropout",
            ["Angela Fan", "Edouard Grave"],
            source="awesome-efficient-plm",
            venue_text="Preprint",
            headings=["List", "Pruning"],
            urls=[("pdf", "https://arxiv.org/abs/1909.11556")],
        ),
        entry(
            "Reducing Transformer Depth on Demand with Structured Dropout",
            ["Angela Fan", "Edouard Grave"],
            source="model-compression-notes",
            venue_text="ICLR20",
            headings=["Model Compression", "Pruning", "Layer Pruning"],
            urls=[("title", "https://openreview.net/forum?id=SylO2yStDr")],
            notes=["Add Layer-level DropConnect."],
            tags=["dropconnect"],
        ),
        entry(
            "Reducing transformer depth on demand with structured dropout",
            ["Angela Fan", "Edouard Grave"],
            source="treviso-2023-survey",
            venue_text="International Conference on Learning Representations",
            year=2020,
            headings=["6.1 Pruning", "6.4 Inference Considerations"],
        ),
    ]
    paper = convert_group(group, vocab, added=DAY, taken=set()).paper
    assert paper is not None
    assert paper.id == "fan-2020-reducing"
    assert (paper.venue.id, paper.year, paper.venue.track) == ("iclr", 2020, None)
    assert paper.category == "pruning"
    assert paper.categories == ["layer-pruning", "inference-considerations"]
    assert paper.links.arxiv == "1909.11556" and paper.links.openreview == "SylO2yStDr"
    assert paper.notes == "- Add Layer-level DropConnect.\n"
    assert paper.tags == ["dropconnect"]
    assert paper.sources == ["awesome-efficient-plm", "model-compression-notes", "treviso-2023-survey"]


def test_preprint_year_comes_from_the_arxiv_id(vocab: Vocabulary) -> None:
    group = [
        entry(
            "Not all layers are equally as important",
            ["Lucas Charpentier"],
            source="efficient-plm",
            headings=["Efficient-PLM", "Others"],
            urls=[("title", "https://arxiv.org/abs/2311.02265")],
        )
    ]
    paper = convert_group(group, vocab, added=DAY, taken=set()).paper
    assert paper is not None and (paper.venue.id, paper.year, paper.category) == ("arxiv", 2023, "other")


def test_entries_that_cannot_make_a_record_are_reported(vocab: Vocabulary) -> None:
    no_authors = convert_group(
        [entry("X", [], headings=["Pruning"], venue_text="ACL 2020")], vocab, added=DAY, taken=set()
    )
    assert no_authors.paper is None and no_authors.anomalies[0].kind == "missing-authors"
    unknown = convert_group(
        [entry("X", venue_text="Journal of Nothing", headings=["Pruning"])], vocab, added=DAY, taken=set()
    )
    assert unknown.paper is None and [a.kind for a in unknown.anomalies] == ["unknown-venue"]
