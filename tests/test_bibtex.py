"""BibTeX export: keys, escaping, entry types, and the real `bibtex` program when present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from effplm_catalog import bibtex
from effplm_catalog.catalog import Catalog

from .conftest import REPO, Invoke


def test_keys_follow_the_acl_anthology_style(catalog: Catalog) -> None:
    assert catalog.bibtex_keys == {
        "jiao-2020-tinybert": "jiao-etal-2020-tinybert",
        "michel-2019-sixteen": "michel-etal-2019-sixteen",
        "sanh-2019-distilbert": "sanh-etal-2019-distilbert",
        "schutze-2021-tricky": "schutze-etal-2021-tricky",
        "xin-2020-early": "xin-etal-2020-early",
    }


def test_key_collisions_are_resolved_deterministically(catalog: Catalog) -> None:
    paper = catalog.by_id["sanh-2019-distilbert"]
    twin = paper.model_copy(update={"id": "sanh-2019-distilbert-2"})
    keys = bibtex.assign_keys([twin, paper])
    assert keys == {
        "sanh-2019-distilbert": "sanh-etal-2019-distilbert",
        "sanh-2019-distilbert-2": "sanh-etal-2019-distilbert-distilled",
    }
    one = paper.model_copy(update={"authors": ["Victor Sanh"]})
    two = paper.model_copy(update={"authors": ["Victor Sanh", "Thomas Wolf"]})
    assert bibtex.key_candidates(one)[0] == "sanh-2019-distilbert"
    assert bibtex.key_candidates(two)[0] == "sanh-wolf-2019-distilbert"


def test_entry_fields_in_fixed_order(catalog: Catalog) -> None:
    paper = catalog.by_id["jiao-2020-tinybert"]
    assert bibtex.entry(catalog.vocab, paper, "k") == (
        "@inproceedings{k,\n"
        "  title = {{TinyBERT}: Distilling {BERT} for Natural Language Understanding},\n"
        "  author = {Xiaoqi Jiao and Yichun Yin and Lifeng Shang and Xin Jiang and Xiao Chen and Linlin Li and Fang Wang and Qun Liu},\n"
        "  booktitle = {Findings of the Conference on Empirical Methods in Natural Language Processing},\n"
        "  year = 2020,\n"
        "  pages = {4163--4174},\n"
        "  doi = {10.18653/v1/2020.findings-emnlp.372},\n"
        "  eprint = {1909.10351},\n"
        "  archiveprefix = {arXiv},\n"
        "  url = {https://aclanthology.org/2020.findings-emnlp.372/}\n"
        "}\n"
    )


def test_an_author_list_cut_short_ends_in_others_which_bibtex_prints_as_et_al(catalog: Catalog) -> None:
    paper = catalog.by_id["jiao-2020-tinybert"]
    cut = paper.model_copy(update={"authors": ["Xiaoqi Jiao", "Yichun Yin et al."]})
    (author,) = [line for line in bibtex.entry(catalog.vocab, cut, "k").splitlines() if "author =" in line]
    assert author == "  author = {Xiaoqi Jiao and Yichun Yin and others},"


def test_special_characters_are_made_safe(catalog: Catalog) -> None:
    text = bibtex.entry(catalog.vocab, catalog.by_id["schutze-2021-tricky"], "k")
    assert text.startswith("@misc{k,")
    assert r"Hinrich Sch{\"u}tze and R{\'o}bert Csord{\'a}s" in text
    assert r"\_underscores\_" in text
    assert bibtex.latex_escape("50% & $x$ #1 ~ ^") == r"50\% \& \$x\$ \#1 \textasciitilde{} \textasciicircum{}"
    assert bibtex.latex_escape("Høyberg — ß") == r"H{\o}yberg --- {\ss}"


def test_export_parses_back_with_bibtexparser(catalog: Catalog) -> None:
    library = bibtexparser.parse_string(bibtex.export(catalog.vocab, catalog.papers))  # type: ignore[attr-defined]
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [catalog.bibtex_keys[p.id] for p in catalog.papers]


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
@pytest.mark.parametrize("which", ["test", "repository"])
def test_real_bibtex_accepts_the_export_without_warnings(catalog: Catalog, tmp_path: Path, which: str) -> None:
    if which == "repository":
        from effplm_catalog.catalog import Project, load_catalog

        catalog = load_catalog(Project(REPO))
    (tmp_path / "refs.bib").write_text(bibtex.export(catalog.vocab, catalog.papers), encoding="utf-8")
    keys = ",".join(catalog.bibtex_keys.values())
    (tmp_path / "doc.aux").write_text(f"\\citation{{{keys}}}\n\\bibstyle{{plain}}\n\\bibdata{{refs}}\n")
    proc = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "doc.blg").read_text()
    assert proc.returncode == 0, proc.stdout + log
    assert "Warning" not in log and "error" not in log.lower(), log
    assert (tmp_path / "doc.bbl").read_text().count("\\bibitem") == len(catalog)


def identity_fields(paper: object) -> tuple[object, ...]:
    p = paper  # a Paper
    links = p.links  # type: ignore[attr-defined]
    return (p.title, tuple(p.authors), p.year, links.arxiv, links.doi, links.acl, links.openreview)  # type: ignore[attr-defined]


@pytest.mark.parametrize("which", ["test", "repository"])
def test_export_then_import_round_trip(catalog: Catalog, which: str) -> None:
    from effplm_catalog.bibtex_import import import_bibtex
    from effplm_catalog.catalog import Project, load_catalog

    if which == "repository":
        catalog = load_catalog(Project(REPO))
    result = import_bibtex(
        bibtex.export(catalog.vocab, catalog.papers), Catalog([], catalog.vocab), category="pruning", source="curator"
    )
    assert result.problems == [] and result.duplicates == []
    assert sorted(identity_fields(p) for p in result.papers) == sorted(identity_fields(p) for p in catalog.papers)
    venues = {p.title: (p.venue.id, catalog.vocab.track_of(p.venue), p.venue.pages) for p in catalog.papers}
    assert {p.title: (p.venue.id, catalog.vocab.track_of(p.venue), p.venue.pages) for p in result.papers} == venues


BIB = r"""
@inproceedings{sun-etal-2019-patient,
    title = "Patient Knowledge Distillation for {BERT} Model Compression",
    author = "Sun, Siqi and Cheng, Yu and Gan, Zhe and Liu, Jingjing",
    booktitle = "Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing and the 9th International Joint Conference on Natural Language Processing (EMNLP-IJCNLP)",
    year = "2019",
    url = "https://aclanthology.org/D19-1441",
    doi = "10.18653/v1/D19-1441",
    pages = "4323--4332",
}
@article{schutze-2099-accents,
  title={Caf{\'e} {\"U}ber Na{\"\i}ve {$\alpha$}},
  author={Sch{\"u}tze, Hinrich and {\O}stergaard, Anna and others},
  journal={Transactions of the Association for Computational Linguistics},
  year={2021}
}
@misc{notitle, author = {A. Person}, year = 2020}
@misc{noauthor, title = {Orphan}, year = 2020, eprint = {2001.00001}, archivePrefix = {arXiv}}
@article{elsewhere, title = {X}, author = {Doe, Jane}, year = {2020}, journal = {Journal of Nothing}}
@inproceedings{dup, title = {{DistilBERT}, a distilled version of {BERT}: smaller, faster, cheaper and lighter},
  author = {Sanh, Victor}, year = 2019, booktitle = {NeurIPS Workshop}}
"""


def test_import_bibtex_command(invoke: Invoke, catalog_dir: Path) -> None:
    from effplm_catalog.catalog import Project, load_catalog

    (catalog_dir / "vocab" / "venues.yaml").write_text(
        (catalog_dir / "vocab" / "venues.yaml")
        .read_text()
        .replace("aliases: [EMNLP-IJCNLP]", "aliases: [EMNLP-IJCNLP, Empirical Methods in Natural Language Processing]")
    )
    bib = catalog_dir / "in.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = invoke("import", "bibtex", str(bib), "--category", "knowledge-distillation", "--source", "list-a")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        "effplm: in.bib:17: @misc{notitle}: no title; not imported",
        "effplm: in.bib:18: @misc{noauthor}: no authors; not imported",
        "effplm: in.bib:19: @article{elsewhere}: unknown venue 'Journal of Nothing': use an id from vocab/venues.yaml or add the venue there",
        "effplm: in.bib:20: @inproceedings{dup}: already in the catalog: same title as papers/sanh-2019-distilbert.yaml",
        "effplm: wrote 2 records",
    ]
    catalog = load_catalog(Project(catalog_dir))
    patient = catalog.by_id["sun-2019-patient"]
    assert (patient.venue.id, patient.links.acl, patient.links.doi, patient.venue.pages) == (
        "emnlp",
        "D19-1441",
        "10.18653/v1/D19-1441",
        "4323--4332",
    )
    accents = catalog.by_id["schutze-2021-cafe"]
    assert accents.title == "Café Über Naïve α"
    assert accents.authors == ["Hinrich Schütze", "Anna Østergaard et al"]  # "and others": a list cut short


def test_export_command(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "kd.bib"
    result = invoke("export", "bibtex", "--category", "knowledge-distillation", "--output", str(out))
    assert result.exit_code == 0 and result.stderr == f"effplm: wrote 2 papers to {out}\n"
    assert out.read_text().count("@") == 2
    assert invoke("export", "json").stdout.startswith('[\n {\n  "added": "2026-11-18"')
    assert invoke("export", "csv", "--category", "efficient-attention").stdout.count("\n") == 2
    bad = invoke("export", "csv", "--category", "nope")
    assert bad.exit_code == 1 and bad.stderr == "effplm: error: unknown category: nope\n"


def test_csv_cells_are_not_formulas(catalog: Catalog) -> None:
    from effplm_catalog.exports import to_csv

    paper = catalog.by_id["xin-2020-early"].model_copy(update={"title": '=HYPERLINK("http://x")'})
    assert "'=HYPERLINK" in to_csv(Catalog([paper], catalog.vocab))
