"""The whole import of the four source documents (needs ../shared beside the repository, as in CI)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.cli import main
from effplm_catalog.ids import normalize_title

from ..conftest import REPO

SHARED = REPO.parent / "shared"
pytestmark = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason="../shared (the seed documents) is not beside the repository"
)


def test_the_seed_report_finds_every_source_paper_in_the_catalog_and_every_difference_explained() -> None:
    result = CliRunner().invoke(main, ["import", "seeds", str(SHARED), "--root", str(REPO)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "0 missing from the catalog" in result.stderr
    assert "(0 without a correction saying why)" in result.stderr
    assert "missing:" not in result.stdout


def test_the_seed_report_names_a_missing_paper_and_writes_it_on_request(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    for name in ("vocab", "templates", "papers"):
        shutil.copytree(REPO / name, root / name)
    (root / "papers" / "sun-2019-patient.yaml").unlink()
    args = ["import", "seeds", str(SHARED), "--root", str(root), "--added", "2026-12-01"]
    report = CliRunner().invoke(main, args, catch_exceptions=False)
    assert "missing: 'Patient Knowledge Distillation for BERT Model Compression'" in report.stdout
    assert "1 missing from the catalog" in report.stderr
    written = CliRunner().invoke(main, [*args, "--write-missing"], catch_exceptions=False)
    assert written.exit_code == 0 and written.stderr.endswith("effplm: wrote 1 record\n")
    assert "0 missing from the catalog" in CliRunner().invoke(main, args, catch_exceptions=False).stderr
    assert len(load_catalog(Project(root))) == len(load_catalog(Project(REPO)))


def test_every_record_is_in_the_readme_once() -> None:
    catalog = load_catalog(Project(REPO))
    titles = [normalize_title(p.title) for p in catalog.papers]
    assert len(set(titles)) == len(titles)
    readme = normalize_title((REPO / "README.md").read_text(encoding="utf-8"))
    assert [t for t in titles if readme.count(t) < 1] == []


def test_sources_of_each_record_are_what_the_lists_say() -> None:
    catalog = load_catalog(Project(REPO))
    distil = catalog.by_id["sanh-2019-distilbert"]
    assert distil.links.arxiv == "1910.01108"  # not 2107.13586, as seed 001 links it
    assert "awesome-efficient-plm" in distil.sources and "treviso-2023-survey" in distil.sources
    seeds = {"efficient-plm", "awesome-efficient-plm", "model-compression-notes", "treviso-2023-survey"}
    assert sum(1 for p in catalog.papers if seeds & set(p.sources)) == 402
    assert sum(1 for p in catalog.papers if "efficient-plm" in p.sources) >= 54
    assert all(len(a.split()) >= 2 for p in catalog.papers for a in p.authors if "treviso-2023-survey" in p.sources)
    assert dt.date(2026, 11, 20) == min(p.added for p in catalog.papers)
