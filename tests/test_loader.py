"""The YAML loader: positions, and refusal of what YAML accepts but curators never mean."""

from __future__ import annotations

import pytest

from effplm_catalog.loader import MAX_FILE_BYTES, parse_yaml
from effplm_catalog.model_problems import validate_model
from effplm_catalog.models import Paper

from .conftest import GOOD_RECORD


def codes(raw: bytes) -> list[tuple[str, int, int]]:
    doc = parse_yaml(raw, "x.yaml")
    validate_model(doc, Paper)
    return [(p.code, p.line, p.column) for p in doc.problems]


def test_marks_point_at_values_and_keys() -> None:
    doc = parse_yaml(b"a: 1\nb:\n  - x\n  - {c: 2}\n", "x.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.marks.values[("a",)] == (1, 4)
    assert doc.marks.values[("b", 1, "c")] == (4, 9)
    assert doc.marks.keys[("b",)] == (2, 1)
    assert doc.marks.find(("b", 1, "missing")) == (4, 5)


def test_good_record_has_no_problems() -> None:
    assert codes(GOOD_RECORD.encode()) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"title: a\ntitle: b\n", [("duplicate-key", 2, 1)]),
        (b"title: !!python/object:os.system x\n", [("yaml-tag", 1, 8)]),
        (b"title: !custom x\n", [("yaml-tag", 1, 8)]),
        (b"a: &x 1\nb: *x\n", [("yaml-anchor", 1, 4), ("yaml-alias", 2, 4)]),
        (b"title: 'unclosed\n", [("yaml-syntax", 1, 8)]),  # where the quote opens
        (b"a:\n\t- x\n", [("yaml-syntax", 2, 1)]),
        (b"a: 1\n  b: 2\n", [("yaml-syntax", 2, 4)]),
        (b"", [("empty-file", 0, 0)]),
        (b"# only a comment\n", [("empty-file", 0, 0)]),
        (b"- a\n- b\n", [("not-a-mapping", 1, 1)]),
        (b"just text\n", [("not-a-mapping", 1, 1)]),
        (b"\xef\xbb\xbftitle: x\n", [("encoding", 1, 1)]),
        (b"title: a\x00b\n", [("encoding", 1, 9)]),
        (b"title: caf\xe9\n", [("encoding", 1, 11)]),
        (b"? [a, b]\n: c\n", [("invalid-key", 1, 3)]),
    ],
)
def test_bad_yaml_is_located(raw: bytes, expected: list[tuple[str, int, int]]) -> None:
    # Missing required keys are reported too, but are not what these cases are about.
    assert [c for c in codes(raw) if c[0] != "missing-key"] == expected


def test_billion_laughs_is_refused_without_expansion() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    found = codes("\n".join(lines).encode())
    assert {c for c, _, _ in found} == {"yaml-anchor", "yaml-alias"}
    assert found[0] == ("yaml-anchor", 1, 4)


def test_oversized_file_is_refused_before_parsing() -> None:
    raw = b"title: " + b"x" * MAX_FILE_BYTES + b"\n"
    assert codes(raw) == [("file-too-large", 0, 0)]


def test_stars_and_ampersands_in_text_are_fine() -> None:
    raw = GOOD_RECORD.replace("An Example Paper", '"Q&A with **bold** and a!"').encode()
    assert codes(raw) == []


def test_all_schema_problems_of_a_file_are_reported_at_once() -> None:
    raw = b"""\
id: Bad Id
titel: x
authors: Jane Doe
year: "2020a"
venue: {id: acl, track: keynote}
category: pruning
sources: [list-a]
added: 2026-11-20
"""
    found = codes(raw)
    assert ("invalid-value", 1, 5) in found  # id not a slug
    assert ("unknown-key", 2, 1) in found
    assert ("missing-key", 1, 1) in found  # title
    assert ("invalid-type", 3, 10) in found  # authors as a string
    assert ("invalid-type", 4, 7) in found
    assert ("invalid-value", 5, 25) in found  # track
