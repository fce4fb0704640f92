"""Cross-record checks and the catalog's indexes."""

from __future__ import annotations

import pytest

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.errors import InvalidCatalog

from .conftest import GOOD_RECORD, write


def problems_of(project: Project) -> list[str]:
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project)
    return [p.format_text() for p in info.value.problems]


def test_test_catalog_loads(catalog: Catalog) -> None:
    assert [p.id for p in catalog.papers] == [
        "jiao-2020-tinybert",
        "michel-2019-sixteen",
        "sanh-2019-distilbert",
        "schutze-2021-tricky",
        "xin-2020-early",
    ]


def test_category_index_follows_taxonomy_order_and_includes_further_categories(catalog: Catalog) -> None:
    assert list(catalog.by_category) == ["pruning", "knowledge-distillation", "quantization", "efficient-attention"]
    assert [p.id for p in catalog.by_category["pruning"]] == ["xin-2020-early", "michel-2019-sixteen"]
    assert [p.id for p in catalog.by_category["efficient-attention"]] == ["michel-2019-sixteen"]
    assert [p.id for p in catalog.by_category["knowledge-distillation"]] == [
        "jiao-2020-tinybert",
        "sanh-2019-distilbert",
    ]


def test_venue_labels(catalog: Catalog) -> None:
    labels = {p.id: catalog.venue_label(p) for p in catalog.papers}
    assert labels == {
        "jiao-2020-tinybert": "EMNLP 2020 (Findings)",
        "michel-2019-sixteen": "NeurIPS 2019",
        "sanh-2019-distilbert": "NeurIPS 2019 (Workshop)",
        "schutze-2021-tricky": "arXiv 2021",
        "xin-2020-early": "SustaiNLP 2020",
    }


def test_duplicates_across_records_name_the_first_record(project: Project) -> None:
    write(
        project.papers_dir / "copy-2019-distilbert.yaml",
        """\
id: copy-2019-distilbert
title: "DistilBERT -- a distilled version of BERT: Smaller, faster, cheaper and lighter!"
authors: [Ann Copy]
year: 2019
venue: {id: arxiv}
category: knowledge-distillation
links: {arxiv: "1910.01108", doi: 10.18653/V1/2020.FINDINGS-EMNLP.372}
sources: [list-a]
added: 2026-11-20
""",
    )
    # The record added later is the one reported (a new record, whatever its file name), naming the other;
    # with the same date, the later file.
    same = "the paper is already in the catalog; add what this record knows to that one instead"
    assert problems_of(project) == [
        f"papers/copy-2019-distilbert.yaml:7:35: error[duplicate-doi]: same DOI as papers/jiao-2020-tinybert.yaml:9:8 (jiao-2020-tinybert): {same}",
        f"papers/sanh-2019-distilbert.yaml:3:8: error[duplicate-title]: same title as papers/copy-2019-distilbert.yaml:2:8 (copy-2019-distilbert): {same}",
        f"papers/sanh-2019-distilbert.yaml:9:10: error[duplicate-arxiv]: same arXiv ID as papers/copy-2019-distilbert.yaml:7:16 (copy-2019-distilbert): {same}",
    ]


def test_vocabulary_and_name_problems_of_every_file_are_reported_at_once(project: Project) -> None:
    write(project.papers_dir / "doe-2020-example.yaml", GOOD_RECORD.replace("category: pruning", "category: prunning"))
    write(
        project.papers_dir / "other-name.yaml",
        GOOD_RECORD.replace("venue: {id: acl}", "venue: {id: acll, track: none}").replace(
            "sources: [list-a]", "sources: [list-c]"
        ),
    )
    write(project.papers_dir / "bad.yml", GOOD_RECORD)
    write(project.papers_dir / "broken.yaml", "title: [\n")
    assert problems_of(project) == [
        "papers/bad.yml: error[file-name]: records end in '.yaml'; rename the file",
        "papers/broken.yaml:2:1: error[yaml-syntax]: invalid YAML: while parsing a flow node did not find expected node content",
        "papers/doe-2020-example.yaml:6:11: error[unknown-category]: unknown category 'prunning'; did you mean 'pruning'?",
        "papers/other-name.yaml:1:5: error[duplicate-id]: same id as papers/doe-2020-example.yaml:1:5 (doe-2020-example): each record needs its own id (and file name)",
        "papers/other-name.yaml:1:5: error[id-mismatch]: id 'doe-2020-example' does not match the file name 'other-name.yaml'; rename one of them",
        "papers/other-name.yaml:2:8: error[duplicate-title]: same title as papers/doe-2020-example.yaml:2:8 (doe-2020-example): the paper is already in the catalog; add what this record knows to that one instead",
        "papers/other-name.yaml:5:13: error[unknown-venue]: unknown venue 'acll'; did you mean 'acl'? (add it to vocab/venues.yaml)",
        "papers/other-name.yaml:7:11: error[unknown-source]: unknown source 'list-c'; did you mean 'list-b'? (add it to vocab/sources.yaml)",
    ]


@pytest.mark.parametrize(
    ("venue", "message"),
    [
        ("{id: arxiv, track: main}", "arXiv is a preprint server: track must be 'none'"),
        ("{id: acl, track: none}", "track 'none' is for preprints; ACL is a conference"),
    ],
)
def test_track_must_fit_the_venue_kind(project: Project, venue: str, message: str) -> None:
    write(project.papers_dir / "doe-2020-example.yaml", GOOD_RECORD.replace("{id: acl}", venue))
    (found,) = problems_of(project)
    assert found.endswith(f"error[invalid-track]: {message}")


