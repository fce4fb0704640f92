"""The package's exception hierarchy.

``EffplmError``
    Base of every error the package raises on purpose. The CLI turns each into
    a one-line message and exit code 1.
``InvalidCatalog``
    Loading or validation found problems; carries them all (``.problems``).
``ProjectNotFound``
    No catalog root (a directory with ``vocab/taxonomy.yaml``) was found.
"""

from __future__ import annotations

from collections.abc import Sequence

from .problems import Problem


class EffplmError(Exception):
    """Base class of the package's deliberate errors."""


class InvalidCatalog(EffplmError):
    """Records or vocabularies have problems; all of them are in ``problems``."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        files = len({p.path for p in self.problems})
        super().__init__(
            f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}"
        )


class ProjectNotFound(EffplmError):
    """No catalog root was found."""
