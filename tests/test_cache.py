"""The per-file result cache, as users meet it: the same answers warm as cold, whatever happens to it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from effplm_catalog import cache as cache_module
from effplm_catalog.catalog import Project, load_catalog
from effplm_catalog.errors import InvalidCatalog

from .conftest import GOOD_RECORD, write


def cache_file(project: Project) -> Path:
    return project.root / ".effplm-cache" / "records.tsv"


def read_cache(project: Project) -> tuple[str, dict[str, tuple[str, dict[str, Any]]]]:
    """The salt and, by shown path, each file's digest and entry."""
    first, *lines = cache_file(project).read_text(encoding="utf-8").split("\n")
    files = {}
    for line in lines:
        shown, file_digest, _check, text = line.split("\t")
        files[shown] = (file_digest, json.loads(text))
    return json.loads(first), files


def write_cache(
    project: Project, salt: str, files: dict[str, tuple[str, dict[str, Any]]], *, checked: bool = True
) -> None:
    """Entries as the cache writes them (``checked``: with the check it computes, as if this code
    had written them; else with a stale one, as a hand edit or a damaged disk leaves them)."""

    def line(shown: str, file_digest: str, entry: dict[str, Any]) -> str:
        text = json.dumps(entry)
        check = cache_module.digest(f"{salt}\t{file_digest}\t{text}".encode()) if checked else "0" * 32
        return f"{shown}\t{file_digest}\t{check}\t{text}"

    lines = [json.dumps(salt), *(line(s, d, e) for s, (d, e) in files.items())]
    cache_file(project).write_text("\n".join(lines), encoding="utf-8")


def problems_of(project: Project) -> list[str]:
    with pytest.raises(InvalidCatalog) as info:
        load_catalog(project)
    return [p.format_text() for p in info.value.problems]


def test_a_warm_load_gives_the_cold_catalog(project: Project) -> None:
    cold = load_catalog(project)
    assert cache_file(project).is_file()
    warm = load_catalog(project)
    assert warm.papers == cold.papers
    assert [p.model_fields_set for p in warm.papers] == [p.model_fields_set for p in cold.papers]


def test_a_changed_record_is_seen(project: Project) -> None:
    load_catalog(project)
    path = project.papers_dir / "xin-2020-early.yaml"
    path.write_text(path.read_text().replace("Early Exiting BERT", "Early Exiting BERT (changed)"))
    assert "BERT (changed)" in load_catalog(project).by_id["xin-2020-early"].title


def test_a_record_saved_just_after_it_was_read_is_read_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # An editor saves a broken version the moment validate has read the good one. What the cache
    # keeps must be for the bytes that were parsed (the good ones), so that the next run, finding
    # other bytes, reads the file again and reports it.
    path = project.papers_dir / "xin-2020-early.yaml"
    good = path.read_bytes()
    broken = good.replace(b"year: 2020", b"year: twenty")
    read = os.read
    saved: list[bool] = []

    def read_then_save(fd: int, n: int) -> bytes:
        data = read(fd, n)
        if not saved and Path(f"/proc/self/fd/{fd}").readlink() == path.resolve():
            path.write_bytes(broken)  # the editor's save, between the read and whatever follows it
            saved.append(True)
        return data

    monkeypatch.setattr(os, "read", read_then_save)
    assert load_catalog(project).by_id["xin-2020-early"].year == 2020  # the bytes it read
    monkeypatch.undo()
    assert saved and path.read_bytes() == broken
    assert any(p.startswith("papers/xin-2020-early.yaml:") and "year" in p for p in problems_of(project))


def test_an_edit_that_breaks_a_record_is_reported_with_its_position(project: Project) -> None:
    load_catalog(project)
    path = project.papers_dir / "xin-2020-early.yaml"
    path.write_text(path.read_text().replace("year: 2020", "year: twenty"))
    (found,) = problems_of(project)
    assert found.startswith("papers/xin-2020-early.yaml:") and "year" in found


def test_problems_are_the_same_warm_and_cleared_when_fixed(project: Project) -> None:
    bad = write(project.papers_dir / "doe-2020-example.yaml", GOOD_RECORD.replace("year: 2020", "year: 1066"))
    cold = problems_of(project)
    assert cold == problems_of(project)
    bad.write_text(GOOD_RECORD)
    assert "doe-2020-example" in load_catalog(project).by_id


def test_added_and_removed_files_are_seen(project: Project) -> None:
    load_catalog(project)
    write(project.papers_dir / "doe-2020-example.yaml", GOOD_RECORD)
    assert "doe-2020-example" in load_catalog(project).by_id
    (project.papers_dir / "doe-2020-example.yaml").unlink()
    assert "doe-2020-example" not in load_catalog(project).by_id


