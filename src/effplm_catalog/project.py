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
from .ids import SLUG
from .problems import Problem
from .records import RecordCache, cache_salt, catalog_key, file_signatures, problems_from_rows, vocab_digest

RECORD_SUFFIX = ".yaml"
CACHE_DIR = ".effplm-cache"


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
        for candidate in (here, *here.parents):
            if (candidate / "vocab" / "taxonomy.yaml").is_file():
                return cls(candidate)
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
    cache = open_cache(project)
    if cache is None or not cache.catalog:
        return None
    vocab = vocab_digest(project.vocab_dir)
    if vocab is None:
        return None
    root = str(project.root) + os.sep
    cut = len(root)
    names = project.record_names(paths)
    shown = {name: name[cut:] if name.startswith(root) else name for name in names}
    if os.sep != "/":
        shown = {name: text.replace(os.sep, "/") for name, text in shown.items()}
    items = [
        (name, text)
        for name, text in shown.items()
        if name.endswith(RECORD_SUFFIX) and SLUG.fullmatch(name.rpartition(os.sep)[2][: -len(RECORD_SUFFIX)])
    ]
    signatures = file_signatures(items, cache)
    everything: dict[str, tuple[str, bytes | None]] = dict.fromkeys(shown.values(), ("", None))
    if cache.catalog.get("key") != catalog_key(vocab, {**everything, **signatures}):
        return None
    cache.save()  # refreshed stat entries make the next run faster still
    return int(cache.catalog["records"]), problems_from_rows(cache.catalog["problems"])
