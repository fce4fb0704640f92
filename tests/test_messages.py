"""The commonest mistakes in a hand-written record, each with the message that says the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import GOOD_RECORD, Invoke, write

CASES = [
    (
        "title: An Example Paper",
        "title: Wait: a title with a colon",
        "2:12: error[yaml-syntax]: invalid YAML: mapping values are not allowed in this context; a colon followed "
        'by a space starts a mapping: quote the value, `title: "Wait: a title with a colon"`',
    ),
    (
        "title: An Example Paper",
        'title: "..."',
        "2:8: error[invalid-value]: title: '...' is a placeholder: write the real value",
    ),
    (
        "authors: [Jane Doe]",
        "authors: [Jane Doe and Bob Roe]",
        "3:11: error[invalid-value]: authors[0]: 'Jane Doe and Bob Roe' looks like two authors: list 'Jane Doe' and 'Bob Roe' separately",
    ),
    (
        "authors: [Jane Doe]",
        "authors: [...]",
        "3:11: error[invalid-value]: authors[0]: '...' is a placeholder: write the real value",
    ),
    (
        "year: 2020",
        'year: "2020"',
        "4:7: error[invalid-type]: year: Input should be a valid integer: remove the quotes, `year: 2020`",
    ),
    (
        "venue: {id: acl}",
        "venue: Findings of EMNLP 2020",
        "5:8: error[invalid-type]: venue: 'Findings of EMNLP 2020' is free text; write `venue: {id: emnlp, track: findings, year: 2020}`",
    ),
    (
        "venue: {id: acl}",
        "venue: {id: emnlp-findings}",
        "5:13: error[unknown-venue]: unknown venue 'emnlp-findings': the track is a field of its own, `venue: {id: emnlp, track: findings}`",
    ),
    (
        "sources: [list-a]",
        "links: {arxiv: 2010.10010}\nsources: [list-a]",
        '7:16: error[invalid-type]: links.arxiv: Input should be a valid string (YAML read 2010.10010 as the number 2010.1001): quote it, `arxiv: "2010.10010"`',
    ),
    (
        "sources: [list-a]",
        "links: {arxiv: https://arxiv.org/abs/2010.10010}\nsources: [list-a]",
        '7:16: error[invalid-value]: links.arxiv: is an arXiv URL: write the ID alone, `arxiv: "2010.10010"` (run `effplm fmt` to fix it)',
    ),
    (
        "sources: [list-a]",
        "links: {doi: https://doi.org/10.18653/v1/2020.acl-main.1}\nsources: [list-a]",
        "7:14: error[invalid-value]: links.doi: is a URL: write the DOI alone, `10.18653/v1/2020.acl-main.1` (run `effplm fmt` to fix it)",
    ),
    (
        "added: 2026-11-20",
        "added: 2999-01-01",
        "8:8: error[invalid-value]: added: 2999-01-01 is in the future: give the day the record is added",
    ),
    (
        "year: 2020\n",
        "",
        "1:1: error[missing-key]: required key 'year' is missing: add `year: ...`, publication year.",
    ),
    (
        "added: 2026-11-20",
        'added: "2026-11-31"',
        "8:8: error[invalid-type]: added: Input should be a valid date: 2026-11-31 is not a day of the calendar; write the date as YYYY-MM-DD",
    ),
    (
        "category: pruning",
        "category: pruning\n\ttags: [x]",
        "7:1: error[yaml-syntax]: invalid YAML: while scanning a plain scalar found a tab character that violates indentation; the file uses a tab at line 7: indent with spaces",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES, ids=[c[1][:30] for c in CASES])
def test_a_common_mistake_gets_a_message_with_its_fix(
    invoke: Invoke, catalog_dir: Path, old: str, new: str, expected: str
) -> None:
    path = write(catalog_dir / "papers" / "doe-2020-example.yaml", GOOD_RECORD.replace(old, new))
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert f"papers/doe-2020-example.yaml:{expected}" in result.stdout.splitlines()


def test_an_id_that_breaks_the_id_rule_is_an_error_with_the_id_to_use(invoke: Invoke, catalog_dir: Path) -> None:
    text = GOOD_RECORD.replace("doe-2020-example", "example-2020-doe")
    write(catalog_dir / "papers" / "example-2020-doe.yaml", text)
    result = invoke("validate")
    assert result.exit_code == 1
    assert (
        "papers/example-2020-doe.yaml:1:5: error[id-rule]: id 'example-2020-doe' breaks the id rule (first author's "
        "family name, year, first content word of the title): rename the file and the id to 'doe-2020-example'"
    ) in result.stdout


def test_fmt_fixes_what_is_safe_to_fix(invoke: Invoke, catalog_dir: Path) -> None:
    text = GOOD_RECORD.replace(
        "sources: [list-a]",
        "links:\n  arxiv: https://arxiv.org/abs/2010.10010v2\n  doi: https://doi.org/10.5555/X1\nsources: [list-a]",
    )
    path = catalog_dir / "papers" / "doe-2020-example.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert invoke("fmt", str(path)).exit_code == 0
    fixed = path.read_bytes()
    assert not fixed.startswith(b"\xef\xbb\xbf") and b"\r" not in fixed
    assert b'  arxiv: "2010.10010"\n  doi: 10.5555/X1\n' in fixed
    assert invoke("validate", str(path)).exit_code == 0


def test_a_quoted_date_and_a_decomposed_accent_are_the_same_record_and_fmt_writes_them_plainly(
    invoke: Invoke, catalog_dir: Path
) -> None:
    # The JSON Schema cannot tell these forms apart, so neither does validate (#15: they agree).
    text = GOOD_RECORD.replace("added: 2026-11-20", 'added: "2026-11-20"\nverified: "2026-11-21"')
    text = text.replace("[Jane Doe]", "[Jose\u0301 Doe]")
    path = write(catalog_dir / "papers" / "doe-2020-example.yaml", text)
    assert invoke("validate", str(path)).exit_code == 0
    check = invoke("fmt", "--check", str(path))
    assert check.exit_code == 1 and "would reformat papers/doe-2020-example.yaml" in check.output
    assert invoke("fmt", str(path)).exit_code == 0
    fixed = path.read_text(encoding="utf-8")
    assert "added: 2026-11-20\n" in fixed and "verified: 2026-11-21\n" in fixed and "[Jos\u00e9 Doe]" in fixed


def test_vocabulary_problems_are_reported_with_the_other_errors_of_a_record(invoke: Invoke, catalog_dir: Path) -> None:
    text = GOOD_RECORD.replace("year: 2020", 'year: "2020"').replace("category: pruning", "category: prunning")
    path = write(catalog_dir / "papers" / "doe-2020-example.yaml", text)
    lines = invoke("validate", str(path)).stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["error[invalid-type]", "error[unknown-category]"]
    assert (
        lines[1]
        == "papers/doe-2020-example.yaml:6:11: error[unknown-category]: unknown category 'prunning'; did you mean 'pruning'?"
    )
