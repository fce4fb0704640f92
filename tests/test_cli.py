"""The effplm command: exact output, exit codes, and nothing written on invalid input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Invoke, write

BROKEN = """\
id: doe-2020-broken
title: Broken
authors: Jane Doe
year: 2020
venue: {id: acl}
category: pruning
sources: [list-a]
added: 2026-11-20
titel: x
"""


def test_validate_ok(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "effplm: 5 records valid\n"


def test_validate_reports_every_problem_as_text(invoke: Invoke, catalog_dir: Path) -> None:
    write(catalog_dir / "papers" / "doe-2020-broken.yaml", BROKEN)
    write(catalog_dir / "papers" / "empty.yaml", "")
    result = invoke("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "papers/doe-2020-broken.yaml:3:10: error[invalid-type]: authors: Input should be a valid list (got 'Jane Doe')\n"
        "papers/doe-2020-broken.yaml:9:1: error[unknown-key]: unknown key 'titel'; did you mean 'title'?\n"
        "papers/empty.yaml: error[empty-file]: file is empty; a record is a mapping of keys to values\n"
    )
    assert result.stderr == "effplm: 3 problems in 2 files\n"


def test_validate_github_annotations(invoke: Invoke, catalog_dir: Path) -> None:
    write(catalog_dir / "papers" / "doe-2020-broken.yaml", BROKEN)
    result = invoke("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=papers/doe-2020-broken.yaml,line=3,col=10,title=effplm invalid-type::"
        "authors: Input should be a valid list (got 'Jane Doe')",
        "::error file=papers/doe-2020-broken.yaml,line=9,col=1,title=effplm unknown-key::"
        "unknown key 'titel'; did you mean 'title'?",
    ]


def test_validate_json(invoke: Invoke, catalog_dir: Path) -> None:
    assert json.loads(invoke("validate", "--format", "json").stdout) == []
    write(catalog_dir / "papers" / "doe-2020-broken.yaml", BROKEN)
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)[1] == {
        "path": "papers/doe-2020-broken.yaml",
        "line": 9,
        "column": 1,
        "code": "unknown-key",
        "message": "unknown key 'titel'; did you mean 'title'?",
        "severity": "error",
    }


def test_validate_given_files(invoke: Invoke, catalog_dir: Path) -> None:
    path = write(catalog_dir / "papers" / "doe-2020-broken.yaml", BROKEN)
    assert invoke("validate", "papers/sanh-2019-distilbert.yaml").exit_code == 0
    assert invoke("validate", str(path)).exit_code == 1


def test_usage_errors_exit_2(invoke: Invoke) -> None:
    assert invoke("validate", "--format", "xml").exit_code == 2
    assert invoke("validate", "no-such-file.yaml").exit_code == 2
    assert invoke("no-such-command").exit_code == 2


def test_no_catalog_found(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("validate", "--root", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("effplm: error: no catalog found at or above ")


def test_readme_writes_then_checks(invoke: Invoke, catalog_dir: Path) -> None:
    readme = catalog_dir / "README.md"
    assert invoke("readme", "--check").exit_code == 1  # missing
    result = invoke("readme")
    contributing = catalog_dir / "CONTRIBUTING.md"
    assert result.exit_code == 0 and readme.is_file()
    assert result.stderr == f"effplm: wrote README {readme}\neffplm: wrote CONTRIBUTING {contributing}\n"
    assert invoke("readme", "--check").exit_code == 0
    assert invoke("readme").stderr == (
        f"effplm: README {readme} unchanged\neffplm: CONTRIBUTING {contributing} unchanged\n"
    )
    assert "`pruning`: **Pruning**. Removing weights, heads or layers from a model." in contributing.read_text()
    readme.write_text(readme.read_text().replace("TinyBERT", "TinyBart"))
    stale = invoke("readme", "--check")
    assert stale.exit_code == 1
    assert "-- [TinyBart" in stale.stderr and "+- [TinyBERT" in stale.stderr
    assert stale.stderr.endswith("is stale; run `effplm readme` and commit the result\n")


def test_a_readme_checked_out_with_crlf_line_ends_is_up_to_date(invoke: Invoke, catalog_dir: Path) -> None:
    readme = catalog_dir / "README.md"
    assert invoke("readme").exit_code == 0
    readme.write_bytes(readme.read_bytes().replace(b"\n", b"\r\n"))  # git with core.autocrlf
    assert invoke("readme", "--check").exit_code == 0
    assert invoke("readme").stderr.startswith(f"effplm: wrote README {readme}\n")  # written back with \n
    assert b"\r" not in readme.read_bytes()


@pytest.mark.parametrize("command", ["readme", "build"])
def test_readme_and_contributing_are_written_together_or_not_at_all(
    invoke: Invoke, catalog_dir: Path, command: str
) -> None:
    readme = write(catalog_dir / "README.md", "old text\n")
    (catalog_dir / "CONTRIBUTING.md").mkdir()  # cannot be written
    result = invoke(command)
    assert result.exit_code == 1
    assert "CONTRIBUTING.md" in result.stderr and "Traceback" not in result.stderr
    assert readme.read_text() == "old text\n"
    assert not [p for p in catalog_dir.iterdir() if p.name.endswith(".tmp")]


def test_readme_writes_nothing_when_a_record_is_invalid(invoke: Invoke, catalog_dir: Path) -> None:
    readme = write(catalog_dir / "README.md", "old text\n")
    write(catalog_dir / "papers" / "doe-2020-broken.yaml", BROKEN)
    result = invoke("readme")
    assert result.exit_code == 1
    assert "papers/doe-2020-broken.yaml:9:1: error[unknown-key]" in result.stderr
    assert result.stderr.endswith("effplm: error: 2 problems in 1 file; nothing was written\n")
    assert readme.read_text() == "old text\n"
    assert sorted(p.name for p in catalog_dir.iterdir() if p.name.startswith(".")) == [".effplm-cache"]


def test_readme_output_option(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out" / "R.md"
    assert invoke("readme", "--output", str(out)).exit_code == 0
    assert out.read_text().startswith("<!-- Generated by `effplm readme`")


@pytest.mark.parametrize("broken", ["missing", "loop", "file"])
def test_a_missing_or_broken_papers_directory_is_an_error_and_nothing_is_generated(
    invoke: Invoke, catalog_dir: Path, broken: str
) -> None:
    import shutil

    papers = catalog_dir / "papers"
    shutil.rmtree(papers)
    if broken == "loop":
        papers.symlink_to(papers)
    elif broken == "file":
        papers.write_text("not a directory\n")
    for command in (["validate"], ["readme"], ["build"]):
        result = invoke(*command)
        assert result.exit_code == 1 and "papers" in result.output and "Traceback" not in result.output, result.output
    assert not (catalog_dir / "README.md").exists() and not (catalog_dir / "site").exists()


def test_a_record_name_that_is_not_a_file_is_an_error(invoke: Invoke, catalog_dir: Path) -> None:
    (catalog_dir / "papers" / "gone-2020-link.yaml").symlink_to(catalog_dir / "nowhere.yaml")
    (catalog_dir / "papers" / "odd-2020-dir.yaml").mkdir()
    result = invoke("validate")
    assert result.exit_code == 1
    assert "papers/gone-2020-link.yaml, papers/odd-2020-dir.yaml: not a readable record file" in result.output
