"""The files around the catalog: GitHub workflows and forms, pre-commit hooks, README linters.

The Node tools (action-validator, markdownlint-cli2, awesome-lint) come from
package.json; the tests that need them skip when `npm ci` has not been run, unless
EFFPLM_REQUIRE_LINTERS=1 (set by .ci/run), where their absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from effplm_catalog.cli import main
from effplm_catalog.vocab import load_vocabulary

from .conftest import REPO

BIN = REPO / "node_modules" / ".bin"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def node_tool(name: str) -> Path:
    path = BIN / name
    if not path.exists():
        if os.environ.get("EFFPLM_REQUIRE_LINTERS") == "1":
            pytest.fail(f"EFFPLM_REQUIRE_LINTERS=1 but {path} is missing (run npm ci)")
        pytest.skip(f"{name} is not installed (run npm ci)")
    return path


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string


@pytest.mark.parametrize("path", sorted((REPO / ".github").rglob("*.yml")), ids=lambda p: p.name)
def test_github_yaml_parses(path: Path) -> None:
    assert isinstance(load(path), dict)


def test_workflows_have_jobs_with_steps() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "pages.yml"}
    for path in WORKFLOWS:
        workflow = load(path)
        assert "on" in workflow and workflow["jobs"], path
        for job in workflow["jobs"].values():
            assert "runs-on" in job
            assert all(("uses" in step) != ("run" in step) for step in job["steps"]), path


def test_pull_request_workflow_runs_every_check() -> None:
    text = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    for command in (
        "effplm validate --format github",
        "effplm readme --check",
        "effplm schema --check",
        "effplm fmt --check",
        "mkdocs build --strict",
        "markdownlint-cli2",
        "awesome-lint README.md",
        "effplm summary",
        "GITHUB_STEP_SUMMARY",
    ):
        assert command in text


@pytest.mark.slow
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_pass_the_schema_check(path: Path) -> None:
    proc = subprocess.run([str(node_tool("action-validator")), str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - nope: 1\n")
    proc = subprocess.run([str(node_tool("action-validator")), str(bad)], capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and "Additional property 'nope' is not allowed" in proc.stdout + proc.stderr


def test_issue_form_maps_to_the_record() -> None:
    form = load(REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml")
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert list(fields) == ["title", "authors", "year", "venue", "category", "arxiv", "code", "notes"]
    vocab = load_vocabulary(REPO / "vocab")
    assert fields["category"]["attributes"]["options"] == list(vocab.categories)


def test_pre_commit_hooks_run_real_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["effplm-validate", "effplm-fmt"]
    for hook in hooks:
        command = hook["entry"].split()[1:]
        assert CliRunner().invoke(main, [*command, "--help"]).exit_code == 0
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert {h["id"] for repo in config["repos"] for h in repo["hooks"]} >= {"effplm-validate", "effplm-fmt"}


@pytest.mark.slow
def test_markdownlint_passes_on_the_generated_files() -> None:
    proc = subprocess.run([str(node_tool("markdownlint-cli2"))], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_awesome_lint_passes_on_the_readme(tmp_path: Path) -> None:
    tool = node_tool("awesome-lint")
    # awesome-lint insists on a git repository with a GitHub remote (it then asks the
    # GitHub API about it, which fails quietly offline): give it one around a copy.
    for name in ("README.md", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, tmp_path / name)
    git = ["git", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "remote", "add", "origin", "https://github.com/effplm-catalog/effplm-catalog.git"],
        cwd=tmp_path,
        check=True,
    )
    subprocess.run(["git", "config", "branch.main.remote", "origin"], cwd=tmp_path, check=True)
    proc = subprocess.run(
        [str(tool), "README.md"], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
