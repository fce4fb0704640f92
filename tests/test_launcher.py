"""The entry point runs `effplm validate` without importing click, answering an unchanged catalog
from the cache index alone, and leaves everything else to the CLI, which says the same thing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def effplm(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m effplm_catalog`` as a curator would, with the record cache on."""
    env = {k: v for k, v in os.environ.items() if k != "EFFPLM_NO_CACHE"}
    command = [sys.executable, "-X", "importtime", "-m", "effplm_catalog", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def imported(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def said(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if not line.startswith("import time:")]


def test_an_unchanged_valid_catalog_is_answered_before_the_cli_loads(catalog_dir: Path) -> None:
    first = effplm(catalog_dir, "validate")
    assert first.returncode == 0, first.stderr
    assert "pydantic" in imported(first) and "click" not in imported(first)
    second = effplm(catalog_dir, "validate")
    assert second.returncode == 0
    assert said(second) == said(first) == ["effplm: 5 records valid"]
    assert second.stdout == first.stdout == ""
    assert not {"click", "pydantic", "yaml", "effplm_catalog.cli", "re"} & imported(second)


def test_the_installed_script_answers_an_unchanged_catalog_on_the_lightest_imports(catalog_dir: Path) -> None:
    """What the ``effplm`` script runs (``python -m`` itself imports more, through runpy)."""
    script = [sys.executable, "-X", "importtime", "-c", "from effplm_catalog.launcher import main; main()", "validate"]
    env = {k: v for k, v in os.environ.items() if k != "EFFPLM_NO_CACHE"}
    runs = [subprocess.run(script, cwd=catalog_dir, env=env, capture_output=True, text=True) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0]
    assert said(runs[1]) == ["effplm: 5 records valid"]
    assert not {"contextlib", "typing", "collections", "re", "pathlib"} & imported(runs[1])


def test_a_changed_record_is_validated_by_the_cli(catalog_dir: Path) -> None:
    assert effplm(catalog_dir, "validate").returncode == 0
    record = next((catalog_dir / "papers").glob("*.yaml"))
    record.write_text(record.read_text(encoding="utf-8").replace("year: ", "year: x"), encoding="utf-8")
    result = effplm(catalog_dir, "validate")
    assert result.returncode == 1
    assert "pydantic" in imported(result)  # parsed and validated again
    assert f"papers/{record.name}:" in result.stdout and "year" in result.stdout
    assert said(result) == ["effplm: 1 problem in 1 file"]


def test_cached_problems_are_reported_again_by_the_cli(catalog_dir: Path) -> None:
    (catalog_dir / "papers" / "extra.yaml").write_text("title: [\n", encoding="utf-8")
    first, second = effplm(catalog_dir, "validate"), effplm(catalog_dir, "validate")
    assert first.returncode == second.returncode == 1
    assert second.stdout == first.stdout and "papers/extra.yaml:" in second.stdout
    assert said(second) == said(first)
    assert "pydantic" in imported(first) and "pydantic" not in imported(second)  # the second from the cache
    through_click = effplm(catalog_dir, "validate", "--format", "text")
    assert "click" in imported(through_click)
    assert (through_click.returncode, through_click.stdout, said(through_click)) == (1, first.stdout, said(first))


@pytest.mark.parametrize("args", [("validate", "--format", "json"), ("validate", "papers")])
def test_options_and_paths_go_to_the_cli(catalog_dir: Path, args: tuple[str, ...]) -> None:
    assert effplm(catalog_dir, "validate").returncode == 0
    result = effplm(catalog_dir, *args)
    assert result.returncode == 0
    assert "click" in imported(result)
    assert said(result) == ["effplm: 5 records valid"]


def test_outside_a_catalog_the_cli_explains(tmp_path: Path) -> None:
    result = effplm(tmp_path, "validate")
    assert result.returncode == 1
    assert "no catalog found" in result.stderr


def test_readme_and_its_check_run_without_click(catalog_dir: Path) -> None:
    written = effplm(catalog_dir, "readme")
    assert written.returncode == 0, written.stderr
    assert "click" not in imported(written)
    readme, contributing = catalog_dir / "README.md", catalog_dir / "CONTRIBUTING.md"
    assert said(written) == [f"effplm: wrote README {readme}", f"effplm: wrote CONTRIBUTING {contributing}"]
    checked = effplm(catalog_dir, "readme", "--check")
    assert checked.returncode == 0 and "click" not in imported(checked)
    assert said(checked) == [
        f"effplm: README {readme} is up to date",
        f"effplm: CONTRIBUTING {contributing} is up to date",
    ]
    record = catalog_dir / "papers" / "xin-2020-early.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("title: ", "title: Renamed "), encoding="utf-8")
    stale = effplm(catalog_dir, "readme", "--check")
    assert stale.returncode == 1
    assert "+- [Renamed" in stale.stderr
    assert said(stale)[-1] == f"effplm: error: README {readme} is stale; run `effplm readme` and commit the result"


@pytest.mark.parametrize(
    "form", [("--output", "out/R.md"), ("--output=out/R.md",), ("--check", "--output", "out/R.md")]
)
def test_readme_to_another_file_runs_without_click(catalog_dir: Path, form: tuple[str, ...]) -> None:
    (catalog_dir / "out").mkdir()
    through_click = effplm(catalog_dir, "readme", "--output", "out/R.md", "--root", ".")
    assert through_click.returncode == 0 and "click" in imported(through_click)
    expected = (catalog_dir / "out" / "R.md").read_bytes()
    (catalog_dir / "out" / "R.md").unlink()
    if "--check" in form:
        (catalog_dir / "out" / "R.md").write_bytes(expected)
    result = effplm(catalog_dir, "readme", *form)
    assert result.returncode == 0, result.stderr
    assert "click" not in imported(result)
    assert (catalog_dir / "out" / "R.md").read_bytes() == expected
    assert not (catalog_dir / "CONTRIBUTING.md").exists()  # only the README goes to --output
    verb = "is up to date" if "--check" in form else "wrote"
    assert verb in said(result)[0] and said(result)[0].endswith(("out/R.md", "out/R.md is up to date"))


@pytest.mark.parametrize(
    "args",
    [("readme", "--output"), ("readme", "--output", "papers"), ("readme", "--check", "--check"), ("readme", "-h")],
)
def test_readme_options_the_launcher_does_not_take_go_to_the_cli(catalog_dir: Path, args: tuple[str, ...]) -> None:
    result = effplm(catalog_dir, *args)
    assert "click" in imported(result)
    if args[-1] == "-h":
        assert result.returncode == 0 and "--output" in result.stdout
    else:
        assert result.returncode != 0 and said(result)
        assert "Traceback" not in result.stderr


def test_an_invalid_catalog_gets_its_readme_error_from_the_cli(catalog_dir: Path) -> None:
    readme = catalog_dir / "README.md"
    readme.write_text("old\n", encoding="utf-8")
    (catalog_dir / "papers" / "extra.yaml").write_text("title: [\n", encoding="utf-8")
    result = effplm(catalog_dir, "readme")
    assert result.returncode == 1
    assert "papers/extra.yaml:" in result.stderr and "nothing was written" in result.stderr
    assert readme.read_text(encoding="utf-8") == "old\n"
