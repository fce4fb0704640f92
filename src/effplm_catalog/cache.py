"""What reading each record file gave, kept between runs and keyed by everything it depends on.

Reading a record (libyaml, then the model) is most of a validation; after editing one
record a curator waits for one file instead of all of them. An entry is used only for
the same file bytes (by digest) under the same salt: this package's version, schema
version and source code, and the versions of Python, PyYAML, libyaml and pydantic.
Nothing that depends on the vocabularies or on other records is cached: those checks
run on every load. A cached paper was valid under this very code (the salt covers the
package's source), so it is rebuilt without validating it again, after a check of its
shape: validating 5,000 papers again was a third of the time of ``validate`` after an edit.

The file is plain text and JSON (see :class:`RecordCache`), written atomically; one that is
unreadable, damaged or of another shape is ignored (and replaced on the next save), never an error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel

from . import SCHEMA_VERSION, __version__
from .fsutil import write_text_atomic
from .models import Correction, Links, Paper, Venue
from .problems import Problem
from .recordfile import LoadedRecord

FORMAT = 3
SOURCE = Path(__file__).parent
"""The package's source, whose digest is part of the salt: a change of its code drops the cache."""
M = TypeVar("M", bound=BaseModel)


def digest(data: bytes) -> str:
    """A file's content digest."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def salt() -> str:
    """What cached results depend on besides the file's bytes."""
    h = hashlib.blake2b(digest_size=16)
    for source in sorted(SOURCE.rglob("*.py")):
        h.update(source.read_bytes())
    versions = [f"{name}={_version(name)}" for name in ("pyyaml", "pydantic", "pydantic-core")]
    libyaml = getattr(yaml, "__with_libyaml__", False)
    parts = [str(FORMAT), __version__, str(SCHEMA_VERSION), h.hexdigest(), platform.python_version(), *versions]
    return "|".join([*parts, f"libyaml={libyaml}"])


_SHAPE: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "title": str,
    "authors": list,
    "year": int,
    "venue": dict,
    "category": str,
    "categories": list,
    "tags": list,
    "links": dict,
    "abstract": str,
    "notes": str,
    "sources": list,
    "corrections": list,
    "verified": str,
    "added": str,
}
_REQUIRED = frozenset(("id", "title", "authors", "year", "venue", "category", "sources", "added"))
_VENUE_DEFAULTS = dict.fromkeys(Venue.model_fields)
_LINK_DEFAULTS = dict.fromkeys(Links.model_fields)


def rebuild(data: object) -> Paper:
    """A paper from what :meth:`RecordCache.put` stored, without validating it again (it was valid
    under the same code); TypeError or KeyError when the data is not of that shape."""
    if not isinstance(data, dict) or not set(data) >= _REQUIRED:
        raise KeyError("a cached paper lacks a required field")
    for key, value in data.items():
        if not isinstance(value, _SHAPE[key]) or isinstance(value, bool):
            raise TypeError(f"cached {key} is of the wrong type")
    venue: dict[str, object] = data["venue"]
    links: dict[str, object] = data.get("links", {})
    values: dict[str, object] = {**_PAPER_DEFAULTS, **data}
    values["venue"] = _construct(Venue, {**_VENUE_DEFAULTS, **venue}, set(venue))
    values["links"] = _construct(Links, {**_LINK_DEFAULTS, **links}, set(links))
    values["corrections"] = [Correction.model_validate(c) for c in data.get("corrections", [])]
    values["added"] = dt.date.fromisoformat(data["added"])
    if data.get("verified"):
        values["verified"] = dt.date.fromisoformat(data["verified"])
    for key in ("categories", "tags"):
        values[key] = list(data.get(key, []))
    return _construct(Paper, values, set(data))


def _construct(cls: type[M], values: dict[str, object], fields_set: set[str] | None = None) -> M:
    """What ``cls.model_construct`` makes when every field is given, at a fraction of the cost."""
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(values) if fields_set is None else fields_set)
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


