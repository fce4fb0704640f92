"""effplm enrich: identifiers proposed from title look-ups, only when title, first author and year agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.fetch.endpoints import Endpoints

from ..conftest import GOOD_RECORD, Invoke, write
from .conftest import JSON, Answer, Replay

TITLE = "Attention Is All You Need"


def record(path: Path, *, first: str = "Ashish Vaswani", year: int = 2017, venue: str = "{id: neurips}") -> Path:
    text = (
        GOOD_RECORD.replace("doe-2020-example", path.stem)
        .replace("An Example Paper", TITLE)
        .replace("[Jane Doe]", f"[{first}, Noam Shazeer]")
        .replace("year: 2020", f"year: {year}")
        .replace("venue: {id: acl}", f"venue: {venue}")
    )
    return write(path, text)


def test_the_identifier_of_a_matching_paper_is_proposed_then_written(
    invoke: Invoke, catalog_dir: Path, endpoints: Endpoints
) -> None:
    path = record(catalog_dir / "papers" / "vaswani-2017-attention.yaml")
    before = path.read_bytes()
    shown = invoke("enrich", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert "papers/vaswani-2017-attention.yaml: links.arxiv: 1706.03762 (Semantic Scholar)" in shown.stdout
    assert shown.stderr.endswith("effplm: run again with --write to write these changes\n")
    assert path.read_bytes() == before  # nothing written without --write
    assert invoke("enrich", str(path), "--write").exit_code == 0
    paper = load_catalog(Project(catalog_dir)).by_id["vaswani-2017-attention"]
    assert paper.links.arxiv == "1706.03762"


@pytest.mark.parametrize(
    ("name", "first", "year", "reason"),
    [
        ("doe-2017-attention", "Jane Doe", 2017, "first author Vaswani, not Doe"),
        ("vaswani-2012-attention", "Ashish Vaswani", 2012, "year 2017, not 2012"),
    ],
)
def test_a_hit_with_another_first_author_or_year_is_not_written(
    invoke: Invoke, catalog_dir: Path, endpoints: Endpoints, name: str, first: str, year: int, reason: str
) -> None:
    path = record(catalog_dir / "papers" / f"{name}.yaml", first=first, year=year)
    before = path.read_bytes()
    result = invoke("enrich", str(path), "--write")
    assert result.exit_code == 0, result.stderr
    assert f"{name}.yaml: not this paper: Semantic Scholar's 'Attention is All you Need': {reason}" in result.stdout
    assert "links.arxiv" not in result.stdout
    assert path.read_bytes() == before


def test_providers_that_disagree_leave_the_record_ambiguous(
    invoke: Invoke, catalog_dir: Path, endpoints: Endpoints, replay: Replay
) -> None:
    hit = {"authors": {"author": [{"text": "Ashish Vaswani"}]}, "title": f"{TITLE}.", "venue": "NIPS", "year": "2017"}
    body = {
        "result": {"hits": {"hit": [{"info": {**hit, "doi": "10.5555/one"}}, {"info": {**hit, "doi": "10.5555/two"}}]}}
    }
    replay.routes[("/dblp", TITLE)] = Answer(200, JSON, json.dumps(body).encode())
    try:
        path = record(catalog_dir / "papers" / "vaswani-2017-attention.yaml")
        before = path.read_bytes()
        result = invoke("enrich", str(path), "--write")
    finally:
        del replay.routes[("/dblp", TITLE)]
    assert "ambiguous, left as it is: the providers give 2 different doi IDs: 10.5555/one, 10.5555/two" in result.stdout
    assert path.read_bytes() == before


def test_a_preprint_learns_its_published_version(invoke: Invoke, catalog_dir: Path, endpoints: Endpoints) -> None:
    path = record(catalog_dir / "papers" / "vaswani-2017-attention.yaml", venue="{id: arxiv}")
    result = invoke("enrich", str(path))
    assert (
        "published version: Neural Information Processing Systems 2017 (Semantic Scholar) -> venue {'id': 'neurips'}"
        in result.stdout
    )
