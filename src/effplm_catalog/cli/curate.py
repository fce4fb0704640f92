"""The curator's commands that bring papers in: ``new``, ``add``, ``import`` and ``links``.

The network, BibTeX and list-parsing modules are imported here and not by the catalog
commands: ``effplm validate``, run after every edit, would otherwise start twice as slowly.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

import click
import requests

from ..catalog import Catalog, load_catalog
from ..enrich import enrich as run_enrich
from ..enrich import provider_search
from ..errors import EffplmError
from ..fetch.endpoints import Endpoints
from ..fetch.http import client_from_env
from ..fetch.resolve import parse_identifier, resolve, to_new_paper
from ..fsutil import write_all_atomic, write_text_atomic
from ..importers.issue_form import parse_issue
from ..importers.seeds import write_plan
from ..links import LinkChecker, catalog_urls
from ..models import check_url
from ..recordfile import dump_paper
from ..scaffold import NewPaper, build_paper
from .common import handle_errors, interactive, project_at, root_option


def _ask(value: Any, prompt: str, **kwargs: Any) -> Any:
    """``value`` if given, else a prompt (only on a terminal; otherwise the option is missing)."""
    if value not in (None, (), ""):
        return value
    if not interactive():
        raise click.UsageError(f"missing {prompt.lower()}: give it as an option or run on a terminal to be asked")
    return click.prompt(prompt, **kwargs)


def _identifier_answer(value: str) -> str:
    """An answer that is an arXiv ID, DOI or ACL Anthology ID (or a URL of one), or nothing;
    anything else is refused and asked again."""
    text = value.strip()
    if text:
        try:
            parse_identifier(text)
        except EffplmError as exc:
            raise click.BadParameter(f"{exc}; press Enter to type the details instead") from None
    return text


def _url_answer(value: str) -> str:
    """An answer that is a URL of the paper by the record's own rule, or nothing; anything else
    is asked again."""
    text = value.strip()
    if text:
        try:
            check_url(text)
        except ValueError:
            raise click.BadParameter(
                f"{text!r} is not a web address (https://...); press Enter if the paper is not online"
            ) from None
    return text


@click.command()
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
@click.option(
    "--from-issue",
    "issue",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Take the fields from a 'Suggest a paper' issue body (as GitHub writes the form).",
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
    issue: Path | None,
    dry_run: bool,
    root: Path | None,
) -> None:
    """Scaffold a new record from options, asking for what is missing.

    The file is named by the id rule and is valid when written; a paper already in
    the catalog (same arXiv ID, DOI, ACL ID or title) is refused.
    """
    project = project_at(root)
    catalog = load_catalog(project)
    notes = None
    if issue is not None:
        suggestion = parse_issue(issue.read_text(encoding="utf-8"))
        title, year, venue = title or suggestion.title, year or suggestion.year, venue or suggestion.venue
        authors = authors or tuple(suggestion.authors)
        category = category or suggestion.category
        arxiv, doi, code = arxiv or suggestion.arxiv, doi or suggestion.doi, code or suggestion.code
        notes = f"{suggestion.notes}\n" if suggestion.notes else None
    if interactive() and not (title or from_id or issue or arxiv or doi or acl):
        # The identifier first: with one, the title, authors, year and venue come from the source.
        from_id = click.prompt(
            "arXiv ID, DOI or ACL Anthology ID (Enter to type the details yourself)",
            default="",
            show_default=False,
            value_proc=_identifier_answer,
        )
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
    if interactive() and not (arxiv or doi or acl or paper_url):
        paper_url = click.prompt(
            "Link to the paper (Enter if it is not online)", default="", show_default=False, value_proc=_url_answer
        )
    links = {"arxiv": arxiv, "doi": doi, "acl": acl, "paper": paper_url, "code": code}
    paper = build_paper(
        catalog,
        NewPaper(
            title,
            authors,
            year,
            venue,
            category,
            categories,
            track,
            {k: v for k, v in links.items() if v},
            sources,
            notes=notes,
        ),
    )
    text = dump_paper(paper)
    path = project.papers_dir / f"{paper.id}.yaml"
    if dry_run:
        click.echo(text, nl=False)
        return
    write_text_atomic(path, text)
    click.echo(f"effplm: wrote {project.display(path)}; run `effplm readme` to add it to the README", err=True)


@click.command()
@click.argument("identifiers", nargs=-1, required=True)
@click.option("--category", required=True, help="Primary category id of the new records.")
@click.option("--also", "categories", multiple=True, help="A further category id; repeatable.")
@click.option("--source", default="curator", show_default=True, help="Source id recorded as provenance.")
@click.option(
    "--venue",
    help="Venue id or free text (e.g. 'Findings of EMNLP 2023') when the fetched one cannot be mapped.",
)
@click.option("--dry-run", is_flag=True, help="Print the records; write nothing.")
@root_option
@handle_errors
def add(
    identifiers: tuple[str, ...],
    category: str,
    categories: tuple[str, ...],
    source: str,
    venue: str | None,
    dry_run: bool,
    root: Path | None,
) -> None:
    """Add papers by arXiv ID, DOI or ACL Anthology ID (or their URLs), with metadata fetched online.

    Prefers the published version of an arXiv paper when a source knows it. Base URLs can be moved
    with EFFPLM_ARXIV_API, EFFPLM_CROSSREF_API, EFFPLM_S2_API, EFFPLM_DBLP_API and EFFPLM_ACL_URL;
    EFFPLM_MAILTO is sent to Crossref; EFFPLM_S2_API_KEY to Semantic Scholar. Nothing is written
    unless every identifier gives a valid new record.
    """
    project = project_at(root)
    catalog = load_catalog(project)
    client = client_from_env(project.root / ".effplm-cache" / "http")
    endpoints = Endpoints.from_env()
    papers = []
    working = catalog
    for identifier in identifiers:
        try:
            result = resolve(identifier, client, endpoints)
            meta = result.metadata
            if venue:
                meta.venue = venue
            for note in result.notes:
                click.echo(f"effplm: note: {identifier}: {note}", err=True)
            paper = build_paper(working, to_new_paper(meta, category, categories, (source,)))
        except EffplmError as exc:
            hint = " (give --venue)" if "venue" in str(exc) and not venue else ""
            raise EffplmError(f"{identifier}: {exc}{hint}; nothing was written") from None
        click.echo(f"effplm: {identifier}: {paper.id} from {', '.join(result.sources)}", err=True)
        papers.append(paper)
        working = Catalog([*working.papers, paper], working.vocab)
    files = [(project.papers_dir / f"{paper.id}.yaml", dump_paper(paper)) for paper in papers]
    if dry_run:
        for _path, text in files:
            click.echo(text, nl=False)
    else:  # every record or none, as the help promises
        write_all_atomic([(path, text.encode("utf-8")) for path, text in files])
    verb = "would write" if dry_run else "wrote"
    click.echo(f"effplm: {verb} {len(papers)} record{'s' if len(papers) != 1 else ''}", err=True)


def _links_budget() -> float:
    """Seconds for a whole link check: $EFFPLM_NETWORK_BUDGET, else an hour (arXiv alone is
    asked once a second, and a catalog links it a thousand times)."""
    try:
        return float(os.environ.get("EFFPLM_NETWORK_BUDGET", "3600"))
    except ValueError:
        raise EffplmError("EFFPLM_NETWORK_BUDGET must be a number of seconds") from None


@click.command()
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
    project = project_at(root)
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
        budget=_links_budget(),
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


@click.command()
@click.argument("records", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--all", "every", is_flag=True, help="Look up every record, not only those without an identifier and preprints."
)
@click.option("--write", is_flag=True, help="Write the proposed changes (default: only show them).")
@root_option
@handle_errors
def enrich(records: tuple[Path, ...], every: bool, write: bool, root: Path | None) -> None:
    """Look records up by title at Semantic Scholar and DBLP: identifiers they lack, and the
    published version of preprints.

    A match counts only when title, first author and year agree; hits that disagree on an
    identifier leave the record ambiguous and unchanged. Nothing is written without --write.
    RECORDS are record files (default: records without a typed identifier, and preprints).
    """
    project = project_at(root)
    catalog = load_catalog(project)
    vocab = catalog.vocab
    if records:
        wanted = {path.stem for path in records}
        papers = [p for p in catalog.papers if p.id in wanted]
    else:
        papers = [p for p in catalog.papers if every or not p.links.landing_urls() or vocab.track_of(p.venue) == "none"]
    client = client_from_env(project.root / ".effplm-cache" / "http")
    findings = run_enrich(papers, provider_search(client, Endpoints.from_env()), vocab)
    changed = []
    for finding in findings:
        where = f"papers/{finding.paper.id}.yaml"
        for note in finding.notes:
            click.echo(f"effplm: note: {where}: {note}", err=True)
        if finding.ambiguous:
            click.echo(f"{where}: ambiguous, left as it is: {finding.ambiguous}")
            continue
        for reason in finding.rejected:
            click.echo(f"{where}: not this paper: {reason}")
        for kind, value in finding.links.items():
            click.echo(f"{where}: links.{kind}: {value} ({', '.join(finding.sources)})")
        if finding.published:
            to = f" -> venue {finding.venue}" if finding.venue else " (venue not in vocab/venues.yaml: edit by hand)"
            click.echo(f"{where}: published version: {finding.published}{to}")
        if finding.changes:
            changed.append(finding.updated())
    verb = "would change" if not write else "changed"
    click.echo(f"effplm: {len(papers)} records looked up; {verb} {len(changed)}", err=True)
    if write and changed:
        files = write_plan(catalog, [], project.papers_dir, replacing=changed)
        write_all_atomic([(path, text.encode("utf-8")) for path, text in files])
    elif changed:
        click.echo("effplm: run again with --write to write these changes", err=True)
