"""effplm add: identifiers to valid records, with every failure a one-line error and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from effplm_catalog import cli
from effplm_catalog.cli import curate
from effplm_catalog.fetch.endpoints import Endpoints
from effplm_catalog.fetch.resolve import parse_identifier

from ..conftest import REPO, Invoke
from .conftest import JSON, Answer, Replay, recorded


@pytest.fixture
def full_vocab(catalog_dir: Path) -> Path:
    """The test catalog with the repository's vocabularies (every venue the fixtures name)."""
    shutil.rmtree(catalog_dir / "vocab")
    shutil.copytree(REPO / "vocab", catalog_dir / "vocab")
    for path in (catalog_dir / "papers").iterdir():
        path.write_text(
            path.read_text()
            .replace("list-a", "curator")
            .replace("list-b", "curator")
            .replace("[curator, curator]", "[curator]")
        )
    return catalog_dir


def papers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "papers").iterdir())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", ("arxiv", "1706.03762")),
        ("https://arxiv.org/pdf/1706.03762v7", ("arxiv", "1706.03762")),
        ("hep-th/9901001v2", ("arxiv", "hep-th/9901001")),
        ("10.48550/arXiv.1706.03762", ("arxiv", "1706.03762")),
        ("https://doi.org/10.1038/s42256-024-00832-8", ("doi", "10.1038/s42256-024-00832-8")),
        ("10.18653/v1/2021.naacl-main.162", ("acl", "2021.naacl-main.162")),
        ("https://aclanthology.org/2021.naacl-main.162/", ("acl", "2021.naacl-main.162")),
        ("P19-1580", ("acl", "P19-1580")),
    ],
)
def test_identifiers(text: str, expected: tuple[str, str]) -> None:
    assert parse_identifier(text) == expected


def test_add_attention_dry_run(invoke: Invoke, endpoints: Endpoints, catalog_dir: Path) -> None:
    before = papers(catalog_dir)
    result = invoke("add", "1706.03762", "--category", "efficient-attention", "--dry-run", "--source", "list-a")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1:5] == [
        "id: vaswani-2017-attention",
        "title: Attention Is All You Need",
        "authors:",
        "  - Ashish Vaswani",
    ]
    assert result.stdout.count("\n  - ") == 8
    assert "venue: {id: neurips, pages: 5998--6008}\n" in result.stdout  # the published version, by exact title
    assert 'arxiv: "1706.03762"' in result.stdout
    assert "effplm: 1706.03762: vaswani-2017-attention from arXiv, Semantic Scholar\n" in result.stderr
    assert result.stderr.endswith("effplm: would write 1 record\n")
    assert papers(catalog_dir) == before


def test_add_writes_then_refuses_the_same_paper(invoke: Invoke, endpoints: Endpoints, catalog_dir: Path) -> None:
    assert (
        invoke(
            "add", "https://arxiv.org/abs/1706.03762v7", "--category", "efficient-attention", "--source", "list-a"
        ).exit_code
        == 0
    )
    assert "vaswani-2017-attention.yaml" in papers(catalog_dir)
    assert invoke("validate").exit_code == 0
    again = invoke("add", "1706.03762", "--category", "efficient-attention", "--source", "list-a")
    assert again.exit_code == 1
    assert again.stderr.endswith(
        "effplm: error: 1706.03762: already in the catalog: same arXiv ID as papers/vaswani-2017-attention.yaml; nothing was written\n"
    )


def test_add_a_doi_with_crossref_and_semantic_scholar(invoke: Invoke, endpoints: Endpoints, full_vocab: Path) -> None:
    result = invoke("add", "https://doi.org/10.1038/s42256-024-00832-8", "--category", "other", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "venue: {id: nature-mi, pages: 525--535}" in result.stdout
    assert "doi: 10.1038/s42256-024-00832-8" in result.stdout and 'arxiv: "2304.05376"' in result.stdout
    assert "from Crossref, Semantic Scholar" in result.stderr


def test_add_an_acl_anthology_url(invoke: Invoke, endpoints: Endpoints, full_vocab: Path) -> None:
    result = invoke(
        "add", "https://aclanthology.org/2021.naacl-main.162/", "--category", "dynamic-inference", "--dry-run"
    )
    assert result.exit_code == 0, result.stderr
    assert "id: liao-2021-global\n" in result.stdout
    assert "venue: {id: naacl, pages: 2013--2023}" in result.stdout
    assert "acl: 2021.naacl-main.162" in result.stdout
    assert "note: https://aclanthology.org/2021.naacl-main.162/: Semantic Scholar:" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["0000.0000"], "effplm: error: 0000.0000: arXiv has no paper 0000.0000; nothing was written\n"),
        (["9901.00001"], "effplm: error: 9901.00001: arXiv: incorrect id format for abc; nothing was written\n"),
        (
            ["abc"],
            "effplm: error: abc: 'abc' is not an arXiv ID, DOI or ACL Anthology ID (or a URL of one); nothing was written\n",
        ),
        (
            ["10.5555/nothing"],
            "effplm: error: 10.5555/nothing: Crossref has no work with DOI 10.5555/nothing; nothing was written\n",
        ),
        (
            ["10.1038/s42256-024-00832-8"],
            "effplm: error: 10.1038/s42256-024-00832-8: unknown venue 'Nature Machine "
            "Intelligence': use an id from vocab/venues.yaml or add the venue there (give --venue); nothing was written\n",
        ),
        (["1706.03762", "0000.0000"], "effplm: error: 0000.0000: arXiv has no paper 0000.0000; nothing was written\n"),
    ],
)
def test_add_failures_write_nothing(
    invoke: Invoke, endpoints: Endpoints, catalog_dir: Path, args: list[str], message: str
) -> None:
    before = papers(catalog_dir)
    result = invoke("add", *args, "--category", "efficient-attention", "--source", "list-a")
    assert result.exit_code == 1
    assert result.stderr.endswith(message)
    assert "Traceback" not in result.stderr
    assert papers(catalog_dir) == before


