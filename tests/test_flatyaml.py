"""The flat reader gives exactly what libyaml gives, or declines.

Every document it accepts (the real records, hand-written edge cases, generated
layouts and mutated records) is compared with ``yaml.load(..., CSafeLoader)``,
types included (``True == 1`` and a datetime is a date in Python), and its
positions with those of libyaml's node graph.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from effplm_catalog.flatyaml import read_flat
from effplm_catalog.loader import parse_yaml, top_positions

from .conftest import CATALOG, REPO

SETTINGS = settings(
    max_examples=int(os.environ.get("EFFPLM_HYPOTHESIS_EXAMPLES", "150")) * 4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def assert_like_libyaml(text: str) -> bool:
    """If the flat reader accepts ``text``, libyaml reads the same data at the same positions."""
    flat = read_flat(text)
    if flat is None:
        return False
    data, positions = flat
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert same(data, expected), (text, data, expected)
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert positions == top_positions(node, frozenset(data)), text
    return True


def record_texts() -> list[Path]:
    return sorted((REPO / "papers").glob("*.yaml")) + sorted((CATALOG / "papers").glob("*.yaml"))


def test_every_record_of_the_catalog_is_read_like_libyaml() -> None:
    paths = record_texts()
    assert len(paths) > 400
    declined = [p.name for p in paths if not assert_like_libyaml(p.read_text(encoding="utf-8"))]
    # tests/data holds records with problems on purpose; every record of papers/ is canonical.
    assert not [name for name in declined if (REPO / "papers" / name).exists()]


@pytest.mark.parametrize(
    "text",
    [
        "id: x\n",
        "# comment\n\nid: x\n# another\n",
        "year: 2021\nzero: 0\n",
        "added: 2026-11-20\n",
        "added: 2026-1-5\n",  # text: a date needs two-digit months and days
        'title: "Quoted: with # and \\"escapes\\" \\u00e9 \\/ \\\\ \\t"\n',
        "title: 'It''s single: #quoted'\n",
        "title: Q&A and *stars* and a!bang\n",
        "title: URL-ish https://example.org/#frag and a:colon\n",
        "authors: [A B, 'C D', \"E, F\", G-H]\n",
        "authors: []\nsources: [ a ,  b ]\n",
        "venue: {id: emnlp, pages: 1--9, year: 2020}\nv: {}\n",
        "venue: { id: a ,  pages: 1--2 }\nw: {  }\n",
        "venue: {id: 'quoted, with comma', y: 2}\n",
        "authors:\n  - A B\n  - 'C'\n  - \"D\"\nyear: 1\n",
        "authors:\n- A B\n- C\nyear: 1\n",
        'links:\n  arxiv: "1910.01108"\n  code: https://github.com/a/b\n',
        "notes: |\n  line one\n\n    indented more\n  last\nnext: 1\n",
        "notes: |-\n  stripped\n\n\nnext: 1\n",
        "notes: |+\n  kept\n\n\nnext: 1\n",
        "notes: |+\n  kept\n\n# comment\n\nnext: 1\n",
        "notes: |\n  at the end\n",
        "notes: |\n  - a list in Markdown: fine\n  # not a comment\n",
        "title: yes-but-not-a-boolean\nt: True story\nn: nullish\n",
        "title: 3 ways\nv: 2.0.1\nw: 1e\n",
    ],
)
def test_accepted_documents_match_libyaml(text: str) -> None:
    assert assert_like_libyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment\n",
        "id: x",  # no final newline
        "id: x\r\n",
        "id:\tx\n",
        "---\nid: x\n",
        "id: x\n...\n",
        "yes: 1\n",  # a boolean key
        "on: x\n",
        "title: yes\n",
        "title: null\n",
        "title: ~\n",
        "year: 0123\n",  # octal in YAML 1.1
        "year: 1_000\n",
        "year: +1\n",
        "year: 1:20\n",  # sexagesimal
        "year: 1.5\n",
        "added: 2026-02-30\n",  # libyaml's loader reports it
        "added: 2026-11-20T10:00:00Z\n",
        "title: a # comment\n",
        "title: a:\n",
        "title: a: b\n",
        "title: -a\n",
        "title: &anchor a\n",
        "title: *alias\n",
        "title: !tag a\n",
        "title: 'a' # c\n",
        'title: "a\\x41"\n',  # an escape JSON does not know
        'title: "\\ud83d\\ude00"\n',  # surrogates
        'title: "unterminated\n',
        "title: first line\n  continued\n",
        "title: first\n\n  continued after a blank line\n",
        "title:  two spaces\n",
        "title: trailing \n",
        "title:\n",
        "id: x\nid: y\n",
        "authors: [a, b,]\n",
        "authors: [a, [b]]\n",
        "authors: [a: b]\n",
        "authors: ['a': b]\n",
        "authors: [a, b] # c\n",
        "authors: [a,\n  b]\n",
        "venue: {id: a, id: b}\n",
        "venue: {id: [a]}\n",
        "venue: {yes: a}\n",
        "venue: {id:  two-spaces}\n",
        "venue: {id: a:b}\n",
        "venue: {id: a, }\n",
        "venue: {id}\n",
        "authors:\n  - a\n    - b\n",
        "authors:\n  - a\n  b: c\n",
        "links:\n  arxiv: 1\n  - b\n",
        "links:\n  arxiv: 1\n    deeper: 2\n",
        "links:\n  arxiv: 1\n\n  code: x\n",
        "links:\n  a:\n",
        "notes: >\n  folded\n",
        "notes: |2\n  explicit\n",
        "notes: | # c\n  text\n",
        "notes: |\n\n  leading blank\n",
        "notes: |\n    more indented first\n",
        "notes: |\n  a\n   \n  b\n",  # a line of spaces
        "notes: |\n",
        "{id: x}\n",
        "- a\n",
    ],
)
def test_declined_documents(text: str) -> None:
    assert read_flat(text) is None


KEYS = st.sampled_from(["id", "title", "on", "no", "null", "true", "y", "a_b", "venue", "links"])
TRICKY = st.sampled_from(
    [
        "a",
        "A B",
        "yes",
        "No",
        "null",
        "~",
        "0",
        "007",
        "12",
        "-3",
        "1.5",
        ".inf",
        "2020-01-02",
        "2020-13-40",
        "1:30",
        "0x1F",
        "a: b",
        "a:b",
        "a #b",
        "a#b",
        "#a",
        "-a",
        "- a",
        "&a",
        "*a",
        "!a",
        "|",
        ">",
        "'a'",
        '"a"',
        "a,b",
        "[a]",
        "{a}",
        "%a",
        "@a",
        "`a",
        "é",
        "a  b",
        "",
        " a",
        "a ",
        "<<",
        "=",
    ]
)
SCALARS = st.one_of(TRICKY, st.text(alphabet="ab :#,-'\"\\[]{}|>&*!01.~é", max_size=8))


def quoted(value: str) -> st.SearchStrategy[str]:
    single = "'" + value.replace("'", "''") + "'"
    return st.sampled_from([value, json.dumps(value, ensure_ascii=False), json.dumps(value), single, f'"{value}"'])


def scalar_text() -> st.SearchStrategy[str]:
    return SCALARS.flatmap(quoted)


@st.composite
def entry(draw: st.DrawFn) -> str:
    key = draw(KEYS)
    kind = draw(
        st.sampled_from(["scalar", "flow-list", "flow-map", "block-list", "block-list-0", "block-map", "literal"])
    )
    if kind == "scalar":
        return f"{key}: {draw(scalar_text())}"
    if kind == "flow-list":
        items = draw(st.lists(scalar_text(), max_size=4))
        sep = draw(st.sampled_from([", ", ",", " , "]))
        return f"{key}: [{sep.join(items)}]"
    if kind == "flow-map":
        pairs = draw(st.lists(st.tuples(KEYS, scalar_text()), max_size=3))
        return f"{key}: {{{', '.join(f'{k}: {v}' for k, v in pairs)}}}"
    if kind.startswith("block-list"):
        dash = "- " if kind.endswith("0") else "  - "
        items = draw(st.lists(scalar_text(), min_size=1, max_size=3))
        return f"{key}:\n" + "\n".join(dash + item for item in items)
    if kind == "block-map":
        pairs = draw(st.lists(st.tuples(KEYS, scalar_text()), min_size=1, max_size=3))
        return f"{key}:\n" + "\n".join(f"  {k}: {v}" for k, v in pairs)
    header = draw(st.sampled_from(["|", "|-", "|+"]))
    body = draw(
        st.lists(st.sampled_from(["", "text", "  more", "# hash", "- item", "a: b", "   "]), min_size=1, max_size=4)
    )
    return f"{key}: {header}\n" + "\n".join(f"  {line}" if line else "" for line in body)


@st.composite
def document(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(entry(), st.sampled_from(["", "# comment", "  # indented comment"])), max_size=5))
    return "\n".join(parts) + draw(st.sampled_from(["\n", "\n\n", ""]))


@SETTINGS
@given(document())
def test_generated_documents_match_libyaml_when_accepted(text: str) -> None:
    assert_like_libyaml(text)


MUTATIONS = "ab :#,-'\"\\[]{}|>&*!\n 01~"


@SETTINGS
@given(
    st.sampled_from(record_texts()[:50]),
    st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(MUTATIONS), st.booleans()), min_size=1, max_size=3),
)
def test_mutated_records_match_libyaml_when_accepted(path: Path, edits: list[tuple[int, str, bool]]) -> None:
    text = path.read_text(encoding="utf-8")
    for where, char, insert in edits:
        at = where % (len(text) + 1)
        text = text[:at] + char + text[at + (0 if insert else 1) :]
    try:
        yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        assert read_flat(text) is None, text  # what libyaml refuses the reader never accepts
        return
    except ValueError:  # a date libyaml's loader cannot build
        assert read_flat(text) is None, text
        return
    assert_like_libyaml(text)


def test_a_problem_in_a_flat_file_is_located_through_libyaml() -> None:
    text = "# header\nid: x\ntitle: T\nauthors: [A B]\nyear: 2020\nvenue: {id: arxiv, pages: x}\n"
    doc = parse_yaml(text.encode(), "p.yaml")
    assert doc.node is None  # read flat: no node graph yet
    assert doc.marks.find(("venue", "pages")) == (6, 27)
    assert doc.positions(frozenset({"venue"})) == {
        ("venue",): (6, 8),
        ("venue", "id"): (6, 13),
        ("venue", "pages"): (6, 27),
    }


def test_dates_are_dates_not_datetimes() -> None:
    flat = read_flat("added: 2026-11-20\n")
    assert flat is not None
    assert type(flat[0]["added"]) is dt.date
