"""``effplm import``: lists, bibliographies and the catalog's own source documents.

The list and BibTeX parsers are imported here, with the command group, and not by the
catalog commands that run after every edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..bibtex_import import import_bibtex
from ..catalog import Catalog, load_catalog
from ..errors import EffplmError
from ..fetch.endpoints import Endpoints
from ..fetch.http import client_from_env
from ..fetch.resolve import resolve
from ..fsutil import write_all_atomic
from ..importers.lists import Plan as ImportPlan
from ..importers.lists import plan_import, register_source
from ..importers.markdown import parse_markdown
from ..importers.seeds import compare_seeds, import_seeds, write_plan
from ..project import Project
from .common import handle_errors, interactive, project_at, root_option


@click.group("import")
def import_group() -> None:
    """Import papers from source lists and bibliographies."""


def _write_records(project: Project, catalog: Catalog, papers: Sequence[Any], dry_run: bool) -> None:

    plan = write_plan(catalog, papers, project.papers_dir)
    if dry_run:
        for path, text in plan:
            click.echo(f"# {project.display(path)}\n{text}", nl=False)
    else:
        write_all_atomic([(path, text.encode("utf-8")) for path, text in plan])  # every record or none
    verb = "would write" if dry_run else "wrote"
    click.echo(f"effplm: {verb} {len(plan)} record{'s' if len(plan) != 1 else ''}", err=True)


def _mapping(values: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for value in values:
        heading, sep, category = value.rpartition("=")
        if not sep or not heading.strip() or not category.strip():
            raise click.BadParameter(f"{value!r} is not HEADING=CATEGORY", param_hint="--map")
        mapping[heading.strip()] = category.strip()
    return mapping


@import_group.command("markdown")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="Source id recorded as provenance (a new one is registered).")
@click.option("--source-title", help="Title of a new source (registered in vocab/sources.yaml).")
@click.option("--source-url", help="URL of a new source.")
@click.option("--map", "maps", multiple=True, metavar="HEADING=CATEGORY", help="File a heading's entries; repeatable.")
@click.option("--default-category", help="Category for entries under headings that map to none (else skipped).")
@click.option("--fetch/--no-fetch", default=True, show_default=True, help="Fetch missing authors by identifier.")
@click.option("--dry-run", is_flag=True, help="Tell what would happen; write nothing.")
@click.option(
    "--added", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date recorded as `added` (default: today)."
)
@root_option
@handle_errors
def import_markdown(
    file: Path,
    source: str,
    source_title: str | None,
    source_url: str | None,
    maps: tuple[str, ...],
    default_category: str | None,
    fetch: bool,
    dry_run: bool,
    added: Any,
    root: Path | None,
) -> None:
    """Import an awesome-list FILE (numbered, bulleted or table entries): new papers become
    records, papers already in the catalog gain the list as a source and what they lack.

    Headings map to categories through `headings:` in vocab/taxonomy.yaml and --map. The
    report says, per heading, how many entries were found, are new, are already in the
    catalog, need authors, or were skipped and why; --dry-run stops there.
    """
    project = project_at(root)
    catalog = load_catalog(project)
    vocab = catalog.vocab
    mapping = _mapping(maps)
    for category in [*mapping.values(), *([default_category] if default_category else [])]:
        if category not in vocab.categories:
            raise click.BadParameter(f"unknown category {category!r}", param_hint="--map/--default-category")
    sources_text = None
    if source not in vocab.source_by_id:
        if interactive() and not source_title:
            source_title = click.prompt(f"Title of the new source {source!r}")
            source_url = source_url or click.prompt("Its URL", default="", show_default=False) or None
        if not source_title:
            raise click.BadParameter(
                f"{source!r} is not in vocab/sources.yaml: give --source-title (and --source-url) to register it",
                param_hint="--source",
            )
        sources_text, vocab = register_source(project.vocab_dir, vocab, source, source_title, source_url, file.name)
        catalog = Catalog(catalog.papers, vocab)
    entries, anomalies = parse_markdown(file.read_text(encoding="utf-8"), source)
    for entry in entries:
        entry.origin = file.name
    fetcher = _author_fetcher(project) if fetch else None
    day = added.date() if added else dt.date.today()
    plan = plan_import(
        entries, catalog, source=source, mapping=mapping, default_category=default_category, added=day, fetch=fetcher
    )
    for anomaly in [*anomalies, *plan.anomalies]:
        click.echo(f"effplm: {anomaly.format()}", err=True)
    _tell_plan(file.name, plan)
    files = write_plan(
        catalog, plan.new, project.papers_dir, replacing=[after for _before, after, _what in plan.updated]
    )
    if sources_text is not None:
        files.append((project.vocab_dir / "sources.yaml", sources_text))
    if dry_run:
        click.echo(f"effplm: dry run: would write {len(plan.new)} new records and update {len(plan.updated)}", err=True)
        return
    write_all_atomic([(path, text.encode("utf-8")) for path, text in files])
    registered = f", registered the source {source!r}" if sources_text is not None else ""
    click.echo(f"effplm: wrote {len(plan.new)} new records and updated {len(plan.updated)}{registered}", err=True)


def _tell_plan(name: str, plan: ImportPlan) -> None:
    """The whole story of an import, before anything is written."""
    total = plan.entries
    click.echo(
        f"{name}: {total} entries: {len(plan.new)} new, {sum(h.existing for h in plan.headings.values())} already in "
        f"the catalog ({len(plan.updated)} gain something), {len(plan.needs_authors)} need authors, "
        f"{len(plan.skipped)} skipped"
    )
    for heading, count in plan.headings.items():
        click.echo(
            f"  {heading}: {count.found} found, {count.new} new, {count.existing} in the catalog, "
            f"{count.needs_authors} need authors, {count.skipped} skipped"
        )
    for heading, n in plan.unmapped.items():
        click.echo(f"unmapped heading: {heading!r} ({n} entries): --map {heading!r}=CATEGORY or --default-category")
    for before, _after, what in plan.updated:
        click.echo(f"in the catalog: papers/{before.id}.yaml gains {', '.join(what)}")
    for entry, hint in plan.needs_authors:
        click.echo(f"needs authors: {entry.title!r} (line {entry.line}): {hint}")
    for entry, why in plan.skipped:
        click.echo(f"skipped: {entry.title!r} (line {entry.line}): {why}")


def _author_fetcher(project: Project) -> Callable[[str], list[str] | None]:
    client = client_from_env(project.root / ".effplm-cache" / "http")
    endpoints = Endpoints.from_env()

    def authors(identifier: str) -> list[str] | None:
        try:
            return list(resolve(identifier, client, endpoints).metadata.authors) or None
        except EffplmError:
            return None  # no network, or nothing known: the entry is listed as needing authors

    return authors


@import_group.command("seeds")
@click.argument("shared", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write-missing", is_flag=True, help="Write records for the source papers the catalog lacks.")
@click.option("--differences/--no-differences", default=True, show_default=True, help="List records that differ.")
@click.option(
    "--added", type=click.DateTime(["%Y-%m-%d"]), default=None, help="`added` of written records (default: today)."
)
@root_option
@handle_errors
def import_seeds_command(shared: Path, write_missing: bool, differences: bool, added: Any, root: Path | None) -> None:
    """Compare the catalog with its four source documents in SHARED (holding seeds/ and sources/).

    The records are the catalog: this reports the source papers no record names, and the
    records that say something else than the sources (a correction is expected to say why,
    in the record's `corrections`). With --write-missing, the missing papers are written.
    """
    project = project_at(root)
    catalog = load_catalog(project)
    day = added.date() if added else dt.date.today()
    result = import_seeds(shared, catalog.vocab, added=day)
    report = compare_seeds([*result.papers, *(new for new, _old in result.existing)], catalog)
    corrected = {p.id: {f for fix in p.corrections for f in fix.fields} for p in catalog.papers}
    for seed in report.missing:
        click.echo(f"missing: {seed.title!r} ({', '.join(seed.sources)})")
    unexplained = 0
    for diff in report.differences:
        fields = [f for f in diff.fields if not any(f == c or c.startswith(f + ".") for c in corrected[diff.record.id])]
        unexplained += bool(fields)
        if differences:
            shown = ", ".join(f if f in fields else f"{f} (corrected)" for f in diff.fields)
            click.echo(f"differs: papers/{diff.record.id}.yaml: {shown}")
    click.echo(
        f"effplm: {result.entries} entries in the sources make {len(result.papers) + len(result.existing)} papers: "
        f"{len(report.missing)} missing from the catalog, {len(report.differences)} recorded differently "
        f"({unexplained} without a correction saying why)",
        err=True,
    )
    if write_missing and report.missing:
        _write_records(project, catalog, report.missing, dry_run=False)


@import_group.command("bibtex")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--category", help="Primary category id for the imported papers.")
@click.option("--source", default="curator", show_default=True, help="Source id recorded as provenance.")
@click.option("--dry-run", is_flag=True, help="Print the records; write nothing.")
@root_option
@handle_errors
def import_bibtex_command(file: Path, category: str | None, source: str, dry_run: bool, root: Path | None) -> None:
    """Import the entries of a .bib FILE that are new to the catalog.

    LaTeX accents and braces become Unicode; booktitle/journal become a venue; eprint, doi
    and url become typed links. Entries without title or authors, with an unknown venue, or
    already in the catalog are reported, and the rest are written.
    """
    project = project_at(root)
    catalog = load_catalog(project)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EffplmError(f"{file} is not UTF-8 (byte {exc.start})") from None
    result = import_bibtex(text, catalog, category=category, source=source, origin=project.display(file))
    for line in result.problems:
        click.echo(f"effplm: {line}", err=True)
    for line in result.duplicates:
        click.echo(f"effplm: {line}", err=True)
    _write_records(project, catalog, result.papers, dry_run)