def test_add_with_a_venue_given_maps_what_the_provider_could_not(
    invoke: Invoke, full_vocab: Path, endpoints: Endpoints
) -> None:
    result = invoke("add", "10.1038/s42256-024-00832-8", "--category", "pruning", "--venue", "neurips", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "venue: {id: neurips" in result.stdout


def test_add_without_network(invoke: Invoke, endpoints: Endpoints, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EFFPLM_ARXIV_API", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("EFFPLM_RETRIES", "0")  # the message, without the back-off's wait
    result = invoke("add", "1706.03762", "--category", "efficient-attention")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "effplm: error: 1706.03762: cannot reach 127.0.0.1:9: connection refused (gave up after 1 attempt)"
    )


def test_new_from_an_identifier_fills_the_fields(invoke: Invoke, endpoints: Endpoints, catalog_dir: Path) -> None:
    result = invoke(
        "new",
        "--from",
        "1706.03762",
        "--category",
        "efficient-attention",
        "--source",
        "list-a",
        "--code",
        "https://github.com/tensorflow/tensor2tensor",
    )
    assert result.exit_code == 0, result.stderr
    text = (catalog_dir / "papers" / "vaswani-2017-attention.yaml").read_text()
    assert "title: Attention Is All You Need\n" in text and "code: https://github.com/tensorflow/tensor2tensor" in text
    assert invoke("validate").exit_code == 0


def test_new_asks_for_the_identifier_first_and_fills_the_rest_from_it(
    endpoints: Endpoints, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(catalog_dir)
    monkeypatch.setattr(curate, "interactive", lambda: True)
    answers = "attention paper\nhttps://arxiv.org/abs/1706.03762\nefficient-attention\n"
    result = CliRunner().invoke(cli.main, ["new", "--source", "list-a"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Error: 'attention paper' is not an arXiv ID, DOI or ACL Anthology ID" in result.output
    assert "Title" not in result.output and "Link to the paper" not in result.output  # known from arXiv
    text = (catalog_dir / "papers" / "vaswani-2017-attention.yaml").read_text()
    assert "title: Attention Is All You Need\n" in text and 'arxiv: "1706.03762"' in text


def test_controls_and_bidi_overrides_from_a_provider_never_reach_the_record(
    invoke: Invoke, endpoints: Endpoints, full_vocab: Path, replay: Replay
) -> None:
    work = json.loads(recorded("crossref_works_10.1038_s42256-024-00832-8.json"))
    message = work["message"]
    message["title"] = ["Hidden\u202e txet\x85 in a\u2066 title\u2069"]
    message["abstract"] = "<jats:p>First\x07 part\u2028 of it.</jats:p><jats:p>Second\u202e one.</jats:p>"
    replay.routes[("/crossref/works/10.5555/controls", "")] = Answer(200, JSON, json.dumps(work).encode())
    try:
        result = invoke("add", "10.5555/controls", "--category", "pruning", "--source", "curator")
    finally:
        del replay.routes[("/crossref/works/10.5555/controls", "")]
    assert result.exit_code == 0, result.output
    (written,) = set(papers(full_vocab)) - {p.name for p in (REPO / "tests/data/catalog/papers").iterdir()}
    text = (full_vocab / "papers" / written).read_text(encoding="utf-8")
    assert "title: Hidden txet in a title\n" in text
    assert "First part of it.\n" in text and "Second one." in text
    assert invoke("validate", f"papers/{written}").exit_code == 0
