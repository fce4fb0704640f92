"""A record agrees with its identifiers; a person is spelled one way across the catalog."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.cli import main
from effplm_catalog.errors import InvalidCatalog
from effplm_catalog.ids import last_name, slugify

from .conftest import GOOD_RECORD, write


def problems_of(project: Project) -> list[str]:
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project)
    return [p.format_text() for p in info.value.problems]


def record(
    pid: str, *, authors: str = "[Jane Doe]", extra: str = "", venue: str = "{id: acl}", year: int = 2020
) -> str:
    return (
        GOOD_RECORD.replace("doe-2020-example", pid)
        .replace("An Example Paper", f"Paper {pid}")
        .replace("[Jane Doe]", authors)
        .replace("{id: acl}", venue)
        .replace("year: 2020", f"year: {year}")
        + extra
    )


def put(project: Project, word: str, *, authors: str = "[Jane Doe]", year: int = 2020, **kw: str) -> str:
    """Write a record whose id follows the id rule; its id."""
    first = authors.strip("[]").split(",")[0].strip()
    pid = f"{slugify(last_name(first))}-{year}-{word}"
    write(project.papers_dir / f"{pid}.yaml", record(pid, authors=authors, year=year, **kw))
    return pid


def test_an_arxiv_id_posted_after_the_records_year_is_an_error(project: Project) -> None:
    write(project.papers_dir / "doe-2020-late.yaml", record("doe-2020-late", extra='links: {arxiv: "2103.02143"}\n'))
    (found,) = problems_of(project)
    assert found.startswith(
        "papers/doe-2020-late.yaml:9:16: error[arxiv-after-year]: arXiv 2103.02143 was posted in 2021"
    )


def test_notes_naming_the_arxiv_id_explain_a_later_preprint(project: Project) -> None:
    notes = 'links: {arxiv: "2103.02143"}\nnotes: The extended version, arXiv 2103.02143, came later.\n'
    write(project.papers_dir / "doe-2020-late.yaml", record("doe-2020-late", extra=notes))
    assert "doe-2020-late" in load_catalog(project).by_id


@pytest.mark.parametrize(
    ("acl", "venue", "year", "code"),
    [
        ("2021.acl-long.3", "{id: acl}", 2020, "acl-id-year"),
        ("2020.findings-emnlp.99", "{id: acl, track: findings}", 2020, "acl-id-venue"),
        ("P19-1580", "{id: emnlp}", 2019, "acl-id-venue"),
    ],
)
def test_an_acl_anthology_id_must_agree_with_year_and_venue(
    project: Project, acl: str, venue: str, year: int, code: str
) -> None:
    put(project, "acl", extra=f"links: {{acl: {acl}}}\n", venue=venue, year=year)
    (found,) = problems_of(project)
    assert f"error[{code}]: ACL Anthology ID {acl} is of" in found


def test_workshop_volumes_of_a_conference_letter_are_not_the_conference(project: Project) -> None:
    write(
        project.papers_dir / "doe-2019-wngt.yaml",
        record("doe-2019-wngt", extra="links: {acl: D19-5632}\n", venue="{id: sustainlp}", year=2019),
    )
    assert "doe-2019-wngt" in load_catalog(project).by_id


def test_pages_on_a_preprint_are_an_error(project: Project) -> None:
    write(project.papers_dir / "doe-2020-pages.yaml", record("doe-2020-pages", venue="{id: arxiv, pages: 1--9}"))
    (found,) = problems_of(project)
    assert "error[pages-on-preprint]: arXiv has no pages" in found


def test_two_spellings_of_one_person_are_a_warning_on_the_rarer_one(project: Project) -> None:
    put(project, "one", authors="[Quoc V. Le, Ann Bo]")
    put(project, "two", authors="[Quoc V. Le, Ann Bo]")
    put(project, "three", authors="[Quoc Le]")
    catalog = load_catalog(project)  # a warning does not make the catalog invalid
    (warning,) = [p.format_text() for p in catalog.warnings]
    assert warning.startswith(
        "papers/le-2020-three.yaml:3:11: warning[name-variant]: 'Quoc Le' is probably 'Quoc V. Le' (papers/le-2020-one.yaml:3:11)"
    )


def test_given_names_that_only_begin_alike_are_different_people(project: Project) -> None:
    put(project, "one", authors="[Wei Chen, Ann Bo]")
    put(project, "two", authors="[Weizhu Chen, Ann Bo]")
    assert load_catalog(project).warnings == []


def test_shortened_names_warn_only_with_a_coauthor_or_category_in_common(project: Project) -> None:
    put(project, "one", authors="[Jeffrey Dean]")
    write(
        project.papers_dir / "dean-2020-two.yaml",
        record("dean-2020-two", authors="[Jeff Dean]").replace("category: pruning", "category: quantization"),
    )
    assert load_catalog(project).warnings == []
    put(project, "two", authors="[Jeff Dean]")
    assert [p.code for p in load_catalog(project).warnings] == ["name-variant"]


def test_people_listed_as_different_are_not_warned_about(project: Project) -> None:
    put(project, "one", authors="[Sam Lee]")
    put(project, "two", authors="[Samuel Lee]")
    assert [p.code for p in load_catalog(project).warnings] == ["name-variant"]
    people = project.vocab_dir / "people.yaml"
    people.write_text(people.read_text() + "  - [Sam Lee, Samuel Lee]\n")
    assert load_catalog(project).warnings == []


def test_validate_prints_warnings_and_passes(project: Project) -> None:
    put(project, "one", authors="[Quoc V. Le]")
    put(project, "two", authors="[Quoc Le]")
    result = CliRunner().invoke(main, ["validate", "--root", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "warning[name-variant]" in result.stdout
    assert result.stderr == "effplm: 7 records valid (1 warning)\n"


@pytest.mark.parametrize("last", ["Basil Hosmer et al", "Basil Hosmer et al.", "Basil Hosmer Et Al."])
def test_an_author_list_cut_short_with_et_al_is_a_warning_that_says_what_to_write(project: Project, last: str) -> None:
    put(project, "cut", authors=f"[Ann Bo, {last}]")
    put(project, "petal", authors="[Ann Bo, Cy Petal]")  # a name that only ends in the letters is no warning
    (warning,) = [p.format_text() for p in load_catalog(project).warnings]
    assert warning == (
        f"papers/bo-2020-cut.yaml:3:19: warning[authors-cut-short]: {last!r} ends in 'et al': the source cut "
        "the author list short; write 'Basil Hosmer' and every author after them (the paper's arXiv or "
        "publisher page lists them)"
    )
