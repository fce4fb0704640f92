"""The README: a golden file for the test catalog, determinism, escaping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.models import Links
from effplm_catalog.render import md_escape, md_url, render_readme
from effplm_catalog.render.markdown import scholar_search
from effplm_catalog.render.readme import Entry, EntryMaker

from ..conftest import DATA

GOLDEN = DATA / "golden" / "README.md"


def test_readme_matches_golden_file(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    if os.environ.get("EFFPLM_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_readme_is_deterministic_whatever_the_file_order(project: Project, catalog: Catalog, tmp_path: Path) -> None:
    first = render_readme(catalog, project.templates_dir)
    again = render_readme(load_catalog(project), project.templates_dir)
    reversed_catalog = Catalog(list(reversed(catalog.papers)), catalog.vocab)
    assert first == again == render_readme(reversed_catalog, project.templates_dir)


def test_data_cannot_break_the_list(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    block = text[text.index("- [Tricky") :].split("\n\n")[0]
    assert " ".join(line.strip() for line in block.splitlines()) == (
        r"- [Tricky \| Title with \*stars\*, \_underscores\_, \[brackets\](javascript:alert(1)) and "
        r"\<script\>x\</script\>][schutze-2021-tricky] - Hinrich Schütze, Róbert Csordás, and Jane \`Back\` Doe. "
        r"arXiv 2021."
    )
    assert "\n[schutze-2021-tricky]: https://example.org/paper%281%29.pdf\n" in text
    assert "<script>" not in text


def test_each_paper_is_listed_once_with_its_further_categories(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    assert text.count("][michel-2019-sixteen] -") == 1
    block = text[text.index("- [Are Sixteen") :].split("\n\n")[0]
    assert "Also in Efficient Attention." in " ".join(block.split())
    assert "### Efficient Attention" not in text  # its only paper is listed under Pruning


def test_lines_are_wrapped_at_80_columns_except_unbreakable_urls(catalog: Catalog, project: Project) -> None:
    text = render_readme(catalog, project.templates_dir)
    for line in text.splitlines():
        if len(line) > 80:
            assert line.startswith(("[", "# ", "python3 -m venv")) or " " not in line.strip()[80:], line


def test_wrap_keeps_markdown_structure() -> None:
    from effplm_catalog.render.markdown import wrap

    item = "- [A title][id] - " + "word " * 15 + "- not a list " + "1. not a number"
    wrapped = wrap(item, width=30)
    assert all(not line.lstrip().startswith(("- ", "1. ")) for line in wrapped.splitlines()[1:])
    assert " ".join(wrapped.split()) == " ".join(item.split())
    assert wrap("- [Title that is long][x] - Authors here", width=24).splitlines()[1].startswith("  long][x] - Authors")


def test_md_escape() -> None:
    assert md_escape("# heading") == r"\# heading"
    assert md_escape("a &amp; b & c") == r"a \&amp; b & c"
    assert md_escape("<!-- x -->") == r"\<!-- x --\>"
    assert md_url("https://x.org/a b(c)") == "https://x.org/a%20b%28c%29"


IDENTIFIERS = {
    "arxiv": "2004.12993",
    "acl": "2020.acl-main.204",
    "doi": "10.1016/s0140-6736(20)30183-5",  # parentheses: encoded in the link destination
    "openreview": "SylO2yStDr",
    "paper": "https://example.org/paper(1).pdf",
    "code": "https://github.com/example/code_(v2)",
    "project": "https://example.org/project_(demo)",
}


def _links_of(entry: Entry) -> list[str]:
    return entry.definitions.splitlines()


@pytest.mark.parametrize("present", range(1 << len(IDENTIFIERS)))
def test_entry_links_follow_the_paper_rules(catalog: Catalog, present: int) -> None:
    """Every combination of identifiers and URLs: the entry's title link is the paper's primary URL
    and the links after it (arXiv page, PDF, code, project) are those the paper's methods give."""
    paper = catalog.papers[0]
    links = {k: v for i, (k, v) in enumerate(IDENTIFIERS.items()) if present >> i & 1}
    if present % 3 == 0 and "paper" in links and "code" in links:
        links["code"] = links["paper"]  # a link equal to the title link is not repeated
    paper = paper.model_copy(update={"links": Links(**links)})
    url = paper.primary_url()
    expected = [f"[{paper.id}]: {md_url(url or scholar_search(paper.title))}"]
    shown = []
    for name, ref, href in (
        ("arXiv", "arxiv", paper.links.landing_urls().get("arxiv")),
        ("PDF", "pdf", paper.pdf_url()),
        ("Code", "code", paper.links.code),
        ("Project", "project", paper.links.project),
    ):
        if href and href != url:
            shown.append(f"[{name}][{paper.id}-{ref}]")
            expected.append(f"[{paper.id}-{ref}]: {md_url(href)}")
    entry = EntryMaker(catalog.vocab)(paper)
    assert _links_of(entry) == expected
    item = " ".join(entry.item.split())
    assert item.endswith(f" {' · '.join(shown)}." if shown else ".")
