"""The README: a golden file for the test catalog, determinism, escaping."""

from __future__ import annotations

import os
from pathlib import Path

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.render import md_escape, md_url, render_readme

from ..conftest import DATA

GOLDEN = DATA / "golden" / "README.md"


def test_readme_matches_golden_file(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    if os.environ.get("EFFPLM_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_readme_is_deterministic_whatever_the_file_order(project: Project, catalog: Catalog, tmp_path: Path) -> None:
    first = render_readme(catalog, project.templates_dir)
    again = render_readme(load_catalog(project), project.templates_dir)
    reversed_catalog = Catalog(list(reversed(catalog.papers)), catalog.vocab)
    assert first == again == render_readme(reversed_catalog, project.templates_dir)


def test_data_cannot_break_the_list(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    (line,) = [line for line in text.splitlines() if "Tricky" in line]
    assert line == (
        r"- [Tricky \| Title with \*stars\*, \_underscores\_, \[brackets\](javascript:alert(1)) and "
        r"\<script\>x\</script\>](https://example.org/paper%281%29.pdf) - Hinrich Schütze, Róbert Csordás, "
        r"and Jane \`Back\` Doe. arXiv 2021."
    )
    assert "<script>" not in text


def test_md_escape() -> None:
    assert md_escape("# heading") == r"\# heading"
    assert md_escape("a &amp; b & c") == r"a \&amp; b & c"
    assert md_escape("<!-- x -->") == r"\<!-- x --\>"
    assert md_url("https://x.org/a b(c)") == "https://x.org/a%20b%28c%29"
