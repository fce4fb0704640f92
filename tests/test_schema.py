"""The JSON Schema for editors: committed, current, draft-07, and agreeing with the validator."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
import yaml

from effplm_catalog.schema import SCHEMA_PATH, render_schema
from effplm_catalog.vocab import load_vocabulary

from .conftest import GOOD_RECORD, REPO, Invoke


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def as_json(text: str) -> Any:
    data = yaml.safe_load(text)
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


def test_committed_schema_is_current() -> None:
    assert (REPO / SCHEMA_PATH).read_text(encoding="utf-8") == render_schema(load_vocabulary(REPO / "vocab"))


def test_every_record_validates_under_draft_07(validator: jsonschema.Draft7Validator) -> None:
    failures = {
        p.name: [e.message for e in validator.iter_errors(as_json(p.read_text(encoding="utf-8")))]
        for p in sorted((REPO / "papers").glob("*.yaml"))
    }
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("category: pruning", "category: prunning"), "'prunning' is not one of"),
        (("venue: {id: acl}", "venue: {id: acl, track: keynote}"), "'keynote' is not one of"),
        (
            ("added: 2026-11-20", "added: 2026-11-20\ntitel: x"),
            "Additional properties are not allowed ('titel' was unexpected)",
        ),
        (("added: 2026-11-20", "added: 2026-11-20\nlinks: {code: 'javascript:alert(1)'}"), "does not match"),
        (("added: 2026-11-20", "added: 2026-11-20\nlinks: {arxiv: '1910.1'}"), "does not match"),
    ],
)
def test_schema_rejects_what_the_validator_rejects(
    validator: jsonschema.Draft7Validator, change: tuple[str, str], message: str
) -> None:
    record = GOOD_RECORD.replace("sources: [list-a]", "sources: [curator]").replace(*change)
    errors = [e.message for e in validator.iter_errors(as_json(record))]
    assert any(message in e for e in errors), errors


def test_schema_command_checks(invoke: Invoke) -> None:
    assert invoke("schema", "--check").exit_code == 1  # the test catalog has no schema yet
    assert invoke("schema").exit_code == 0
    assert invoke("schema", "--check").exit_code == 0


def test_every_pattern_is_a_valid_ecma_regular_expression_with_the_unicode_flag() -> None:
    """Ajv and check-jsonschema compile schema patterns as ECMA-262 with the `u` flag, which
    refuses escapes such as `\\"` that Python accepts; Node compiles them here as they do."""
    import os
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        if os.environ.get("EFFPLM_REQUIRE_LINTERS"):
            pytest.fail("node is needed to check the schema's patterns")
        pytest.skip("node is not installed")
    patterns: list[str] = []

    def walk(node_: Any) -> None:
        if isinstance(node_, dict):
            for key, value in node_.items():
                if key == "pattern" and isinstance(value, str):
                    patterns.append(value)
                else:
                    walk(value)
        elif isinstance(node_, list):
            for item in node_:
                walk(item)

    walk(json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8")))
    script = "const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); for (const p of ps) new RegExp(p, 'u');"
    proc = subprocess.run([node, "-e", script], input=json.dumps(patterns), capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert len(patterns) >= 10


# Both ways: each case is accepted, or refused, by the JSON Schema (as an editor checks it) and by
# `effplm validate` alike. Changes are applied to GOOD_RECORD.
AGREE: list[tuple[str, str, str, bool]] = [
    ("good", "", "", True),
    ("quoted date", "added: 2026-11-20", 'added: "2026-11-20"', True),
    ("quoted verified", "added: 2026-11-20", 'added: 2026-11-20\nverified: "2026-11-21"', True),
    ("date not a day", "added: 2026-11-20", "added: 2026-13-01", False),
    ("quoted year", "year: 2020", 'year: "2020"', False),
    ("year far ahead", "venue: {id: acl}", f"venue: {{id: acl, year: {dt.date.today().year + 2}}}", False),
    ("year next", "venue: {id: acl}", f"venue: {{id: acl, year: {dt.date.today().year + 1}}}", True),
    ("year too early", "venue: {id: acl}", "venue: {id: acl, year: 1700}", False),
    ("decomposed accent", "[Jane Doe]", "[Jose\u0301 Doe]", True),
    ("track none at a conference", "{id: acl}", "{id: acl, track: none}", False),
    ("track none on arXiv", "{id: acl}", "{id: arxiv, track: none}", True),
    ("track main on arXiv", "{id: acl}", "{id: arxiv, track: main}", False),
    ("placeholder title", "An Example Paper", '"..."', False),
    ("placeholder author", "[Jane Doe]", "[TODO]", False),
    ("two authors in one", "[Jane Doe]", "[Jane Doe and John Roe]", False),
    ("et al", "[Jane Doe]", "[Jane Doe, et al.]", False),
    ("stray and", "[Jane Doe]", "[Jane Doe, and John Roe]", False),
    ("Last, First", "[Jane Doe]", '["Doe, Jane"]', False),
    ("tab in title", "An Example Paper", '"An Example\\tPaper"', False),
    ("control in title", "An Example Paper", '"An Example\\u202ePaper"', False),
    ("unknown category", "category: pruning", "category: prunning", False),
    ("unknown key", "added: 2026-11-20", "added: 2026-11-20\ntitel: x", False),
    ("arXiv ID read as a number", "added: 2026-11-20", "added: 2026-11-20\nlinks: {arxiv: 2310.1001}", False),
    (
        "arXiv URL as the ID",
        "added: 2026-11-20",
        "added: 2026-11-20\nlinks: {arxiv: 'https://arxiv.org/abs/2010.10010'}",
        False,
    ),
    ("script link", "added: 2026-11-20", "added: 2026-11-20\nlinks: {code: 'javascript:alert(1)'}", False),
    ("free-text venue", "venue: {id: acl}", "venue: EMNLP 2023 Findings", False),
    ("no authors", "[Jane Doe]", "[]", False),
]

# What a schema cannot know: today's date, the file's name, the other records.
VALIDATOR_ONLY: list[tuple[str, str, str]] = [
    ("future added", "added: 2026-11-20", "added: 2999-01-01"),
    ("id rule", "id: doe-2020-example", "id: doe-2020-examples"),
]


class _Editor(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (YAML 1.2): a date is text, as JSON has no dates."""


