"""Property-based tests: the loader never fails but with problems, fmt is idempotent, BibTeX
round-trips, and the feed and page front matter stay well formed for any text a record accepts."""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from effplm_catalog import bibtex
from effplm_catalog.bibtex_import import import_bibtex
from effplm_catalog.catalog import Catalog
from effplm_catalog.loader import parse_yaml
from effplm_catalog.model_problems import validate_model
from effplm_catalog.models import Paper
from effplm_catalog.problems import Problem
from effplm_catalog.recordfile import dump_paper, format_record
from effplm_catalog.render.about import atom_feed
from effplm_catalog.render.safe import text as html_text
from effplm_catalog.render.site import front_matter
from effplm_catalog.vocab import Vocabulary, load_vocabulary

from .conftest import CATALOG

VOCAB: Vocabulary = load_vocabulary(CATALOG / "vocab")
FAST = settings(
    max_examples=int(__import__("os").environ.get("EFFPLM_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_only_give_problems(raw: bytes) -> None:
    doc = parse_yaml(raw, "x.yaml")
    validate_model(doc, Paper)
    assert all(isinstance(p, Problem) and p.path == "x.yaml" for p in doc.problems)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.dates()
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=30,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=20), st.just("doe-2020-x")),
        "title": st.one_of(st.text(max_size=40), st.integers()),
        "authors": documents,
        "year": st.one_of(st.integers(), st.text(max_size=6)),
        "venue": documents,
        "category": st.text(max_size=10),
        "links": documents,
        "sources": documents,
        "added": st.one_of(st.dates(), st.text()),
    },
)


