"""BibTeX export: keys, escaping, entry types, and the real `bibtex` program when present."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from effplm_catalog import bibtex
from effplm_catalog.catalog import Catalog

from .conftest import REPO


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
    assert bibtex.entry(catalog, paper, "k") == (
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


def test_special_characters_are_made_safe(catalog: Catalog) -> None:
    text = bibtex.entry(catalog, catalog.by_id["schutze-2021-tricky"], "k")
    assert text.startswith("@misc{k,")
    assert r"Hinrich Sch{\"u}tze and R{\'o}bert Csord{\'a}s" in text
    assert r"\_underscores\_" in text
    assert bibtex.latex_escape("50% & $x$ #1 ~ ^") == r"50\% \& \$x\$ \#1 \~{} \^{}"
    assert bibtex.latex_escape("Høyberg — ß") == r"H{\o}yberg --- {\ss}"


def test_export_parses_back_with_bibtexparser(catalog: Catalog) -> None:
    library = bibtexparser.parse_string(bibtex.export(catalog))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [catalog.bibtex_keys[p.id] for p in catalog.papers]


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="the bibtex program is not installed")
@pytest.mark.parametrize("which", ["test", "repository"])
def test_real_bibtex_accepts_the_export_without_warnings(catalog: Catalog, tmp_path: Path, which: str) -> None:
    if which == "repository":
        from effplm_catalog.catalog import Project, load_catalog

        catalog = load_catalog(Project(REPO))
    (tmp_path / "refs.bib").write_text(bibtex.export(catalog), encoding="utf-8")
    keys = ",".join(catalog.bibtex_keys.values())
    (tmp_path / "doc.aux").write_text(f"\\citation{{{keys}}}\n\\bibstyle{{plain}}\n\\bibdata{{refs}}\n")
    proc = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "doc.blg").read_text()
    assert proc.returncode == 0, proc.stdout + log
    assert "Warning" not in log and "error" not in log.lower(), log
    assert (tmp_path / "doc.bbl").read_text().count("\\bibitem") == len(catalog)
