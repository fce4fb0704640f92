"""effplm new: a valid file by the id rule from flags or prompts; duplicates refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from effplm_catalog import cli
from effplm_catalog.cli import curate

from .conftest import Invoke


def test_new_with_flags_writes_a_valid_record(invoke: Invoke, catalog_dir: Path) -> None:
    result = invoke(
        "new",
        "--title",
        "Attention Is All You Need",
        "--author",
        "Ashish Vaswani",
        "--author",
        "Noam Shazeer",
        "--year",
        "2017",
        "--venue",
        "Advances in Neural Information Processing Systems",
        "--category",
        "efficient-attention",
        "--arxiv",
        "https://arxiv.org/abs/1706.03762v5",
        "--code",
        "https://github.com/tensorflow/tensor2tensor",
        "--source",
        "list-a",
    )
    assert result.exit_code == 0, result.stderr
    path = catalog_dir / "papers" / "vaswani-2017-attention.yaml"
    assert (
        result.stderr
        == "effplm: wrote papers/vaswani-2017-attention.yaml; run `effplm readme` to add it to the README\n"
    )
    text = path.read_text()
    assert "venue: {id: neurips}\n" in text and 'arxiv: "1706.03762"' in text
    assert invoke("validate").exit_code == 0
    assert invoke("fmt", "--check", str(path)).exit_code == 0


def test_new_refuses_a_duplicate_and_names_the_record(invoke: Invoke, catalog_dir: Path) -> None:
    before = sorted(p.name for p in (catalog_dir / "papers").iterdir())
    result = invoke(
        "new",
        "--title",
        "Some other title",
        "--author",
        "A B",
        "--year",
        "2019",
        "--venue",
        "arxiv",
        "--category",
        "pruning",
        "--arxiv",
        "1910.01108v2",
        "--source",
        "list-a",
    )
    assert result.exit_code == 1
    assert result.stderr == "effplm: error: already in the catalog: same arXiv ID as papers/sanh-2019-distilbert.yaml\n"
    assert sorted(p.name for p in (catalog_dir / "papers").iterdir()) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--venue", "Journal of Nothing"], "unknown venue 'Journal of Nothing'"),
        (["--venue", "acl", "--category", "nope"], "unknown category 'nope'"),
        (["--venue", "acl", "--code", "ftp://x.org/y"], "links.code: Value error, must be an http(s) URL"),
    ],
)
def test_new_explains_what_is_wrong(invoke: Invoke, args: list[str], message: str) -> None:
    base = {"--title": "T", "--author": "A B", "--year": "2020", "--category": "pruning", "--source": "list-a"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    result = invoke("new", *[x for kv in base.items() for x in kv])
    assert result.exit_code == 1
    assert message in result.stderr


def test_new_asks_for_what_is_missing(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalog_dir)
    monkeypatch.setattr(curate, "interactive", lambda: True)
    answers = [
        "",  # no identifier: the details are typed
        "A New Pruning Method",
        "Jane Doe, John Roe",
        "2024",
        "Findings of EMNLP 2023",
        "pruning",
        "not a link",  # refused and asked again
        "https://example.org/new-pruning.pdf",
    ]
    result = CliRunner().invoke(cli.main, ["new", "--source", "list-a"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "arXiv ID, DOI or ACL Anthology ID (Enter to type the details yourself): " in result.output
    assert "Error: 'not a link' is not a web address (https://...); press Enter if the paper is not online" in (
        result.output
    )
    text = (catalog_dir / "papers" / "doe-2024-new.yaml").read_text()
    assert "authors: [Jane Doe, John Roe]\n" in text
    assert "venue: {id: emnlp, year: 2023, track: findings}\n" in text
    assert "paper: https://example.org/new-pruning.pdf" in text


def test_new_asks_for_no_link_when_the_paper_is_not_online(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalog_dir)
    monkeypatch.setattr(curate, "interactive", lambda: True)
    answers = "\nA New Pruning Method\nJane Doe\n2024\nacl\npruning\n\n"
    result = CliRunner().invoke(cli.main, ["new", "--source", "list-a"], input=answers)
    assert result.exit_code == 0, result.output
    assert "links" not in (catalog_dir / "papers" / "doe-2024-new.yaml").read_text()


def test_new_without_a_terminal_says_what_is_missing(invoke: Invoke) -> None:
    result = invoke("new", "--title", "T")
    assert result.exit_code == 2
    assert "missing authors (comma-separated, in order)" in result.stderr
