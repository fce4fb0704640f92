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
