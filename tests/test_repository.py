"""The repository's own catalog: valid, README up to date, every vocabulary entry well-formed."""

from __future__ import annotations

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.render import render_readme

from .conftest import REPO


def test_repository_catalog_is_valid_and_readme_is_current() -> None:
    project = Project(REPO)
    catalog = load_catalog(project)
    assert len(catalog) >= 5
    assert project.readme.read_text(encoding="utf-8") == render_readme(catalog, project.templates_dir)


def test_every_record_file_name_is_its_id() -> None:
    for path in (REPO / "papers").iterdir():
        assert path.suffix == ".yaml", path