@FAST
@given(st.one_of(documents, record_like))
def test_arbitrary_yaml_documents_only_give_problems(data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    doc = parse_yaml(text.encode("utf-8"), "x.yaml")
    validate_model(doc, Paper)
    assert all(isinstance(p, Problem) and p.line >= 0 for p in doc.problems)


# Records as people write them: printable text with the characters that need care.
TEXT_ALPHABET = string.ascii_letters + string.digits + " -:,.?!'&()[]*_|#%$~^{}\\\"`/" + "éüßøÅñçœ’“”–—…αβ∞"


def clean_text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return (
        st.text(TEXT_ALPHABET, min_size=min_size, max_size=max_size)
        .map(lambda s: unicodedata.normalize("NFC", " ".join(s.split())))
        .filter(lambda s: bool(s) and s[0].isalnum())
    )


def name_part(max_size: int) -> st.SearchStrategy[str]:
    # The schema keeps commas (Last, First), braces and backslashes (LaTeX) out of names.
    return clean_text(1, max_size).filter(
        lambda s: " " not in s and not set(s) & set(",{}\\") and s.lower() not in ("and", "others", "et", "al.")
    )


names = st.builds(lambda g, f: f"{g} {f}", name_part(12), name_part(15))
arxiv_ids = st.builds(lambda a, b: f"{a:04d}.{b:05d}", st.integers(1001, 2412), st.integers(0, 99999))


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    year = draw(st.integers(1990, 2026))
    venue_id = draw(st.sampled_from(sorted(VOCAB.venue_by_id)))
    kind = VOCAB.venue_by_id[venue_id].kind
    track = (
        "none"
        if kind == "preprint"
        else "workshop"
        if kind == "workshop"
        else draw(st.sampled_from(["main", "findings", "workshop", "short", "demo", "industry"]))
    )
    links: dict[str, str] = {}
    if draw(st.booleans()):
        links["arxiv"] = draw(arxiv_ids)
    if draw(st.booleans()):
        links["doi"] = (
            "10."
            + str(draw(st.integers(1000, 99999)))
            + "/"
            + draw(st.text("abcdefxyz0123456789.-", min_size=1, max_size=12))
        )
    if draw(st.booleans()):
        links["acl"] = (
            f"{year}.{draw(st.sampled_from(['acl-long', 'emnlp-main', 'findings-acl']))}.{draw(st.integers(1, 999))}"
        )
    if not links or draw(st.booleans()):
        links["paper"] = "https://example.org/" + draw(st.text(string.ascii_lowercase + "/_-.", max_size=20))
    notes = draw(st.one_of(st.none(), st.lists(clean_text(1, 30), min_size=1, max_size=3).map("\n".join)))
    return valid_paper(
        {
            "id": "x-2020-paper",
            "title": draw(clean_text(1, 80)),
            "authors": draw(st.lists(names, min_size=1, max_size=6)),
            "year": year,
            "venue": {"id": venue_id, "track": track},
            "category": "pruning",
            "links": links,
            "notes": notes,
            "sources": ["list-a"],
            "added": dt.date(2026, 11, 20),
        }
    )


def valid_paper(data: dict[str, Any]) -> Paper:
    """The paper, or the example rejected when the model refuses it (a drawn title 'NA' or 'TBD'
    is a placeholder): these tests are about what happens to papers a record may hold."""
    try:
        return Paper.model_validate(data)
    except ValidationError:
        reject()


@FAST
@given(papers())
def test_fmt_is_idempotent(paper: Paper) -> None:
    once, problems = format_record(dump_paper(paper).encode(), "x.yaml", paper.id)
    assert problems == [] and once is not None
    twice, _ = format_record(once.encode(), "x.yaml", paper.id)
    assert twice == once
    reread = validate_model(parse_yaml(once.encode(), "x.yaml"), Paper)
    assert reread == paper


@FAST
@given(papers())
def test_bibtex_export_then_import_keeps_title_authors_year_and_identifiers(paper: Paper) -> None:
    catalog = Catalog([paper], VOCAB)
    result = import_bibtex(
        bibtex.export(catalog.vocab, catalog.papers), Catalog([], VOCAB), category="pruning", source="list-a"
    )
    assert result.problems == []
    (back,) = result.papers
    assert (back.title, back.authors, back.year) == (paper.title, paper.authors, paper.year)
    ids = ("arxiv", "doi", "acl")
    assert {k: getattr(back.links, k) for k in ids} == {k: getattr(paper.links, k) for k in ids}


# Any text a record accepts, not only the characters people usually type: the generated site
# files must stay well formed for every title and name the model lets through.
any_text = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


def accepted_paper(title: str, authors: list[str]) -> Paper:
    return valid_paper(
        {
            "id": "x-2020-paper",
            "title": title,
            "authors": authors,
            "year": 2020,
            "venue": {"id": "acl", "track": "main"},
            "category": "pruning",
            "links": {"arxiv": "2001.00001"},
            "sources": ["list-a"],
            "added": dt.date(2026, 11, 20),
        }
    )


@FAST
@given(any_text, st.lists(any_text, min_size=1, max_size=3))
def test_the_feed_is_well_formed_xml_and_keeps_titles_and_names(title: str, authors: list[str]) -> None:
    paper = accepted_paper(title, authors)
    feed = ElementTree.fromstring(atom_feed(Catalog([paper], VOCAB), "https://example.org/").encode("utf-8"))
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = feed.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == paper.title
    assert [a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")] == paper.authors


@FAST
@given(any_text, any_text)
def test_page_front_matter_is_yaml_that_gives_back_the_escaped_title(title: str, description: str) -> None:
    lines = front_matter(title, description, exclude=True)
    meta = yaml.safe_load("\n".join(lines[1 : lines.index("---", 1)]))
    assert meta == {"title": html_text(title), "description": html_text(description), "search": {"exclude": True}}


# Any text at all for the Markdown fields: whitespace of every kind, line ends, astral characters.
any_markdown = st.text(
    st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(" \t\n\r\u00a0\u2003\u3000*[`#>-")),
    min_size=1,
    max_size=60,
)


@FAST
@given(papers(), any_markdown, st.one_of(st.none(), any_markdown))
def test_fmt_keeps_every_value_validate_accepts(paper: Paper, abstract: str, notes: str | None) -> None:
    try:
        drawn = Paper.model_validate({**paper.model_dump(exclude_unset=True), "abstract": abstract, "notes": notes})
    except ValidationError:
        reject()
    formatted, problems = format_record(dump_paper(drawn).encode(), "x.yaml", drawn.id)
    assert problems == [] and formatted is not None
    assert validate_model(parse_yaml(formatted.encode(), "x.yaml"), Paper) == drawn


# A BibTeX style that writes each entry's fields as the real `bibtex` program read them.
_DUMP_BST = """ENTRY { title author year doi eprint } {} {}
FUNCTION {or.empty} { duplicate$ empty$ { pop$ "" } 'skip$ if$ }
FUNCTION {dump} {
  "key=" cite$ * write$ newline$
  "title=" title or.empty * write$ newline$
  "author=" author or.empty * write$ newline$
  "year=" year or.empty * write$ newline$
  "doi=" doi or.empty * write$ newline$
  "eprint=" eprint or.empty * write$ newline$
}
FUNCTION {default.type} { dump }
FUNCTION {article} { dump }
FUNCTION {inproceedings} { dump }
FUNCTION {misc} { dump }
FUNCTION {book} { dump }
FUNCTION {incollection} { dump }
FUNCTION {techreport} { dump }
FUNCTION {phdthesis} { dump }
READ
ITERATE {call.type$}
"""


def _spaced(value: str) -> str:
    return " ".join(value.split())  # bibtex joins a field's lines with single spaces


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(any_text, st.lists(any_text, min_size=1, max_size=3)), min_size=1, max_size=8))
def test_the_real_bibtex_and_bibtexparser_read_the_same_entries_and_fields(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[tuple[str, list[str]]]
) -> None:
    import subprocess

    from bibtexparser.entrypoint import parse_string

    papers = [accepted_paper(t, a).model_copy(update={"id": f"x-2020-paper{i}"}) for i, (t, a) in enumerate(drawn)]
    catalog = Catalog(papers, VOCAB)
    text = bibtex.export(catalog.vocab, catalog.papers)
    work = tmp_path_factory.mktemp("bibtex")
    (work / "refs.bib").write_text(text, encoding="utf-8")
    (work / "dump.bst").write_text(_DUMP_BST, encoding="utf-8")
    (work / "doc.aux").write_text("\\citation{*}\n\\bibstyle{dump}\n\\bibdata{refs}\n", encoding="utf-8")
    proc = subprocess.run(["bibtex", "doc"], cwd=work, capture_output=True, text=True, check=False)
    log = (work / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0 and "Warning" not in log, log
    by_bibtex: dict[str, dict[str, str]] = {}
    # bibtex wraps output lines at 79 columns, going on after two spaces: joined back with one.
    written = re.sub(r"\n  ", " ", (work / "doc.bbl").read_text(encoding="utf-8"))
    for line in written.splitlines():
        name, _, value = line.partition("=")
        if name == "key":
            current = by_bibtex.setdefault(value, {})
        elif value:
            current[name] = " ".join(value.split())
    library = parse_string(text)
    assert library.failed_blocks == []
    by_parser = {
        e.key: {f.key: _spaced(str(f.value)) for f in e.fields if f.key in ("title", "author", "year", "doi", "eprint")}
        for e in library.entries
    }
    assert by_bibtex == by_parser
    assert sorted(by_bibtex) == sorted(catalog.bibtex_keys.values())


@FAST
@given(st.text("=+-@\t\r|!'\" ,;", min_size=1, max_size=3).flatmap(lambda lead: any_text.map(lambda t: lead + t)))
def test_csv_cells_read_back_as_the_text_and_never_start_a_formula(title: str) -> None:
    import csv
    import io

    from effplm_catalog.exports import to_csv

    paper = accepted_paper(title, ["@Jane Doe", "=B Roe"])
    (header, row) = list(csv.reader(io.StringIO(to_csv(Catalog([paper], VOCAB)))))
    cells = dict(zip(header, row, strict=True))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert cells["title"] in (paper.title, "'" + paper.title)  # the text, or the text behind a quote
