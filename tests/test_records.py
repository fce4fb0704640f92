"""Loading records: the cache never serves stale data; rebuilt records equal validated ones."""

from __future__ import annotations

import marshal
import os
import time
from pathlib import Path
from typing import Any

import pytest

from effplm_catalog import SCHEMA_VERSION, forking, index, records
from effplm_catalog.catalog import Project, load_catalog, quick_validate
from effplm_catalog.errors import InvalidCatalog
from effplm_catalog.models import Links, Paper, Venue

from .conftest import REPO, write


@pytest.fixture(autouse=True)
def with_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EFFPLM_NO_CACHE", raising=False)


def record_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from now on (not taken from the cache)."""
    parsed: list[str] = []
    real = records.load_file

    def load_file(raw: bytes, shown: str, *rest: Any) -> Any:
        parsed.append(shown)
        return real(raw, shown, *rest)

    monkeypatch.setattr(records, "load_file", load_file)
    return parsed


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The forks made during a test: the parallel paths fork only when no other thread runs,
    so a test of them must see that they did."""
    made: list[int] = []
    real = os.fork

    def fork() -> int:
        made.append(1)
        return real()

    monkeypatch.setattr(os, "fork", fork)
    return made


def touch_later(path: Path, text: str) -> None:
    """Rewrite a file as an editor would, with a time stamp the cache has not seen."""
    path.write_text(text, encoding="utf-8")
    later = time.time_ns() + 5_000_000_000
    os.utime(path, ns=(later, later))


def age_cache(project: Project) -> None:
    """Make the cache look written long after the files (so stat shortcuts are trusted)."""
    path = project.root / ".effplm-cache" / "records.bin"
    data = marshal.loads(path.read_bytes())
    data["written_ns"] = time.time_ns() + 60_000_000_000
    path.write_bytes(marshal.dumps(data))


def test_construct_matches_model_construct(catalog: object) -> None:
    for paper in catalog.papers:  # type: ignore[attr-defined]
        state = paper.model_dump(mode="json", exclude_unset=True)
        rebuilt = records.paper_from_state({"paper": state, "positions": []})
        assert rebuilt == paper
        assert rebuilt.model_fields_set == paper.model_fields_set
        assert rebuilt.venue.model_fields_set == paper.venue.model_fields_set
        expected = Paper.model_construct(
            _fields_set=paper.model_fields_set,
            **{
                **dict(paper),
                "venue": Venue.model_construct(**dict(paper.venue)),
                "links": Links.model_construct(**dict(paper.links)),
            },
        )
        assert rebuilt == expected and rebuilt.model_dump() == expected.model_dump()


def test_warm_load_uses_the_cache(project: Project) -> None:
    first = load_catalog(project)
    assert (project.root / ".effplm-cache" / "records.bin").is_file()
    second = load_catalog(project)
    assert [p.model_dump() for p in second.papers] == [p.model_dump() for p in first.papers]
    assert quick_validate(project) == (5, [])


def test_a_changed_record_is_seen(project: Project) -> None:
    load_catalog(project)
    age_cache(project)
    path = project.papers_dir / "xin-2020-early.yaml"
    touch_later(path, path.read_text().replace("year: 2020", "year: 2021"))
    assert quick_validate(project) is None
    assert load_catalog(project).by_id["xin-2020-early"].year == 2021
    assert quick_validate(project) == (5, [])


