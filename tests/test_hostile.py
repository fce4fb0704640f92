"""Hostile and broken input: a located error and exit 1, never a traceback, in bounded time and memory."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from effplm_catalog.cli import main

from .conftest import CATALOG, DATA, GOOD_RECORD

HOSTILE = DATA / "hostile"
EXPECTED: dict[str, list[object]] = yaml.safe_load((HOSTILE / "EXPECTED.yaml").read_text())


def test_the_corpus_is_complete() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in HOSTILE.iterdir() if p.name != "EXPECTED.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_record(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CATALOG)
    code, line, column = EXPECTED[name]
    started = time.monotonic()
    result = CliRunner().invoke(main, ["validate", str(HOSTILE / name)], catch_exceptions=False)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    problems = [p for p in result.stdout.splitlines() if "error[missing-key]" not in p]
    location = f"{HOSTILE / name}:{line}:{column}" if line else f"{HOSTILE / name}"
    assert problems[0].startswith(f"{location}: error[{code}]: "), problems
    assert "Traceback" not in result.output


def run_limited(
    args: list[str], cwd: Path, memory: int = 1 << 30, seconds: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process that may use at most ``memory`` bytes of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    code = "import sys; from effplm_catalog.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "huge-record.yaml",
            GOOD_RECORD + "notes: |\n" + "  spam spam spam spam spam spam spam spam\n" * 130_000,
            ":0:0",
        ),  # whole-file problem: no position
        (
            "many-authors.yaml",
            GOOD_RECORD.replace(
                "authors: [Jane Doe]", "authors:\n" + "".join(f"  - Author Number{i}\n" for i in range(10_000))
            ),
            ":4:3: error[invalid-value]: authors: List should have at most 500 items",
        ),
        (
            "long-title.yaml",
            GOOD_RECORD.replace("An Example Paper", "word " * 20_000 + "end"),
            ":2:8: error[invalid-value]: title: String should have at most 500 characters",
        ),
    ],
)
def test_oversized_records_in_bounded_time_and_memory(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text.replace("doe-2020-example", path.stem))
    started = time.monotonic()
    proc = run_limited(["validate", "--root", str(CATALOG), str(path)], cwd=tmp_path)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    if expected == ":0:0":
        assert proc.stdout.startswith(f"{path}: error[file-too-large]: file is ")
    else:
        assert f"{path}{expected}" in proc.stdout


def test_a_sparse_file_of_30_gb_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sparse-record.yaml"
    with path.open("wb") as out:
        out.truncate(30 << 30)  # 30 GB that take no disk: a read would need them in memory
    proc = run_limited(["validate", "--root", str(CATALOG), str(path)], cwd=tmp_path, memory=1 << 30)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert proc.stdout.startswith(f"{path}: error[file-too-large]: file is ")


@pytest.mark.slow
def test_alias_bomb_costs_nothing(tmp_path: Path) -> None:
    proc = run_limited(
        ["validate", "--root", str(CATALOG), str(HOSTILE / "alias-bomb.yaml")],
        cwd=tmp_path,
        memory=512 << 20,
        seconds=20,
    )
    assert proc.returncode == 1 and "error[yaml-alias]" in proc.stdout and "Traceback" not in proc.stderr
