"""effplm fmt: canonical layout, comments kept, NFC, idempotent, invalid files refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from effplm_catalog.catalog import Project
from effplm_catalog.recordfile import format_record

from .conftest import REPO, Invoke, write

MESSY = """\
# A record written by hand.
title:   "Cafe\u0301 Models"   # NFD on purpose
id: doe-2020-example
authors:
  - Jane Doe
year: 2020
venue:
  id: acl   # the main conference
category: pruning
notes: "Line one.   \\nLine two.  \\n"
# the sources come last
sources: [list-a]
added: 2026-11-20
links: {code: "https://github.com/x/y#readme"}
"""

FORMATTED = """\
# yaml-language-server: $schema=../schema/paper.schema.json
# A record written by hand.
id: doe-2020-example
# NFD on purpose
title: Café Models
authors: [Jane Doe]
year: 2020
# the main conference
venue: {id: acl}
category: pruning
links:
  code: https://github.com/x/y#readme
notes: |
  Line one.
  Line two.
# the sources come last
sources: [list-a]
added: 2026-11-20
"""


def test_format_record() -> None:
    text, problems = format_record(MESSY.encode(), "p.yaml", "doe-2020-example")
    assert problems == []
    assert text == FORMATTED


def test_formatting_is_idempotent() -> None:
    text, _ = format_record(FORMATTED.encode(), "p.yaml", "doe-2020-example")
    assert text == FORMATTED


@pytest.mark.parametrize("path", sorted((REPO / "papers").glob("*.yaml"))[:400:7], ids=lambda p: p.stem)
def test_repository_records_are_formatted(path: Path) -> None:
    assert format_record(path.read_bytes(), path.name, path.stem) == (path.read_text(encoding="utf-8"), [])


def test_invalid_records_are_not_formatted() -> None:
    text, problems = format_record(MESSY.replace("year: 2020", "year: soon").encode(), "p.yaml", "doe-2020-example")
    assert text is None
    assert [p.format_text() for p in problems] == [
        "p.yaml:6:7: error[invalid-type]: year: Input should be a valid integer (got 'soon')"
    ]


def test_fmt_command(invoke: Invoke, catalog_dir: Path) -> None:
    project = Project(catalog_dir)
    check = invoke("fmt", "--check")
    assert check.exit_code == 1
    lines = check.stdout.splitlines()
    assert lines[0] == (
        "would reformat papers/jiao-2020-tinybert.yaml: not in the layout `effplm fmt` writes; "
        "run `effplm fmt papers/jiao-2020-tinybert.yaml`"
    )
    assert lines[1:3] == ["--- papers/jiao-2020-tinybert.yaml", "+++ papers/jiao-2020-tinybert.yaml (formatted)"]
    github = invoke("fmt", "--check", "--format", "github").stdout
    assert "::error file=papers/jiao-2020-tinybert.yaml,line=" in github and "title=effplm fmt::" in github
    total = len(list(project.papers_dir.glob("*.yaml")))
    wrote = invoke("fmt")
    assert wrote.exit_code == 0
    rewritten = wrote.stdout.splitlines()
    assert "reformatted papers/jiao-2020-tinybert.yaml" in rewritten
    assert wrote.stderr == f"effplm: {total} files in the layout ({len(rewritten)} rewritten)\n"
    again = invoke("fmt", "--check")
    assert again.exit_code == 0 and again.stderr == f"effplm: {total} files already in the layout\n"
    assert invoke("validate").exit_code == 0
    assert (
        project.papers_dir.joinpath("sanh-2019-distilbert.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../schema/paper.schema.json\nid: sanh-2019-distilbert\n")
    )


def test_fmt_writes_nothing_when_any_file_is_invalid(invoke: Invoke, catalog_dir: Path) -> None:
    good = catalog_dir / "papers" / "jiao-2020-tinybert.yaml"
    before = good.read_text()
    write(catalog_dir / "papers" / "bad.yaml", "title: [\n")
    result = invoke("fmt")
    assert result.exit_code == 1
    assert "papers/bad.yaml:2:1: error[yaml-syntax]" in result.stderr
    assert good.read_text() == before
