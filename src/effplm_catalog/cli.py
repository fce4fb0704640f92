"""The ``effplm`` command: a thin layer that formats the library's results and sets exit codes.

Exit codes: 0 success; 1 invalid input, stale output or any reported failure;
2 usage errors (click's default).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

import click
import requests

from . import __version__, exports
from .bibtex_import import import_bibtex
from .catalog import Catalog, load_catalog
from .errors import EffplmError, InvalidCatalog
from .fetch.endpoints import Endpoints
from .fetch.http import client_from_env
from .fetch.resolve import resolve, to_new_paper
from .fsutil import write_or_check, write_text_atomic
from .importers.corrections import load_corrections
from .importers.markdown import parse_markdown
from .importers.seeds import build_records, import_seeds, write_plan
from .links import LinkChecker, catalog_urls
from .problems import OutputFormat, format_problems
from .project import Project
from .recordfile import dump_paper, format_record
from .render.readme import render_contributing, render_entries, render_readme
from .scaffold import NewPaper, build_paper
from .schema import SCHEMA_PATH, render_schema
from .site import build_site, serve_site
from .vocab import load_vocabulary

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> None:
    click.echo(f"effplm: error: {message}", err=True)
    sys.exit(1)


def handle_errors(func: F) -> F:
    """Turn the package's errors and OS errors into one line on stderr and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidCatalog as exc:
            click.echo(format_problems(exc.problems, "text"), nl=False, err=True)
            _fail(f"{exc}; nothing was written")
        except EffplmError as exc:
            _fail(str(exc))
        except OSError as exc:
            where = f" {exc.filename}" if exc.filename else ""
            _fail(f"{exc.strerror or exc}{':' if where else ''}{where}")
        return None

    return cast(F, wrapper)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Catalog root (default: the nearest directory above the current one with vocab/taxonomy.yaml).",
)


def _project(root: Path | None) -> Project:
    return Project(root.resolve()) if root is not None and (root / "vocab").is_dir() else Project.find(root)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="effplm")
def main() -> None:
    """Curate the catalog of efficient pre-trained language model papers."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col lines; github: workflow annotations; json: a list.",
)
@root_option
@handle_errors
def validate(paths: Sequence[Path], fmt: OutputFormat, root: Path | None) -> None:
    """Check records (default: all of papers/) and the vocabularies; report every problem.

    PATHS are record files or directories of records; catalog-wide checks
    (duplicates) run across all of them.
    """
    project = _project(root)
    try:
        count = len(load_catalog(project, paths))
    except InvalidCatalog as exc:
        click.echo(format_problems(exc.problems, fmt), nl=False)
        click.echo(f"effplm: {exc}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo("[]")
    click.echo(f"effplm: {count} record{'s' if count != 1 else ''} valid", err=True)


COMMANDS = {"README": "effplm readme", "CONTRIBUTING": "effplm readme", "schema": "effplm schema"}
"""The command that regenerates each kind of generated file."""


def _write_or_check(path: Path, text: str, check: bool, label: str) -> bool:
    """Write ``text`` atomically, or with ``check`` compare; say what happened; False when stale."""
    said, ok = write_or_check(path, text, check=check, label=label, command=COMMANDS[label])
    click.echo(said, nl=False, err=True)
    return ok


def _write_or_check_all(files: Sequence[tuple[Path, str, str]], check: bool) -> None:
    """:func:`_write_or_check` for several files, every one of them, the stale ones reported last."""
    results = [
        (label, *write_or_check(path, text, check=check, label=label, command=COMMANDS[label]))
        for path, text, label in files
    ]
    for _label, said, _ok in sorted(results, key=lambda r: not r[2]):
        click.echo(said, nl=False, err=True)
    if not all(ok for _label, _said, ok in results):
        sys.exit(1)


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the README is stale.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write (default: README.md at the catalog root).",
)
@root_option
@handle_errors
def readme(check: bool, output: Path | None, root: Path | None) -> None:
    """Regenerate README.md and CONTRIBUTING.md (nothing is written when any record is invalid)."""
    project = _project(root)
    catalog = load_catalog(project)
    files = [(output or project.readme, render_readme(catalog, project.templates_dir), "README")]
    if output is None:
        files.append(
            (
                project.root / "CONTRIBUTING.md",
                render_contributing(catalog.vocab, project.templates_dir),
                "CONTRIBUTING",
            )
        )
    _write_or_check_all(files, check)


@main.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to build the website (default: site/).",
)
@root_option
@handle_errors
def build(site_dir: Path | None, root: Path | None) -> None:
    """Validate, regenerate README.md and build the website: the curator's one command."""
    project = _project(root)
    catalog = load_catalog(project)
    click.echo(f"effplm: {len(catalog)} records valid", err=True)
    _write_or_check(project.readme, render_readme(catalog, project.templates_dir), False, "README")
    contributing = render_contributing(catalog.vocab, project.templates_dir)
    _write_or_check(project.root / "CONTRIBUTING.md", contributing, False, "CONTRIBUTING")
    out = build_site(project, site_dir=site_dir)
    click.echo(f"effplm: built the website in {out}", err=True)


