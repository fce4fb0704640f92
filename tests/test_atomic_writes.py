"""No partial writes: an interrupted write leaves the old file, and invalid input writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from effplm_catalog.fsutil import write_text_atomic

from .conftest import Invoke, write


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    write_text_atomic(path, "one\n")
    path.chmod(0o640)
    write_text_atomic(path, "two\n")
    assert path.read_text() == "two\n"
    assert path.stat().st_mode & 0o777 == 0o640  # permissions survive
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_a_failing_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f.txt"
    path.write_text("old\n")

    def explode(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", explode)
    with pytest.raises(OSError):
        write_text_atomic(path, "new\n" * 1000)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_an_exception_mid_render_leaves_readme_and_records_intact(
    invoke: Invoke, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = write(catalog_dir / "README.md", "old readme\n")
    records = {p: p.read_bytes() for p in (catalog_dir / "papers").iterdir()}

    def crash(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the renderer crashed halfway")

    monkeypatch.setattr("effplm_catalog.render.readme.readme_parts", crash)
    with pytest.raises(RuntimeError):
        invoke("readme")
    assert readme.read_text() == "old readme\n"
    assert {p: p.read_bytes() for p in (catalog_dir / "papers").iterdir()} == records
    assert not [p for p in catalog_dir.iterdir() if p.name.startswith(".README")]


def test_a_disk_error_is_one_line_and_exit_1(
    invoke: Invoke, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = write(catalog_dir / "README.md", "old readme\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = invoke("readme")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "effplm: error: No space left on device"
    assert readme.read_text() == "old readme\n"


@pytest.mark.parametrize(
    "command",
    [
        ["readme"],
        ["fmt"],
        ["import", "markdown", "SOURCE", "--source", "list-a"],
        ["add", "1706.03762", "--category", "pruning"],  # refused before anything is fetched
        [
            "new",
            "--title",
            "T",
            "--author",
            "A B",
            "--year",
            "2020",
            "--venue",
            "acl",
            "--category",
            "pruning",
            "--source",
            "list-a",
        ],
    ],
)
def test_nothing_is_written_when_any_record_is_invalid(invoke: Invoke, catalog_dir: Path, command: list[str]) -> None:
    from .conftest import DATA

    write(catalog_dir / "papers" / "broken.yaml", "title: [\n")

    def files() -> dict[Path, bytes]:  # the catalog's files; the cache in .effplm-cache is not data
        return {
            p.relative_to(catalog_dir): p.read_bytes()
            for p in catalog_dir.rglob("*")
            if p.is_file() and ".effplm-cache" not in p.parts
        }

    before = files()
    args = [str(DATA / "importers" / "awesome_list.md") if a == "SOURCE" else a for a in command]
    result = invoke(*args)
    assert result.exit_code == 1
    assert "papers/broken.yaml:2:1: error[yaml-syntax]" in result.stderr
    assert files() == before


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    from effplm_catalog.fsutil import write_all_atomic

    first = tmp_path / "a.yaml"
    first.write_text("old\n")
    (tmp_path / "blocked").write_text("a file where a directory is needed")
    with pytest.raises(OSError):
        write_all_atomic([(first, b"new\n"), (tmp_path / "blocked" / "b.yaml", b"new\n")])
    assert first.read_text() == "old\n"  # the first file was staged, never renamed into place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "blocked"]  # no temporary left


def test_an_interruption_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from effplm_catalog.fsutil import write_all_atomic

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all_atomic([(tmp_path / "a.yaml", b"new\n")])
    assert list(tmp_path.iterdir()) == []


def test_damaged_http_and_link_caches_are_ignored(tmp_path: Path) -> None:
    import json

    from effplm_catalog.fetch.http import HttpClient
    from effplm_catalog.links import LinkChecker

    client = HttpClient(cache_dir=tmp_path)
    key = client._cache_key("https://example.org/x", None)
    (tmp_path / f"{key}.json").write_text(json.dumps(["not", "a", "mapping"]))
    (tmp_path / f"{key}.body").write_bytes(b"{}")
    assert client._cache_read(key) is None
    links = tmp_path / "links.json"
    for damage in ("[1, 2]", '{"https://x.org": 3}', "not json"):
        links.write_text(damage)
        assert LinkChecker(None, cache_path=links)._load_cache() == {}  # type: ignore[arg-type]


def test_a_rename_failing_halfway_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from effplm_catalog.fsutil import write_all_atomic

    old = {name: f"old {name}\n" for name in ("a.yaml", "b.yaml")}
    for name, content in old.items():
        (tmp_path / name).write_text(content)
    real_replace = Path.replace
    renamed: list[Path] = []

    def failing_on_the_third(self: Path, target: Path) -> Path:  # the disk fills up, say
        if len(renamed) == 2 and target.name == "c.yaml":
            raise OSError(28, "No space left on device")
        renamed.append(Path(target))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing_on_the_third)
    files = [(tmp_path / n, b"new\n") for n in ("a.yaml", "b.yaml", "c.yaml")]
    with pytest.raises(OSError, match="No space"):
        write_all_atomic(files)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == old  # all old, c absent, no temporaries


def test_temporary_files_are_ignored_by_git(tmp_path: Path) -> None:
    import subprocess

    from .conftest import REPO

    names = [".a.yaml.x1y2.tmp", ".README.md.abc.old.tmp"]
    found = subprocess.run(["git", "check-ignore", *names], cwd=REPO, capture_output=True, text=True, check=False)
    assert found.stdout.split() == names
