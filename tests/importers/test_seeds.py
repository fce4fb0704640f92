"""The whole import of the four source documents (needs ../shared beside the repository, as in CI)."""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.cli import main
from effplm_catalog.ids import normalize_title
from effplm_catalog.importers.seeds import SEED_FILES, read_entries

from ..conftest import REPO

SHARED = REPO.parent / "shared"
pytestmark = pytest.mark.skipif(
    not (SHARED / "seeds").is_dir(), reason="../shared (the seed documents) is not beside the repository"
)


def test_import_is_reproducible(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    for name in ("vocab", "curation", "templates"):
        shutil.copytree(REPO / name, root / name)
    result = CliRunner().invoke(main, ["import", "seeds", str(SHARED), "--root", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("effplm: 486 entries in the sources make 402 papers\neffplm: wrote 402 records\n")
    committed = sorted((REPO / "papers").iterdir())
    assert [p.name for p in sorted((root / "papers").iterdir())] == [p.name for p in committed]
    for path in committed:
        assert (root / "papers" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


def test_every_paper_of_every_seed_is_in_the_readme_once() -> None:
    catalog = load_catalog(Project(REPO))
    titles = [normalize_title(p.title) for p in catalog.papers]
    assert len(set(titles)) == len(titles)
    readme = normalize_title((REPO / "README.md").read_text(encoding="utf-8"))
    entries, _ = read_entries([(SHARED / f.path, f.source, f.parse) for f in SEED_FILES])
    missing = []
    for entry in entries:
        key = normalize_title(entry.title)
        if key in titles:
            assert key in readme
            continue
        close = difflib.get_close_matches(key, titles, n=1, cutoff=0.9)
        if not close or close[0] not in readme:
            missing.append(entry.title)
    assert missing == []


def test_sources_of_each_record_are_what_the_lists_say() -> None:
    catalog = load_catalog(Project(REPO))
    distil = catalog.by_id["sanh-2019-distilbert"]
    assert distil.links.arxiv == "1910.01108"  # not 2107.13586, as seed 001 links it
    assert "awesome-efficient-plm" in distil.sources and "treviso-2023-survey" in distil.sources
    assert len(catalog) == 402
    assert sum(1 for p in catalog.papers if "efficient-plm" in p.sources) >= 54
    assert all(len(a.split()) >= 2 for p in catalog.papers for a in p.authors if "treviso-2023-survey" in p.sources)
    assert dt.date(2026, 11, 20) == min(p.added for p in catalog.papers)