def test_a_changed_vocabulary_is_seen_by_unchanged_records(project: Project) -> None:
    load_catalog(project)
    taxonomy = project.vocab_dir / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text().replace("id: quantization", "id: quantisation"))
    assert any("unknown category 'quantization'" in p for p in problems_of(project))


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not json",
        b"[1, 2, 3]",
        b'{"salt": 1, "files": []}',
        b"{}",
        b"",
        b'"another salt"\npapers/xin-2020-early.yaml\tx\t{}',
    ],
)
def test_a_damaged_cache_is_ignored(project: Project, damage: bytes) -> None:
    cold = load_catalog(project)
    cache_file(project).write_bytes(damage)
    assert load_catalog(project).papers == cold.papers
    assert load_catalog(project).papers == cold.papers  # and rewritten usable


def test_entries_of_the_wrong_shape_are_ignored(project: Project) -> None:
    cold = load_catalog(project)
    salt, files = read_cache(project)
    shapes: list[dict[str, Any]] = [{"problems": "x"}, {"paper": {"id": 7}}, {"paper": 3}, {"paper": "{"}, {}]
    for i, (_, entry) in enumerate(files.values()):
        entry.update(shapes[i % 5])
    write_cache(project, salt, files)
    text = cache_file(project).read_text(encoding="utf-8")
    cache_file(project).write_text(text.replace('"problems"', '"problems', 1), encoding="utf-8")  # not JSON
    assert load_catalog(project).papers == cold.papers


def test_a_change_to_the_code_drops_the_cache(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A rule tightened without a new schema version still applies: the salt covers the package's
    source, so results cached under other code are not used."""
    load_catalog(project)
    before = read_cache(project)[0]
    copy = tmp_path / "effplm_catalog"
    shutil.copytree(cache_module.SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "SOURCE", copy)
    assert read_cache(project)[0] == before
    models = copy / "models.py"
    models.write_text(models.read_text().replace("MIN_YEAR = 1800", "MIN_YEAR = 1900"))
    load_catalog(project)
    assert read_cache(project)[0] != before


def test_a_cached_entry_of_another_shape_is_read_again(project: Project) -> None:
    cold = load_catalog(project)
    salt, files = read_cache(project)
    files["papers/xin-2020-early.yaml"][1]["paper"]["year"] = "2020"  # a string where the model keeps an int
    write_cache(project, salt, files)
    assert load_catalog(project).by_id["xin-2020-early"] == cold.by_id["xin-2020-early"]


@pytest.mark.parametrize(
    "damage",
    [
        {"authors": [7]},
        {"venue": {"id": 5}},
        {"links": {"arxiv": ["1905.10650"]}},
        {"title": "Early Exiting BERT\u0085 for Efficient Document Ranking"},  # what validate refuses
    ],
    ids=["author-number", "venue-number", "arxiv-list", "refused-character"],
)
def test_an_entry_edited_or_damaged_below_the_top_level_is_read_again(project: Project, damage: dict[str, Any]) -> None:
    cold = load_catalog(project)
    salt, files = read_cache(project)
    files["papers/xin-2020-early.yaml"][1]["paper"].update(damage)
    write_cache(project, salt, files, checked=False)
    assert load_catalog(project).by_id["xin-2020-early"] == cold.by_id["xin-2020-early"]


def test_a_new_package_version_drops_the_cache(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    load_catalog(project)
    before = read_cache(project)[0]
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    load_catalog(project)
    assert read_cache(project)[0] != before


def test_validating_some_files_keeps_the_others_cached(project: Project) -> None:
    load_catalog(project)
    files = set(read_cache(project)[1])
    load_catalog(project, [project.papers_dir / "xin-2020-early.yaml"])
    assert set(read_cache(project)[1]) == files


def test_a_run_on_some_files_never_makes_the_whole_catalog_pass(project: Project) -> None:
    path = project.papers_dir / "sanh-2019-distilbert.yaml"
    path.write_text(path.read_text().replace("year: 2019", "year: twenty"))
    load_catalog(project, [project.papers_dir / "xin-2020-early.yaml"])  # valid, as far as it was asked
    assert any(p.startswith("papers/sanh-2019-distilbert.yaml:") for p in problems_of(project))


def test_an_unwritable_cache_is_not_an_error(project: Project) -> None:
    (project.root / ".effplm-cache").write_text("a file where the cache directory should be")
    assert len(load_catalog(project)) == 5


def test_no_cache_is_written_when_it_is_turned_off(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EFFPLM_NO_CACHE", "1")
    load_catalog(project)
    assert not cache_file(project).exists()