_PAPER_DEFAULTS: dict[str, object] = {
    "categories": [],
    "tags": [],
    "abstract": None,
    "notes": None,
    "corrections": [],
    "verified": None,
}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


@dataclass(frozen=True, slots=True)
class Result:
    """What reading one file gave: the record when valid, and its problems."""

    record: LoadedRecord | None
    problems: list[Problem]


class RecordCache:
    """Per-file results of :func:`~effplm_catalog.recordfile.read_record`, by shown path and digest.

    The file has the salt as its first line and then one line per record file: its shown path,
    the digest of its bytes, a check of the entry and what reading it gave (JSON), separated by
    tabs. An entry's JSON is parsed only when its digest matches, and a save joins the unchanged
    lines as they were read: after one edit, a load parses one entry less than all and a save
    serialises one. The check (a digest of the salt, the file's digest and the JSON) makes an
    entry damaged or edited by hand a miss, whatever it holds, so it is never believed.
    """

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt
        self.entries: dict[str, tuple[str, str, str]] = {}
        self.dirty = False
        self.seen: set[str] = set()

    @classmethod
    def open(cls, path: Path) -> RecordCache:
        cache = cls(path, salt())
        with contextlib.suppress(OSError, UnicodeDecodeError):
            lines = path.read_text(encoding="utf-8").split("\n")
            if lines[0] == json.dumps(cache.salt):
                for line in lines[1:]:
                    fields = line.split("\t", 3)
                    if len(fields) == 4:
                        shown, file_digest, check, text = fields
                        cache.entries[shown] = (file_digest, check, text)
        return cache

    def get(self, shown: str, file_digest: str, file: str | None = None) -> Result | None:
        """The cached result for this file's bytes (``file``: where it is), or None (also for an
        entry of the wrong shape)."""
        self.seen.add(shown)
        entry = self.entries.get(shown)
        if entry is None or entry[0] != file_digest or entry[1] != self._check(file_digest, entry[2]):
            return None
        try:
            data = json.loads(entry[2])
            rows = data["problems"]
            problems = [Problem(*row) for row in rows] if rows else []
            if rows and not all(isinstance(p.path, str) and isinstance(p.line, int) for p in problems):
                return None
            paper_json = data["paper"]
            if paper_json is None:
                return Result(None, problems)
            paper = rebuild(paper_json)
        except Exception:  # any entry of another shape is read again, never trusted
            return None
        return Result(LoadedRecord(shown, paper, file), problems)

    def _check(self, file_digest: str, text: str) -> str:
        return digest(f"{self.salt}\t{file_digest}\t{text}".encode())

    def put(self, shown: str, file_digest: str, result: Result) -> None:
        self.seen.add(shown)
        if any(c in shown for c in "\t\n\r"):
            return  # a path that cannot be one field of a line is read again each time
        record = result.record
        entry = {
            "paper": record.paper.model_dump(mode="json", exclude_unset=True) if record else None,
            "problems": [[p.path, p.line, p.column, p.code, p.message, p.severity] for p in result.problems],
        }
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        self.entries[shown] = (file_digest, self._check(file_digest, text), text)
        self.dirty = True

    def save(self, *, forget_unseen: bool) -> None:
        """Write the cache if anything changed (``forget_unseen``: drop files not asked about,
        when every record was); a cache that cannot be written is simply not kept."""
        if forget_unseen:
            for shown in [s for s in self.entries if s not in self.seen]:
                del self.entries[shown]
                self.dirty = True
        if not self.dirty:
            return
        lines = [json.dumps(self.salt), *(f"{s}\t{d}\t{c}\t{text}" for s, (d, c, text) in self.entries.items())]
        with contextlib.suppress(OSError):
            write_text_atomic(self.path, "\n".join(lines), durable=False)  # a lost cache is only slower
        self.dirty = False
