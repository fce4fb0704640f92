"""Identifier parsing and the id rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from effplm_catalog import ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1910.01108", "1910.01108"),
        ("1910.01108v3", "1910.01108"),
        ("arXiv:2002.02925", "2002.02925"),
        ("https://arxiv.org/abs/1910.01108", "1910.01108"),
        ("https://arxiv.org/pdf/2107.13586", "2107.13586"),
        ("https://arxiv.org/pdf/2101.00542.pdf", "2101.00542"),
        ("http://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("astro-ph/0601001", "astro-ph/0601001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("10.18653/v1/2020.acl-main.1", None),
        ("1910.1", None),
    ],
)
def test_arxiv_id(text: str, expected: str | None) -> None:
    assert ids.arxiv_id(text) == expected


def test_arxiv_id_in_reference_text() -> None:
    assert ids.arxiv_id_in_text("arXiv preprint arXiv:2010.15581v1") == "2010.15581"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1162/tacl_a_00577", "10.1162/tacl_a_00577"),
        ("https://doi.org/10.18653/v1/2020.emnlp-main.633", "10.18653/v1/2020.emnlp-main.633"),
        ("doi:10.1038/s42256-024-00832-8", "10.1038/s42256-024-00832-8"),
        ("not a doi", None),
    ],
)
def test_doi(text: str, expected: str | None) -> None:
    assert ids.doi(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://aclanthology.org/2021.naacl-main.162", "2021.naacl-main.162"),
        ("https://aclanthology.org/2020.sustainlp-1.11/", "2020.sustainlp-1.11"),
        ("https://aclanthology.org/2021.acl-long.231.pdf", "2021.acl-long.231"),
        ("https://aclanthology.org/P19-1580/", "P19-1580"),
        ("P19-1580", "P19-1580"),
        ("https://aclanthology.org/events/acl-2020/", None),
    ],
)
def test_acl_id(text: str, expected: str | None) -> None:
    assert ids.acl_id(text) == expected


def test_openreview_id() -> None:
    assert ids.openreview_id("https://openreview.net/forum?id=SylO2yStDr") == "SylO2yStDr"


@pytest.mark.parametrize(
    ("authors", "year", "title", "expected"),
    [
        (["Victor Sanh"], 2019, "DistilBERT, a distilled version of BERT", "sanh-2019-distilbert"),
        (["Canwen Xu"], 2020, "BERT-of-Theseus: Compressing BERT", "xu-2020-bert-of-theseus"),
        (["Paul Michel"], 2019, "Are Sixteen Heads Really Better than One?", "michel-2019-sixteen"),
        (["Katharina von der Wense"], 2024, "Knowledge Distillation vs. Pretraining", "von-der-wense-2024-knowledge"),
        (["Róbert Csordás"], 2023, "Approximating Two-Layer Feedforward Networks", "csordas-2023-approximating"),
        (["J.S. McCarley"], 2019, "Structured Pruning of a BERT-based QA Model", "mccarley-2019-structured"),
        (["James O’Neill"], 2023, "Self-Distilled Quantization", "o-neill-2023-self-distilled"),
    ],
)
def test_id_rule(authors: list[str], year: int, title: str, expected: str) -> None:
    assert ids.make_paper_id(authors, year, title) == expected


def test_id_collisions_take_more_title_words_then_numbers() -> None:
    taken = {"liu-2020-fastbert"}
    assert (
        ids.make_paper_id(["Weijie Liu"], 2020, "FastBERT: a Self-distilling BERT", taken)
        == "liu-2020-fastbert-self-distilling"
    )
    taken |= {"liu-2020-fastbert-self-distilling", "liu-2020-fastbert-self-distilling-bert"}
    assert ids.make_paper_id(["Weijie Liu"], 2020, "FastBERT: a Self-distilling BERT", taken) == "liu-2020-fastbert-2"


def test_normalized_titles_ignore_case_punctuation_dashes_and_accents() -> None:
    a = ids.normalize_title("Rethinking Network Pruning -- under the Pre-train and Fine-tune Paradigm")
    b = ids.normalize_title("Rethinking network pruning—under the pre-train and fine-tune paradigm.")
    assert a == b == "rethinking network pruning under the pre train and fine tune paradigm"
    assert ids.normalize_title("Schütze") == ids.normalize_title("Schu\u0308tze") == "schutze"


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.text(alphabet="aZ9 -_.ßøæŒłÉé’\u00a0", max_size=40))
def test_slugify_folds_exactly_as_unicode_decomposition_does(text: str) -> None:
    """ASCII text skips the folding (nothing in it to fold); any text slugs as the full recipe makes it."""
    import re
    import unicodedata

    from effplm_catalog.ids import _FOLD

    folded = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode("ascii")
    assert ids.ascii_fold(text) == folded
    assert ids.slugify(text) == re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