@main.group()
def site() -> None:
    """Build or preview the MkDocs website."""


@site.command("build")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@root_option
@handle_errors
def site_build(site_dir: Path | None, root: Path | None) -> None:
    """Build the website with `mkdocs build --strict`."""
    project = _project(root)
    load_catalog(project)  # every problem reported, located, before MkDocs starts (its plugin reloads from the cache)
    out = build_site(project, site_dir=site_dir)
    click.echo(f"effplm: built the website in {out}", err=True)


@site.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
@root_option
@handle_errors
def site_serve(dev_addr: str, root: Path | None) -> None:
    """Serve the website locally; it rebuilds when a record or vocabulary changes."""
    serve_site(_project(root), dev_addr)


@main.group("import")
def import_group() -> None:
    """Import papers from source lists and bibliographies."""


def _report_import(result: Any, shown_existing: bool = True) -> None:
    for anomaly in result.anomalies:
        click.echo(f"effplm: {anomaly.format()}", err=True)
    if shown_existing:
        for new, old in result.existing:
            click.echo(f"effplm: already in the catalog: {new.title!r} is {old.id}", err=True)


def _write_records(project: Project, catalog: Catalog, papers: Sequence[Any], dry_run: bool) -> None:

    plan = write_plan(catalog, papers, project.papers_dir)
    for path, text in plan:
        if dry_run:
            click.echo(f"# {project.display(path)}\n{text}", nl=False)
        else:
            write_text_atomic(path, text)
    verb = "would write" if dry_run else "wrote"
    click.echo(f"effplm: {verb} {len(plan)} record{'s' if len(plan) != 1 else ''}", err=True)


@import_group.command("markdown")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="Source id from vocab/sources.yaml recorded as provenance.")
@click.option("--dry-run", is_flag=True, help="Print the records; write nothing.")
@click.option(
    "--added", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Date recorded as `added` (default: today)."
)
@root_option
@handle_errors
def import_markdown(file: Path, source: str, dry_run: bool, added: Any, root: Path | None) -> None:
    """Import an awesome-list style Markdown FILE: one record per new paper.

    Section headings map to categories through `headings:` in vocab/taxonomy.yaml.
    Prints an anomaly report: unparsed entries, unknown venues, missing authors,
    duplicates inside the file, papers already in the catalog.
    """
    project = _project(root)
    catalog = load_catalog(project)
    if source not in catalog.vocab.source_by_id:
        raise click.BadParameter(f"unknown source {source!r}; add it to vocab/sources.yaml", param_hint="--source")
    entries, anomalies = parse_markdown(file.read_text(encoding="utf-8"), source)
    for entry in entries:
        entry.origin = file.name
    day = added.date() if added else dt.date.today()
    result = build_records(entries, catalog.vocab, added=day, catalog=catalog)
    result.anomalies = [*anomalies, *result.anomalies]
    _report_import(result)
    _write_records(project, catalog, result.papers, dry_run)


