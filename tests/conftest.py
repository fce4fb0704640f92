"""Shared fixtures: the hand-made catalog in tests/data/catalog, copied so tests may break it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.cli import main

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CATALOG = DATA / "catalog"


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A writable copy of the test catalog, with the repository's templates and mkdocs.yml."""
    root = tmp_path / "catalog"
    shutil.copytree(CATALOG, root, ignore=shutil.ignore_patterns(".effplm-cache"))
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root


@pytest.fixture
def project(catalog_dir: Path) -> Project:
    return Project(catalog_dir)


@pytest.fixture
def catalog(project: Project) -> Catalog:
    return load_catalog(project)


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI inside the test catalog; returns click's Result (stdout and stderr apart)."""
    monkeypatch.chdir(catalog_dir)

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RECORD = """\
id: doe-2020-example
title: An Example Paper
authors: [Jane Doe]
year: 2020
venue: {id: acl}
category: pruning
sources: [list-a]
added: 2026-11-20
"""
