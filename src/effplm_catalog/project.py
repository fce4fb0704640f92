"""The paths of a catalog checkout, and which files are its records."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import EffplmError, ProjectNotFound

CACHE_DIR = ".effplm-cache"
RECORD_SUFFIXES = (".yaml", ".yml")


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

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

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
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return Path(path).as_posix()

    def misplaced_records(self) -> list[str]:
        """YAML files that look like records but are not directly in ``papers/``: in a sub-folder
        of it, or in a folder beside it named like it (``paper/``, ``Papers/``)."""
        found: list[str] = []
        folders = [p for p in self.root.iterdir() if p.is_dir() and p.name.casefold().startswith("paper")]
        for folder in folders:
            if folder == self.papers_dir:
                found += [str(p) for p in folder.glob("*/**/*") if p.suffix in RECORD_SUFFIXES and p.is_file()]
            else:
                found += [str(p) for p in folder.rglob("*") if p.suffix in RECORD_SUFFIXES and p.is_file()]
        return sorted(found)

    def record_files(self, paths: Sequence[Path] = ()) -> list[Path]:
        """Record files: the given files, the YAML files in given directories, or all of ``papers/``."""
        return [Path(name) for name in self.record_names(paths)]

    def record_names(self, paths: Sequence[Path] = ()) -> list[str]:
        """:meth:`record_files` as strings, sorted (a catalog's worth of Path objects costs more than
        reading its cache).

        A missing ``papers/``, or one that cannot be listed (a symlink loop, no permission), is an
        error, never an empty catalog: nothing is generated from it. So is a record name that is
        not a regular file (a broken link, a directory).
        """
        if not paths and not self.papers_dir.exists() and not self.papers_dir.is_symlink():
            raise EffplmError(
                f"{self.display(self.papers_dir)} does not exist: this is not a catalog "
                "(run effplm in the catalog's directory or give --root; a new catalog starts with an empty papers/)"
            )
        found: set[str] = set()
        for given in paths or [self.papers_dir]:
            if given.is_dir():
                try:
                    with os.scandir(given) as entries:
                        named = [e for e in entries if e.name.endswith(RECORD_SUFFIXES)]
                        found.update(e.path for e in named if e.is_file())
                    odd = sorted(e.path for e in named if not e.is_file())
                except OSError as exc:
                    raise EffplmError(f"cannot list {self.display(given)}: {exc.strerror or exc}") from None
                if odd:
                    shown = ", ".join(self.display(Path(o)) for o in odd)
                    raise EffplmError(f"{shown}: not a readable record file (a broken link or a directory)")
            elif given == self.papers_dir:
                raise EffplmError(f"{self.display(given)} is not a readable directory of records")
            else:
                found.add(str(given))
        return sorted(found)