@import_group.command("seeds")
@click.argument("shared", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Report what would be written; write nothing.")
@click.option(
    "--added",
    type=click.DateTime(["%Y-%m-%d"]),
    default="2026-11-20",
    show_default=True,
    help="Date recorded as `added` (fixed, so the import is reproducible).",
)
@root_option
@handle_errors
def import_seeds_command(shared: Path, dry_run: bool, added: Any, root: Path | None) -> None:
    """Build records from the catalog's four source documents in SHARED (holding seeds/ and sources/).

    Parses every list and the survey's references, applies curation/corrections.yaml,
    merges entries that are one paper, and writes the papers not yet in the catalog.
    """
    project = _project(root)
    catalog = load_catalog(project)
    corrections = load_corrections(project.root / "curation" / "corrections.yaml", "curation/corrections.yaml")
    result = import_seeds(shared, catalog.vocab, added=added.date(), corrections=corrections, catalog=catalog)
    _report_import(result, shown_existing=False)
    if result.existing:
        click.echo(f"effplm: {len(result.existing)} papers already in the catalog were left as they are", err=True)
    papers = len(result.papers) + len(result.existing)
    click.echo(f"effplm: {result.entries} entries in the sources make {papers} papers", err=True)
    _write_records(project, catalog, result.papers, dry_run)


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the committed schema is stale.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write (default: schema/paper.schema.json).",
)
@root_option
@handle_errors
def schema(check: bool, output: Path | None, root: Path | None) -> None:
    """Write the record's JSON Schema (draft-07) for editors, with the vocabularies as enums."""
    project = _project(root)
    vocab = load_vocabulary(project.vocab_dir, project.root)
    if not _write_or_check(output or project.root / SCHEMA_PATH, render_schema(vocab), check, "schema"):
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any file is not formatted.")
@root_option
@handle_errors
def fmt(paths: Sequence[Path], check: bool, root: Path | None) -> None:
    """Rewrite records (default: all of papers/) in the canonical layout, keeping comments.

    Nothing is written when any file is invalid; its problems are reported instead.
    """
    project = _project(root)
    problems = []
    changes: list[tuple[Path, str]] = []
    files = project.record_files(paths)
    for path in files:
        raw = path.read_bytes()
        text, found = format_record(raw, project.display(path), path.stem)
        problems += found
        if text is not None and text.encode("utf-8") != raw:
            changes.append((path, text))
    if problems:
        raise InvalidCatalog(problems)
    for path, text in changes:
        if check:
            click.echo(f"would reformat {project.display(path)}")
        else:
            write_text_atomic(path, text)
            click.echo(f"reformatted {project.display(path)}")
    if check and changes:
        _fail(f"{len(changes)} of {len(files)} files would be reformatted; run `effplm fmt`")
    click.echo(f"effplm: {len(files) - len(changes) if check else len(files)} files formatted", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@handle_errors
def summary(paths: Sequence[Path], root: Path | None) -> None:
    """Print the README entries of the given records (for a pull request's job summary)."""
    project = _project(root)
    catalog = load_catalog(project)
    ids = [p.stem for p in paths]
    missing = [i for i in ids if i not in catalog.by_id]
    if missing:
        _fail(f"not records of this catalog: {', '.join(missing)}")
    click.echo(render_entries(catalog, [catalog.by_id[i] for i in ids]), nl=False)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: Any, prompt: str, **kwargs: Any) -> Any:
    """``value`` if given, else a prompt (only on a terminal; otherwise the option is missing)."""
    if value not in (None, (), ""):
        return value
    if not _interactive():
        raise click.UsageError(f"missing {prompt.lower()}: give it as an option or run on a terminal to be asked")
    return click.prompt(prompt, **kwargs)


