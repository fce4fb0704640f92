"""The record models: field rules and messages."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError, WrapValidator

from effplm_catalog import models
from effplm_catalog.loader import parse_yaml
from effplm_catalog.model_problems import validate_model
from effplm_catalog.models import Paper

from .conftest import GOOD_RECORD


def problems(text: str) -> list[str]:
    doc = parse_yaml(text.encode(), "p.yaml")
    validate_model(doc, Paper)
    return [f"{p.line}:{p.column} {p.code} {p.message}" for p in doc.problems]


def with_line(key: str, value: str) -> str:
    lines = [line for line in GOOD_RECORD.splitlines() if not line.startswith(f"{key}:")]
    return "\n".join([*lines, f"{key}: {value}"]) + "\n"


def test_unknown_key_suggests_the_closest_field() -> None:
    assert problems(GOOD_RECORD + "titel: x\n") == ["9:1 unknown-key unknown key 'titel'; did you mean 'title'?"]


def test_unknown_nested_key_suggests_within_its_model() -> None:
    found = problems(GOOD_RECORD + "links: {arxv: '1910.01108'}\n")
    assert found == ["9:9 unknown-key unknown key 'links.arxv'; did you mean 'arxiv'?"]


def test_unknown_key_without_close_match_lists_allowed_keys() -> None:
    (found,) = problems(GOOD_RECORD.replace("venue: {id: acl}", "venue: {id: acl, zzz: 1}"))
    assert "unknown key 'venue.zzz'; allowed keys: id, year, track, pages" in found


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("year", "3020", "year: Input should be less than or equal to"),
        ("year", "'2020'", "year: Input should be a valid integer"),
        ("year", "2020a", "year: Input should be a valid integer"),
        ("authors", "[Jane Doe, '']", "authors[1]: String should have at least 1 character"),
        ("authors", "[Jane Doe, et al.]", "is not an author"),
        ("authors", "[Jane Doe, and John Roe]", "stray 'and'"),
        ("authors", "[]", "authors: List should have at least 1 item"),
        ("title", "'  padded'", "title: must not start or end with spaces"),
        ("title", '"two\\nlines"', "title: must be a single line"),
        ("links", "{code: 'javascript:alert(1)'}", "links.code: must be an http(s) URL"),
        ("links", "{paper: 'data:text/html,x'}", "links.paper: must be an http(s) URL"),
        ("links", "{project: 'file:///etc/passwd'}", "links.project: must be an http(s) URL"),
        ("links", "{arxiv: '1910.1'}", "links.arxiv: is not an arXiv ID"),
        ("links", "{doi: 'doi.org/x'}", "links.doi: is not a DOI"),
        ("links", "{acl: 'acl-2020'}", "links.acl: is not an ACL Anthology ID"),
        ("category", "Knowledge Distillation", "category: must be a lowercase slug"),
        ("categories", "[pruning]", "must not repeat the primary category"),
        ("sources", "[list-a, list-a]", "sources: each value may appear once"),
        ("added", "'yesterday'", "added: Input should be a valid date"),
        ("id", "../etc/passwd", "id: must be a lowercase slug"),
    ],
)
def test_field_rules(key: str, value: str, fragment: str) -> None:
    found = problems(with_line(key, value))
    assert any(fragment in f for f in found), found


def test_arxiv_versions_are_dropped() -> None:
    doc = parse_yaml((GOOD_RECORD + "links: {arxiv: 1910.01108v4}\n").encode(), "p.yaml")
    paper = validate_model(doc, Paper)
    assert paper is not None and paper.links.arxiv == "1910.01108"


def test_urls_from_ids() -> None:
    data: dict[str, Any] = parse_yaml(GOOD_RECORD.encode(), "p.yaml").data
    paper = Paper.model_validate({**data, "links": {"acl": "2021.naacl-main.162"}})
    assert paper.primary_url() == "https://aclanthology.org/2021.naacl-main.162/"
    assert paper.pdf_url() == "https://aclanthology.org/2021.naacl-main.162.pdf"


# Lists of authors are checked in one call when every author is clearly fine; the per-item
# validators run otherwise. Both ways must agree on every input.
NAMES = st.one_of(
    st.sampled_from(
        ["Ada Lovelace", "et al.", "Others", "and Bob", "Bob and", "Ann, Lee", "{\\'E}mile", " Ann", "Ann ", "A\tB"]
    ),
    st.sampled_from(["Zoë Ng", "Zoe\u0308 Ng", "Ｋim", "\u00a0Ann", "Ann\u2003", "x" * 201, "ok-name", "", "a\nb"]),
    st.text(max_size=12),
)


def _outcome(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return ("ok", adapter.validate_python(value, strict=True))
    except ValidationError as exc:
        return ("error", [(e["loc"], e["type"], e["msg"]) for e in exc.errors(include_url=False)])


def _as_in_the_model(name: str) -> TypeAdapter[Any]:
    """The field's type with its constraints, as the model validates it (one call per list)."""
    info = Paper.model_fields[name]
    form: Any = Annotated[(info.annotation, *info.metadata)]  # built at run time: no static type
    return TypeAdapter(form)


def _item_by_item(name: str, item: Any) -> TypeAdapter[Any]:
    """The same list checked by the item validators alone."""
    info = Paper.model_fields[name]
    constraints = [m for m in info.metadata if not isinstance(m, WrapValidator)]
    assert len(constraints) < len(info.metadata)  # the model does check the list in one call
    form: Any = Annotated[(list[item], *constraints)]
    return TypeAdapter(form)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NAMES, st.integers(), st.none()), max_size=6))
def test_author_lists_are_judged_as_item_by_item(value: list[Any]) -> None:
    assert _outcome(_as_in_the_model("authors"), value) == _outcome(_item_by_item("authors", models.AuthorName), value)


def test_a_bad_slug_in_a_list_is_located_with_the_catalog_message() -> None:
    (found,) = problems(with_line("sources", "[survey, Not_A_Slug]"))
    assert found.endswith("invalid-value sources[1]: must be a lowercase slug: letters, digits and single hyphens")
    assert found.startswith("8:19 ")  # the item itself


def test_a_slug_with_a_final_newline_is_refused() -> None:
    (found,) = problems(with_line("category", '"pruning\\n"'))
    assert "category: must be a lowercase slug" in found
