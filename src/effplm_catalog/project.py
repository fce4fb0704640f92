"""The paths of a catalog checkout, and the quick answer for an unchanged catalog.

Light on purpose (no pydantic, no YAML parser): every command starts here, and
``effplm validate`` on an unchanged catalog ends here too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound
from .index import CACHE_DIR, cache_salt, find_root, quick_result
from .problems import Problem
from .records import RecordCache, problems_from_rows


@dataclass(frozen=True)
class Project:
    """The paths of a catalog checkout."""

    root: Path

    @property
    def papers_dir(self) -> Path:
        return self.root / "papers"

    @property
    def vocab_dir(self) -> Path:
        return self.root / "vocab"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest directory at or above ``start`` that holds ``vocab/taxonomy.yaml``."""
        here = (start or Path.cwd()).resolve()
        root = find_root(str(here))
        if root is not None:
            return cls(Path(root))
        raise ProjectNotFound(f"no catalog found at or above {here} (looked for vocab/taxonomy.yaml)")

    def display(self, path: Path | str) -> str:
        """``path`` relative to the root when inside it, for messages."""
        text, root = str(path), str(self.root)
        if text.startswith(root + os.sep):  # most paths are made from the root: plain string work
            return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def record_files(self, paths: Sequence[Path] = ()) -> list[Path]:
        """Record files: the given files, the YAML files in given directories, or all of ``papers/``."""
        return [Path(name) for name in self.record_names(paths)]

    def record_names(self, paths: Sequence[Path] = ()) -> list[str]:
        """:meth:`record_files` as strings (making 10,000 Path objects costs more than the rest of a warm run)."""
        if not paths and not self.papers_dir.is_dir():
            return []  # a new catalog: no records yet
        names: set[str] = set()
        for p in paths or [self.papers_dir]:
            if p.is_dir():
                with os.scandir(p) as entries:  # no stat per file: this runs on every command
                    names.update(e.path for e in entries if e.name.endswith((".yaml", ".yml")) and e.is_file())
            else:
                names.add(str(p))
        return sorted(names)


def open_cache(project: Project) -> RecordCache | None:
    """The project's record cache, unless EFFPLM_NO_CACHE is set."""
    if os.environ.get("EFFPLM_NO_CACHE"):
        return None
    return RecordCache.open(project.root / CACHE_DIR / "records.bin", cache_salt())


def quick_validate(project: Project, paths: Sequence[Path] = ()) -> tuple[int, list[Problem]] | None:
    """The result of validating an unchanged catalog, from the cache, without parsing; None if anything changed."""
    if os.environ.get("EFFPLM_NO_CACHE"):
        return None
    items = [(name, project.display(name)) for name in project.record_names(paths)] if paths else None
    found = quick_result(str(project.root), items)
    return None if found is None else (found[0], problems_from_rows(found[1]))