@main.command()
@click.option("--title", help="Title as published.")
@click.option("--author", "authors", multiple=True, help="An author, `Given Family`; repeat in order.")
@click.option("--year", type=click.IntRange(1800, 2100), help="Publication year.")
@click.option("--venue", help="Venue id (see vocab/venues.yaml) or free text such as 'Findings of EMNLP 2023'.")
@click.option(
    "--track",
    type=click.Choice(["main", "findings", "workshop", "industry", "demo", "short", "none"]),
    help="Track (default: from the venue).",
)
@click.option("--category", help="Primary category id.")
@click.option("--also", "categories", multiple=True, help="A further category id; repeatable.")
@click.option("--arxiv", help="arXiv ID or URL.")
@click.option("--doi", help="DOI or doi.org URL.")
@click.option("--acl", help="ACL Anthology ID or URL.")
@click.option("--url", "paper_url", help="Paper URL when no identifier gives it.")
@click.option("--code", help="Code URL.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    default=("curator",),
    show_default=True,
    help="Source id from vocab/sources.yaml.",
)
@click.option(
    "--from",
    "from_id",
    metavar="IDENTIFIER",
    help="Start from the metadata of an arXiv ID, DOI or ACL Anthology ID (as `effplm add`).",
)
@click.option("--dry-run", is_flag=True, help="Print the record; write nothing.")
@root_option
@handle_errors
def new(
    title: str | None,
    authors: tuple[str, ...],
    year: int | None,
    venue: str | None,
    track: str | None,
    category: str | None,
    categories: tuple[str, ...],
    arxiv: str | None,
    doi: str | None,
    acl: str | None,
    paper_url: str | None,
    code: str | None,
    sources: tuple[str, ...],
    from_id: str | None,
    dry_run: bool,
    root: Path | None,
) -> None:
    """Scaffold a new record from options, asking for what is missing.

    The file is named by the id rule and is valid when written; a paper already in
    the catalog (same arXiv ID, DOI, ACL ID or title) is refused.
    """
    project = _project(root)
    catalog = load_catalog(project)
    if from_id:
        fetched = resolve(from_id, client_from_env(project.root / ".effplm-cache" / "http"), Endpoints.from_env())
        for note in fetched.notes:
            click.echo(f"effplm: note: {from_id}: {note}", err=True)
        meta = fetched.metadata
        title = title or meta.title
        authors = authors or tuple(meta.authors)
        year = year or meta.year
        venue = venue or meta.venue or "arxiv"
        arxiv, doi, acl = arxiv or meta.arxiv, doi or meta.doi, acl or meta.acl
    title = _ask(title, "Title")
    if not authors:
        given = _ask(None, "Authors (comma-separated, in order)")
        authors = tuple(a.strip() for a in given.split(",") if a.strip())
    year = _ask(year, "Year", type=click.IntRange(1800, dt.date.today().year + 1))
    venue = _ask(venue, "Venue (id or free text)")
    category = _ask(category, "Category", type=click.Choice(list(catalog.vocab.categories)))
    links = {"arxiv": arxiv, "doi": doi, "acl": acl, "paper": paper_url, "code": code}
    paper = build_paper(
        catalog,
        NewPaper(
            title, authors, year, venue, category, categories, track, {k: v for k, v in links.items() if v}, sources
        ),
    )
    text = dump_paper(paper)
    path = project.papers_dir / f"{paper.id}.yaml"
    if dry_run:
        click.echo(text, nl=False)
        return
    write_text_atomic(path, text)
    click.echo(f"effplm: wrote {project.display(path)}; run `effplm readme` to add it to the README", err=True)


@main.command()
@click.argument("identifiers", nargs=-1, required=True)
@click.option("--category", required=True, help="Primary category id of the new records.")
@click.option("--also", "categories", multiple=True, help="A further category id; repeatable.")
@click.option("--source", default="curator", show_default=True, help="Source id recorded as provenance.")
@click.option("--dry-run", is_flag=True, help="Print the records; write nothing.")
@root_option
@handle_errors
def add(
    identifiers: tuple[str, ...],
    category: str,
    categories: tuple[str, ...],
    source: str,
    dry_run: bool,
    root: Path | None,
) -> None:
    """Add papers by arXiv ID, DOI or ACL Anthology ID (or their URLs), with metadata fetched online.

    Prefers the published version of an arXiv paper when a source knows it. Base URLs can be moved
    with EFFPLM_ARXIV_API, EFFPLM_CROSSREF_API, EFFPLM_S2_API, EFFPLM_DBLP_API and EFFPLM_ACL_URL;
    EFFPLM_MAILTO is sent to Crossref; EFFPLM_S2_API_KEY to Semantic Scholar. Nothing is written
    unless every identifier gives a valid new record.
    """
    project = _project(root)
    catalog = load_catalog(project)
    client = client_from_env(project.root / ".effplm-cache" / "http")
    endpoints = Endpoints.from_env()
    papers = []
    working = catalog
    for identifier in identifiers:
        result = resolve(identifier, client, endpoints)
        meta = result.metadata
        for note in result.notes:
            click.echo(f"effplm: note: {identifier}: {note}", err=True)
        try:
            paper = build_paper(working, to_new_paper(meta, category, categories, (source,)))
        except EffplmError as exc:
            raise EffplmError(f"{identifier}: {exc}") from None
        click.echo(f"effplm: {identifier}: {paper.id} from {', '.join(result.sources)}", err=True)
        papers.append(paper)
        working = Catalog([*working.papers, paper], working.vocab)
    for paper in papers:
        text = dump_paper(paper)
        if dry_run:
            click.echo(text, nl=False)
        else:
            write_text_atomic(project.papers_dir / f"{paper.id}.yaml", text)
    verb = "would write" if dry_run else "wrote"
    click.echo(f"effplm: {verb} {len(papers)} record{'s' if len(papers) != 1 else ''}", err=True)


