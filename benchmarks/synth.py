"""Synthetic catalogs made by varying the real records of papers/ (new ids, titles and identifiers)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from effplm_catalog.models import Paper
from effplm_catalog.recordfile import dump_paper

REPO = Path(__file__).resolve().parent.parent
WORDS = (
    "sparse",
    "fast",
    "tiny",
    "robust",
    "adaptive",
    "frugal",
    "lean",
    "quantized",
    "pruned",
    "distilled",
    "dynamic",
    "efficient",
    "compact",
    "light",
    "elastic",
    "frozen",
    "shared",
    "modular",
    "cheap",
    "green",
)


def copy_setup(root: Path) -> None:
    """The repository's vocabularies, templates, docs and site configuration, fresh."""
    for name in ("vocab", "templates", "docs"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")


def make_catalog(root: Path, n: int) -> Path:
    """A catalog of ``n`` valid records in ``root`` (vocabularies, templates and site config copied)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    copy_setup(root)
    papers = root / "papers"
    papers.mkdir()
    sources = sorted((REPO / "papers").glob("*.yaml"))
    for i in range(n):
        data = yaml.safe_load(sources[i % len(sources)].read_text(encoding="utf-8"))
        variant = i // len(sources)
        word = WORDS[i % len(WORDS)]
        data["id"] = f"{data['id']}-{word}-{variant}"
        data["title"] = f"{data['title']} ({word} variant {variant})"
        links = {k: v for k, v in (data.get("links") or {}).items() if k in ("code", "project", "paper")}
        if data["year"] >= 2008:  # an arXiv ID of the record's year (validate checks they agree)
            links["arxiv"] = f"{data['year'] % 100:02d}{i % 12 + 1:02d}.{i % 90000 + 10000:05d}"
        else:
            links["doi"] = f"10.5555/synthetic.{i}"
        data["links"] = links
        text = dump_paper(Paper.model_validate(data))  # the canonical layout, as `effplm fmt` leaves records
        (papers / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    return root
