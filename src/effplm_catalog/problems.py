"""Problems found in records and vocabularies, and their output formats.

Every problem has a file, a 1-based line and column (0 when the problem concerns
the whole file), a stable code, and a message. Codes are part of the interface:
CI annotations and tests rely on them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]
OutputFormat = Literal["text", "github", "json"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one file, at one place."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        """``path:line:column`` (``path`` alone for whole-file problems)."""
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"

    def format_text(self) -> str:
        return f"{self.location()}: {self.severity}[{self.code}]: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line."""
        props = [f"file={_gh_property(self.path)}"]
        if self.line > 0:
            props.append(f"line={self.line}")
            props.append(f"col={self.column}")
        props.append(f"title={_gh_property('effplm ' + self.code)}")
        return f"::{self.severity} {','.join(props)}::{_gh_data(self.message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, line, column, then code."""
    return sorted(set(problems))


def format_problems(problems: Iterable[Problem], fmt: OutputFormat) -> str:
    """All problems in one of the output formats (text and github: a line each)."""
    ordered = sort_problems(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in ordered], ensure_ascii=False, indent=2) + "\n"
    lines = [p.format_github() if fmt == "github" else p.format_text() for p in ordered]
    return "".join(line + "\n" for line in lines)
