"""A "Suggest a paper" issue, as GitHub renders its form, read back into the fields of a record.

GitHub writes each field of an issue form as a ``### Label`` heading followed by the answer,
and ``_No response_`` for a field left empty. The labels are those of
``.github/ISSUE_TEMPLATE/suggest-paper.yml`` (a test holds the two together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import ids

LABELS = {
    "Title": "title",
    "Authors": "authors",
    "Year": "year",
    "Venue": "venue",
    "Category": "category",
    "arXiv ID or DOI": "arxiv",
    "Code URL": "code",
    "Why it belongs here": "notes",
}
"""Each label of the form → the field it fills."""

_HEADING = re.compile(r"^###\s+(.+?)\s*$")


@dataclass
class Suggestion:
    """What a suggestion gives; None where the form was left empty."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    category: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    code: str | None = None
    notes: str | None = None


def parse_issue(body: str) -> Suggestion:
    """The fields of an issue body written by the form (unknown headings are ignored)."""
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading:
            current = LABELS.get(heading.group(1))
            if current:
                answers[current] = []
        elif current:
            answers[current].append(line)
    values = {key: "\n".join(lines).strip() for key, lines in answers.items()}
    values = {key: value for key, value in values.items() if value and value != "_No response_"}
    suggestion = Suggestion(
        title=values.get("title"),
        venue=values.get("venue"),
        category=values.get("category"),
        code=values.get("code"),
        notes=values.get("notes"),
    )
    authors = values.get("authors", "")
    lines = [line.strip(" -*") for line in authors.split("\n") if line.strip(" -*")]
    if len(lines) == 1 and "," in lines[0]:  # written on one line despite the form's hint
        lines = [name.strip() for name in lines[0].split(",") if name.strip()]
    suggestion.authors = lines
    year = values.get("year", "")
    suggestion.year = int(year) if year.isdigit() else None
    identifier = values.get("arxiv")
    if identifier:
        suggestion.arxiv = ids.arxiv_id(identifier)
        suggestion.doi = None if suggestion.arxiv else ids.doi(identifier)
    return suggestion
