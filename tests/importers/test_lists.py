"""Importing a list of the LLM era: table rows and bullets, the whole story told first, then written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.importers.lists import plan_import
from effplm_catalog.importers.markdown import parse_markdown

from ..conftest import DATA, Invoke

LIST = DATA / "importers" / "llm_table_list.md"
NEW_SOURCE = [
    "--source",
    "llm-list",
    "--source-title",
    "A list of efficient LLM papers",
    "--source-url",
    "https://example.org/list",
]


def test_table_rows_and_bullets_are_papers_and_contents_lines_are_not() -> None:
    entries, anomalies = parse_markdown(LIST.read_text(encoding="utf-8"), "llm-list")
    assert [e.title for e in entries] == [
        "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
        "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
        "An Entry Without Authors",
        "H2O: Heavy-Hitter Oracle for Efficient Generative Inference of Large Language Models",
        "A Paper Under a Heading Nobody Mapped",
    ]
    gptq, _distil, bare, h2o, other = entries
    assert gptq.authors == ["Elias Frantar", "Saleh Ashkboos", "Torsten Hoefler", "Dan Alistarh"]
    assert gptq.venue_text == "ICLR'23" and ("code", "https://github.com/example/gptq") in gptq.urls
    assert gptq.tags == ["semi-structured"]  # a method-type badge becomes a tag
    assert gptq.headings == [
        "A list of efficient LLM papers, written as awesome lists of the LLM era are",
        "Quantization",
    ]
    assert h2o.authors == ["Zhenyu Zhang", "Ying Sheng", "Tianyi Zhou"] and h2o.venue_text == "NeurIPS'23"
    assert bare.authors == [] and bare.venue_text == "arXiv 2016"
    assert other.authors == ["Ann Bo", "Cy Do"] and other.venue_text == "ICML 2023"
    assert [a.kind for a in anomalies] == ["missing-authors"]


def test_a_dry_run_tells_the_whole_story_and_writes_nothing(invoke: Invoke, catalog_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in (catalog_dir / "papers").iterdir()}
    sources = (catalog_dir / "vocab" / "sources.yaml").read_bytes()
    result = invoke("import", "markdown", str(LIST), *NEW_SOURCE, "--no-fetch", "--dry-run")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert (
        "llm_table_list.md: 5 entries: 1 new, 1 already in the catalog (1 gain something), 1 need authors, 2 skipped"
        in out
    )
    assert "  Quantization: 3 found, 1 new, 1 in the catalog, 1 need authors, 0 skipped" in out
    assert "in the catalog: papers/sanh-2019-distilbert.yaml gains source, category quantization" in out
    assert "needs authors: 'An Entry Without Authors' (line 12): effplm add 1605.08386" in out
    assert "unmapped heading: 'KV Cache' (1 entries)" in out and "unmapped heading: 'Other Methods' (1 entries)" in out
    assert (
        'llm-list:9: unknown-venue: venue "ICLR\'23" is not in vocab/venues.yaml: imported as its arXiv preprint'
        in result.stderr
    )
    assert result.stderr.endswith("effplm: dry run: would write 1 new records and update 1\n")
    assert {p.name: p.read_bytes() for p in (catalog_dir / "papers").iterdir()} == before
    assert (catalog_dir / "vocab" / "sources.yaml").read_bytes() == sources


def test_the_real_run_writes_new_records_merges_existing_ones_and_registers_the_source(
    invoke: Invoke, catalog_dir: Path
) -> None:
    args = ["import", "markdown", str(LIST), *NEW_SOURCE, "--no-fetch", "--map", "KV Cache=efficient-attention"]
    result = invoke(*args, "--default-category", "pruning", "--added", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("effplm: wrote 3 new records and updated 1, registered the source 'llm-list'\n")
    catalog = load_catalog(Project(catalog_dir))
    distil = catalog.by_id["sanh-2019-distilbert"]
    assert distil.sources == ["list-a", "list-b", "llm-list"] and distil.categories == ["quantization"]
    gptq = catalog.by_id["frantar-2022-gptq"]
    assert gptq.venue.id == "arxiv" and gptq.links.code == "https://github.com/example/gptq"
    assert catalog.by_id["zhang-2023-h2o"].category == "efficient-attention"
    assert catalog.by_id["bo-2023-paper"].category == "pruning"
    source = yaml.safe_load((catalog_dir / "vocab" / "sources.yaml").read_text())["sources"][-1]
    assert source["id"] == "llm-list" and source["url"] == "https://example.org/list"
    again = invoke(*args, "--default-category", "pruning")
    assert "5 entries: 0 new, 4 already in the catalog (0 gain something), 1 need authors, 0 skipped" in again.stdout


def test_a_new_source_needs_a_title(invoke: Invoke) -> None:
    result = invoke("import", "markdown", str(LIST), "--source", "llm-list", "--no-fetch")
    assert result.exit_code == 2
    assert (
        "'llm-list' is not in vocab/sources.yaml: give --source-title (and --source-url) to register it"
        in result.stderr
    )


def test_a_map_to_an_unknown_category_is_refused(invoke: Invoke) -> None:
    result = invoke("import", "markdown", str(LIST), *NEW_SOURCE, "--map", "KV Cache=kv-caching")
    assert result.exit_code == 2 and "unknown category 'kv-caching'" in result.stderr


CUT_SHORT_LIST = """## Quantization
|[Layer Skip: Enabling Early Exit Inference and Self-Speculative Decoding](https://arxiv.org/abs/2404.16710) <br> Mostafa Elhoushi, Akshat Shrivastava, Basil Hosmer et al | |[Paper](https://arxiv.org/abs/2404.16710)|
"""


def test_an_author_list_the_list_cut_short_is_completed_from_metadata_or_left_for_a_curator(
    catalog_dir: Path,
) -> None:
    entries, _anomalies = parse_markdown(CUT_SHORT_LIST, "list-a")
    catalog = load_catalog(Project(catalog_dir))
    full = ["Mostafa Elhoushi", "Akshat Shrivastava", "Diana Liskovich", "Basil Hosmer", "Bram Wasti"]
    asked: list[str] = []

    def fetch(identifier: str) -> list[str]:
        asked.append(identifier)
        return full

    added = dt.date(2026, 12, 3)
    plan = plan_import(entries, catalog, source="list-a", default_category="pruning", added=added, fetch=fetch)
    assert asked == ["2404.16710"] and [p.authors for p in plan.new] == [full]
    again = parse_markdown(CUT_SHORT_LIST, "list-a")[0]
    unfetched = plan_import(again, catalog, source="list-a", default_category="pruning", added=added)
    assert unfetched.new == [] and [hint for _entry, hint in unfetched.needs_authors] == [
        "effplm add 2404.16710 --category quantization --source list-a"
    ]