@main.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(exports.FORMATS))
@click.option("--category", "categories", multiple=True, help="Only papers in this category; repeatable.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: standard output).",
)
@root_option
@handle_errors
def export_command(fmt: str, categories: tuple[str, ...], output: Path | None, root: Path | None) -> None:
    """Export the catalog, or some categories of it, as BibTeX, JSON or CSV."""
    project = _project(root)
    catalog = load_catalog(project)
    papers = exports.select(catalog, categories)
    render = {"bibtex": exports.to_bibtex, "json": exports.to_json, "csv": exports.to_csv}[fmt]
    text = render(catalog, papers)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        click.echo(f"effplm: wrote {len(papers)} papers to {output}", err=True)


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
    project = _project(root)
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


@main.command()
@click.option(
    "--concurrency", type=click.IntRange(1, 64), default=8, show_default=True, help="Requests in flight at once."
)
@click.option(
    "--per-host",
    "per_host",
    type=click.FloatRange(0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@click.option("--timeout", type=click.FloatRange(0.1), default=15.0, show_default=True, help="Seconds per request.")
@click.option(
    "--max-age",
    type=click.FloatRange(0),
    default=24.0,
    show_default=True,
    help="Reuse results younger than this many hours (0: check everything again).",
)
@click.option(
    "--ids/--no-ids",
    default=True,
    show_default=True,
    help="Also check arXiv, ACL Anthology, DOI and OpenReview identifiers (landing pages, not PDFs).",
)
@root_option
@handle_errors
def links(concurrency: int, per_host: float, timeout: float, max_age: float, ids: bool, root: Path | None) -> None:
    """Check every URL of the catalog; exit 1 only when a link is broken (404, 410, unknown host).

    Blocked links (401, 403, 429) and flaky ones (timeouts, 5xx) are listed but do not fail.
    """
    project = _project(root)
    catalog = load_catalog(project)
    urls = catalog_urls(catalog, identifiers=ids)
    checker = LinkChecker(
        requests.Session(),
        concurrency=concurrency,
        per_host_interval=per_host,
        timeout=timeout,
        cache_path=project.root / ".effplm-cache" / "links.json",
        max_age=max_age * 3600,
        mailto=os.environ.get("EFFPLM_MAILTO") or None,
    )
    if sys.stderr.isatty():
        with click.progressbar(length=len(urls), label="Checking links", file=sys.stderr) as bar:
            results = checker.check(urls, progress=lambda _r: bar.update(1))
    else:
        results = checker.check(urls)
    counts = {"ok": 0, "broken": 0, "blocked": 0, "flaky": 0}
    for result in results:
        counts[result.status] += 1
    for kind in ("broken", "blocked", "flaky"):
        for result in (r for r in results if r.status == kind):
            where = ", ".join(f"papers/{i}.yaml" for i in urls[result.url])
            click.echo(f"{kind}: {result.url} ({result.detail}) in {where}")
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    click.echo(f"effplm: {len(results)} links: {summary}", err=True)
    if counts["broken"]:
        sys.exit(1)