def test_a_change_within_the_same_second_and_size_is_seen(project: Project) -> None:
    load_catalog(project)  # the cache is written now: files changed "now" are racy and get hashed
    path = project.papers_dir / "xin-2020-early.yaml"
    st = path.stat()
    path.write_text(path.read_text().replace("year: 2020", "year: 2019"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time stamp
    assert load_catalog(project).by_id["xin-2020-early"].year == 2019


def test_added_and_removed_files_are_seen(project: Project) -> None:
    load_catalog(project)
    age_cache(project)
    stray = project.papers_dir / "Notes.yaml"
    stray.write_text("title: not a record\n", encoding="utf-8")
    assert quick_validate(project) is None
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project)
    assert [(p.path, p.code) for p in info.value.problems] == [("papers/Notes.yaml", "file-name")]
    found = quick_validate(project)
    assert found is not None and [p.code for p in found[1]] == ["file-name"]
    stray.unlink()
    assert quick_validate(project) is None
    (project.papers_dir / "xin-2020-early.yaml").unlink()
    assert quick_validate(project) is None
    assert len(load_catalog(project)) == 4
    assert quick_validate(project) == (4, [])


@pytest.mark.parametrize("child", ["answers", "fails"])
def test_a_change_is_seen_whichever_process_stats_the_file(
    project: Project, monkeypatch: pytest.MonkeyPatch, child: str, forks: list[int]
) -> None:
    """The quick check splits the stats between two processes from PARALLEL_STATS files on;
    a changed file is seen in either half, and a checking process that fails is covered."""
    monkeypatch.setattr(index, "PARALLEL_STATS", 2)
    parent, real_check = os.getpid(), index._check_stats

    def check(*args: Any) -> Any:
        if child == "fails" and os.getpid() != parent:
            raise RuntimeError("the checking process dies")
        return real_check(*args)

    monkeypatch.setattr(index, "_check_stats", check)
    load_catalog(project)
    age_cache(project)
    assert quick_validate(project) == (5, [])
    assert forks, "the check did not fork"
    for path in sorted(project.papers_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        touch_later(path, text.replace("title: ", "title: Changed ", 1))
        assert quick_validate(project) is None, path.name
        touch_later(path, text)  # the content the cache knows, with a new stat: hashed and trusted again
        assert quick_validate(project) == (5, []), path.name


def test_a_directory_named_like_a_record_does_not_defeat_the_quick_check(project: Project) -> None:
    (project.papers_dir / "drafts.yaml").mkdir()  # not a file: no record, as a full load sees it
    assert len(load_catalog(project)) == 5
    age_cache(project)
    assert quick_validate(project) == (5, [])


def test_validating_some_files_keeps_the_rest_cached(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(project)
    age_cache(project)
    one = project.papers_dir / "xin-2020-early.yaml"
    assert len(load_catalog(project, [one])) == 1  # as a pre-commit hook does
    assert quick_validate(project, [one]) == (1, [])
    assert quick_validate(project) is None  # the last result was for one file
    parsed = record_parsing(monkeypatch)
    assert len(load_catalog(project)) == 5
    assert parsed == []  # every record still came from the cache
    assert quick_validate(project) == (5, [])


def test_a_changed_vocabulary_entry_is_seen(project: Project) -> None:
    load_catalog(project)
    age_cache(project)
    assert quick_validate(project) == (5, [])
    taxonomy = project.vocab_dir / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text().replace("id: pruning", "id: sparsification"))
    assert quick_validate(project) is None
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project)
    assert {p.code for p in info.value.problems} == {"unknown-category"}
    found = quick_validate(project)
    assert found is not None and {p.code for p in found[1]} == {"unknown-category"}


def test_a_new_schema_version_drops_the_cache(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(project)
    age_cache(project)
    assert quick_validate(project) == (5, [])
    monkeypatch.setattr(index, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    assert quick_validate(project) is None  # the salt changed: nothing cached is trusted
    parsed = record_parsing(monkeypatch)
    load_catalog(project, jobs=1)
    assert len(parsed) == 5


def test_problems_are_cached_and_cleared(project: Project) -> None:
    write(project.papers_dir / "broken.yaml", "title: [\n")
    for _ in range(2):
        with pytest.raises(InvalidCatalog):
            load_catalog(project)
    found = quick_validate(project)
    assert found is not None and found[1][0].code == "yaml-syntax"
    (project.papers_dir / "broken.yaml").unlink()
    assert len(load_catalog(project)) == 5


def test_a_damaged_cache_is_ignored(project: Project) -> None:
    load_catalog(project)
    for name in ("records.bin", "records-results.bin"):
        (project.root / ".effplm-cache" / name).write_bytes(b"\x00garbage")
    assert len(load_catalog(project)) == 5


def test_parallel_and_sequential_loads_agree(
    project: Project, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("EFFPLM_NO_CACHE", "1")  # every file parsed, by the workers or here
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 1)
    parallel = load_catalog(project, jobs=2)
    assert forks
    sequential = load_catalog(project, jobs=1)
    assert [p.model_dump() for p in parallel.papers] == [p.model_dump() for p in sequential.papers]


def test_files_a_worker_fails_to_send_are_loaded_here(
    project: Project, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setenv("EFFPLM_NO_CACHE", "1")
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(records, "CHUNK", 1)
    parent, real = os.getpid(), records._drain

    def dying_child(queue: int, chunks: Any, view: Any) -> Any:
        if os.getpid() != parent:
            time.sleep(0.05)  # let the parent start too
            os.read(queue, 4)  # take a chunk of work and die with it
            os._exit(3)
        time.sleep(0.2)  # leave the child time to take its chunk
        return real(queue, chunks, view)

    monkeypatch.setattr(records, "_drain", dying_child)
    loaded = load_catalog(project, jobs=2)
    assert len(loaded) == 5 and len({p.id for p in loaded.papers}) == 5
    assert forks


@pytest.mark.parametrize("jobs, child", [(1, ""), (2, "answers"), (2, "dies before its views")])
def test_readme_entries_made_while_loading_match_the_catalog_readme(
    jobs: int, child: str, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    """The README from entries each loading process made (forked ones too, after sending their
    rows: papers/ holds over PARALLEL_THRESHOLD records) is the README rendered from the papers;
    entries a child does not send are made here."""
    from effplm_catalog.catalog import load_records
    from effplm_catalog.render.readme import readme_view, record_parts, render_parts, render_readme

    monkeypatch.setenv("EFFPLM_NO_CACHE", "1")  # every file parsed; nothing written into the repository
    project = Project(REPO)
    assert len(project.record_names()) >= records.PARALLEL_THRESHOLD
    parent, real_send = os.getpid(), forking.send
    sent: list[int] = []

    def send(fd: int, payload: bytes) -> None:
        if os.getpid() != parent:
            sent.append(1)
            if child == "dies before its views" and len(sent) == 2:
                os._exit(3)
        real_send(fd, payload)

    monkeypatch.setattr(forking, "send", send)
    made_after: list[int] = []
    real_make = records.make_views

    def make_views(todo: Any, view: Any) -> None:
        made_after.append(len(todo))
        real_make(todo, view)

    monkeypatch.setattr(records, "make_views", make_views)
    loaded, vocab = load_records(project, jobs=jobs, view=readme_view)
    assert bool(forks) == (jobs > 1)
    assert all(r.view is not None for r in loaded)
    if child == "dies before its views":
        assert 0 < made_after[0] < len(loaded)  # the child's records, whose rows did arrive
    else:
        assert made_after == [0]  # EFFPLM_NO_CACHE: every entry made where its record was parsed
    from_views = render_parts(record_parts(loaded, vocab), project.templates_dir)
    assert from_views == render_readme(load_catalog(project), project.templates_dir)
    assert from_views == (REPO / "README.md").read_text(encoding="utf-8")


def test_an_invalid_catalog_stops_the_children_making_views(
    project: Project, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from effplm_catalog.catalog import load_records
    from effplm_catalog.render.readme import readme_view

    monkeypatch.setenv("EFFPLM_NO_CACHE", "1")
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 1)
    (project.papers_dir / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(InvalidCatalog):
        load_records(project, jobs=2, view=readme_view)
    assert forks
    with pytest.raises(ChildProcessError):  # every forked process was waited for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("child", ["answers", "fails"])
def test_entries_of_cached_records_are_made_in_two_processes(
    project: Project, monkeypatch: pytest.MonkeyPatch, forks: list[int], child: str
) -> None:
    """A warm load makes the README entries of records from the cache after loading, half of
    them in a forked process (or all here, when that process fails)."""
    from effplm_catalog.catalog import load_records
    from effplm_catalog.render.readme import readme_view, record_parts, render_parts, render_readme

    load_catalog(project)  # the cache now holds every record
    monkeypatch.setattr(records, "PARALLEL_THRESHOLD", 2)
    parent, real_send = os.getpid(), forking.send

    def send(fd: int, payload: bytes) -> None:
        if child == "fails" and os.getpid() != parent:
            os._exit(3)
        real_send(fd, payload)

    monkeypatch.setattr(forking, "send", send)
    parsed = record_parsing(monkeypatch)
    loaded, vocab = load_records(project, view=readme_view)
    assert parsed == [] and forks  # nothing parsed; the entries were shared out
    assert all(r.view is not None for r in loaded)
    expected = render_readme(load_catalog(project), project.templates_dir)
    assert render_parts(record_parts(loaded, vocab), project.templates_dir) == expected