def test_titles_differing_only_in_case_or_normalization_are_refused(project: Project) -> None:
    write(project.papers_dir / "doe-2020-example.yaml", GOOD_RECORD.replace("An Example Paper", "Café Models"))
    write(
        project.papers_dir / "roe-2020-cafe.yaml",
        GOOD_RECORD.replace("An Example Paper", "CAFÉ MODELS")
        .replace("doe-2020-example", "roe-2020-cafe")
        .replace("[Jane Doe]", "[Ann Roe]"),
    )
    write(
        project.papers_dir / "zoe-2020-cafe.yaml",
        GOOD_RECORD.replace("An Example Paper", "Cafe\u0301 Models")
        .replace("doe-2020-example", "zoe-2020-cafe")
        .replace("[Jane Doe]", "[Ann Zoe]"),
    )
    assert problems_of(project) == [
        "papers/roe-2020-cafe.yaml:2:8: error[duplicate-title]: same title as papers/doe-2020-example.yaml:2:8 (doe-2020-example): the paper is already in the catalog; add what this record knows to that one instead",
        # A decomposed accent reads as the composed one, so this is the same title too.
        "papers/zoe-2020-cafe.yaml:2:8: error[duplicate-title]: same title as papers/doe-2020-example.yaml:2:8 (doe-2020-example): the paper is already in the catalog; add what this record knows to that one instead",
    ]


def test_vocabulary_problems_are_located(project: Project) -> None:
    path = project.vocab_dir / "venues.yaml"
    path.write_text(path.read_text() + "  - {id: acl, name: ACL again, full_name: Again, kind: conference}\n")
    (found,) = problems_of(project)
    assert found == "vocab/venues.yaml:8:10: error[duplicate-id]: venue id 'acl' is defined twice"


def test_validating_given_files_checks_them_against_the_whole_catalog(project: Project) -> None:
    new = write(
        project.papers_dir / "aaa-2019-distilbert.yaml",
        GOOD_RECORD.replace("doe-2020-example", "aaa-2019-distilbert")
        .replace("[Jane Doe]", "[Ann Aaa]")
        .replace("year: 2020", "year: 2019")
        .replace("An Example Paper", '"DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter"'),
    )
    write(project.papers_dir / "zzz-2020-broken.yaml", "title: [\n")  # another file's problem is not reported
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project, [new])
    assert [p.format_text() for p in info.value.problems] == [
        "papers/aaa-2019-distilbert.yaml:2:8: error[duplicate-title]: same title as papers/sanh-2019-distilbert.yaml:3:8 "
        "(sanh-2019-distilbert): the paper is already in the catalog; add what this record knows to that one instead"
    ]


def test_a_record_in_a_sub_folder_or_beside_papers_is_an_error(project: Project) -> None:
    (project.papers_dir / "2023").mkdir()
    write(project.papers_dir / "2023" / "doe-2020-example.yaml", GOOD_RECORD)
    (project.root / "paper").mkdir()
    write(project.root / "paper" / "roe-2020-example.yaml", GOOD_RECORD)
    found = problems_of(project)
    assert found == [
        "paper/roe-2020-example.yaml: error[file-location]: records live directly in papers/: this file is not in the catalog; move it to papers/roe-2020-example.yaml",
        "papers/2023/doe-2020-example.yaml: error[file-location]: records live directly in papers/: this file is not in the catalog; move it to papers/doe-2020-example.yaml",
    ]


@pytest.mark.parametrize(
    "links",
    [
        "links: {doi: 10.48550/arXiv.1910.01108}",
        "links: {paper: https://arxiv.org/abs/1910.01108v3}",
    ],
)
def test_an_arxiv_doi_or_url_is_the_same_paper_as_the_arxiv_id(project: Project, links: str) -> None:
    write(
        project.papers_dir / "roe-2020-other.yaml",
        GOOD_RECORD.replace("doe-2020-example", "roe-2020-other")
        .replace("[Jane Doe]", "[Ann Roe]")
        .replace("sources: [list-a]", f"{links}\nsources: [list-a]")
        .replace("added: 2026-11-20", "added: 2026-11-21"),
    )
    (found,) = problems_of(project)
    assert found.startswith(
        "papers/roe-2020-other.yaml:7:8: error[duplicate-arxiv]: same arXiv ID as papers/sanh-2019-distilbert.yaml"
    )


def test_a_title_without_its_subtitle_is_a_warning_naming_the_candidate(project: Project) -> None:
    write(
        project.papers_dir / "jiao-2020-tinybert-2.yaml",
        GOOD_RECORD.replace("doe-2020-example", "jiao-2020-tinybert-2")
        .replace("[Jane Doe]", "[Xiaoqi Jiao]")
        .replace("An Example Paper", "TinyBERT")
        .replace("added: 2026-11-20", "added: 2026-11-21"),
    )
    (warning,) = [p.format_text() for p in load_catalog(project).warnings]
    assert warning.startswith(
        "papers/jiao-2020-tinybert-2.yaml:2:8: warning[possible-duplicate]: 'TinyBERT' may be "
        "'TinyBERT: Distilling BERT for Natural Language Understanding' (papers/jiao-2020-tinybert.yaml:"
    )
