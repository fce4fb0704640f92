"""The Markdown list importer on excerpts of each real list format."""

from __future__ import annotations

from effplm_catalog.importers.entries import Anomaly, Entry
from effplm_catalog.importers.markdown import parse_markdown, split_authors

from ..conftest import DATA

HERE = DATA / "importers"


def parse(name: str) -> tuple[list[Entry], list[Anomaly]]:
    return parse_markdown((HERE / name).read_text(encoding="utf-8"), "src")


def test_numbered_bold_titles_with_both_link_styles_and_a_wrapped_title() -> None:
    entries, anomalies = parse("awesome_list.md")
    assert anomalies == []
    titles = [e.title for e in entries]
    assert (
        titles[3] == "A Global Past-Future Early Exit Method for Accelerating Inference of Pre-trained Language Models"
    )
    distil = entries[0]
    assert distil.venue_text == "NeurIPS workshop"
    assert distil.authors == ["Victor Sanh", "Lysandre Debut", "Julien Chaumond", "Thomas Wolf"]
    assert distil.urls == [
        ("pdf", "https://arxiv.org/pdf/2107.13586"),
        ("project", "https://huggingface.co/transformers/model_doc/distilbert.html"),
    ]
    assert distil.headings == ["Awesome Efficient PLM Papers", "Knowledge Distillation"]
    cats = entries[4]  # [[pdf]](url) style, authors on the very next line
    assert cats.urls == [
        ("pdf", "https://arxiv.org/abs/2104.08803"),
        ("project", "https://github.com/TalSchuster/CATs"),
    ]
    assert cats.headings[-1] == "Dynamic Early Exiting"
    assert [e.venue_text for e in entries[-2:]] == ["Preprint", "EMNLP 2020"]  # numbering repeats: both kept


def test_linked_titles_with_venue_tags_method_tags_and_notes() -> None:
    entries, anomalies = parse("notes_list.md")
    by_title = {e.title: e for e in entries}
    spatten = by_title["SpAtten: Efficient Sparse Attention Architecture with Cascade Token and Head Pruning"]
    assert spatten.venue_text == "HPCA21"
    assert spatten.authors == ["Hanrui Wang", "Zhekai Zhang", "Song Han"]
    assert spatten.tags == ["hardware-software"]
    assert spatten.notes == [
        "Cascade(Iterative, deeper, more sparse) Token and Head pruning.",
        "Magnitude-base/Important-base.",
        "Top-K engine",
    ]
    assert spatten.headings[-1] == "Head Pruning"
    movement = by_title["Movement Pruning: Adaptive Sparsity by Fine-Tuning"]
    assert movement.venue_text == "NeurIPS 20" and len(movement.notes) == 4
    a_star = by_title[
        "Pruning Attention Heads of Transformer Models Using A* Search: A Novel Approach to Compress Big NLP Architectures"
    ]
    assert a_star.venue_text is None and a_star.tags == ["sensitivity-based"]
    aligned = by_title["Aligned Weight Regularizers for Pruning Pretrained Neural Networks"]
    assert aligned.venue_text == "ARR21Nov" and aligned.tags == ["magnitude-based"]
    assert {(a.kind, a.line) for a in anomalies} == {("missing-authors", 13), ("missing-authors", 42)}


def test_badge_lists() -> None:
    entries, anomalies = parse("badge_list.md")
    first = entries[0]
    assert first.title == "Weight-Inherited Distillation for Task-Agnostic BERT Compression"
    assert first.venue_text == "NAACL'24"
    assert ("code", "https://github.com/wutaiqiang/WID-NAACL2024") in first.urls
    assert first.authors[-1] == "Yujiu Yang"
    findings = next(e for e in entries if e.title.startswith("Structured Pruning for Efficient Generative"))
    assert findings.venue_text == "ACL'23 Findings" and findings.authors == []
    no_badge = entries[-1]
    assert no_badge.venue_text is None and no_badge.headings[-1] == "Others"
    assert [a.kind for a in anomalies] == ["missing-authors"]


def test_plain_bullets_split_title_from_authors() -> None:
    entries, anomalies = parse("plain_list.txt")
    assert anomalies == []
    by_first = {e.title.split(":")[0]: e for e in entries}
    assert by_first["TempLM"].authors[-1] == "Tatsunori B. Hashimoto"
    assert by_first["What is Lost in Knowledge Distillation?"].authors == [
        "Manas Mohanty",
        "Tanya Roosta",
        "Peyman Passban",
    ]
    assert by_first["Dynamic Sparse Attention for Scalable Transformer Acceleration"].authors[:2] == [
        "Liu Liu",
        "Zheng Qu",
    ]
    assert by_first["Dynamic Sparse Attention for Scalable Transformer Acceleration"].authors[-1] == "Yuan Xie"
    assert len(entries) == 5  # the category list at the top is not taken for papers


def test_split_authors() -> None:
    assert split_authors("Ji Xin, Rodrigo Nogueira, Yaoliang Yu, and Jimmy Lin") == [
        "Ji Xin",
        "Rodrigo Nogueira",
        "Yaoliang Yu",
        "Jimmy Lin",
    ]
    assert split_authors("A B and C D") == ["A B", "C D"]
    assert split_authors("A B, C D, et al.") == ["A B", "C D et al"]  # cut short, said where it is
    assert split_authors("A B, C D et al") == ["A B", "C D et al"]
    assert split_authors("A B and others") == ["A B et al"]