_Editor.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _verdicts(catalog_dir: Any, invoke: Invoke, text: str) -> tuple[bool, bool]:
    schema = json.loads(render_schema(load_vocabulary(catalog_dir / "vocab")))
    checker = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    path = catalog_dir / "papers" / "doe-2020-example.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_Editor)
    except yaml.YAMLError:
        data = None  # not YAML at all: no editor accepts it either
    by_schema = data is not None and not list(checker.iter_errors(data))
    return by_schema, invoke("validate", str(path)).exit_code == 0


@pytest.mark.parametrize(("name", "old", "new", "valid"), AGREE, ids=[c[0] for c in AGREE])
def test_schema_and_validator_agree_both_ways(
    catalog_dir: Any, invoke: Invoke, name: str, old: str, new: str, valid: bool
) -> None:
    text = GOOD_RECORD.replace(old, new) if old else GOOD_RECORD
    assert text != GOOD_RECORD or not old, "the change did not apply"
    by_schema, by_validator = _verdicts(catalog_dir, invoke, text)
    assert (by_schema, by_validator) == (valid, valid)


@pytest.mark.parametrize(("name", "old", "new"), VALIDATOR_ONLY, ids=[c[0] for c in VALIDATOR_ONLY])
def test_what_only_the_validator_can_check(catalog_dir: Any, invoke: Invoke, name: str, old: str, new: str) -> None:
    assert _verdicts(catalog_dir, invoke, GOOD_RECORD.replace(old, new)) == (True, False)
