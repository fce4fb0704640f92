"""The commands that read the catalog and write what is generated from it: ``validate``,
``readme``, ``build``, ``site``, ``schema``, ``fmt``, ``summary`` and ``export``."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .. import exports
from ..catalog import Catalog, load_catalog
from ..errors import InvalidCatalog
from ..fsutil import write_all_atomic, write_text_atomic
from ..problems import OutputFormat, Problem, format_problems
from ..project import Project
from ..recordfile import format_record
from ..render.readme import render_contributing, render_entries, render_readme
from ..schema import SCHEMA_PATH, render_schema
from ..site import build_site, serve_site
from ..vocab import load_vocabulary
from .common import fail, handle_errors, project_at, root_option, write_one, write_or_check_all


@click.command()
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
    project = project_at(root)
    try:
        catalog = load_catalog(project, paths)
    except InvalidCatalog as exc:
        click.echo(format_problems(exc.problems, fmt), nl=False)
        click.echo(f"effplm: {exc}", err=True)
        sys.exit(1)
    _say_valid(catalog, fmt)


def _say_valid(catalog: Catalog, fmt: OutputFormat = "text") -> None:
    """The warnings of a valid catalog (on standard output) and how many records passed."""
    count, warnings = len(catalog), catalog.warnings
    click.echo(format_problems(warnings, fmt) if warnings or fmt == "json" else "", nl=False)
    said = f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if warnings else ""
    click.echo(f"effplm: {count} record{'s' if count != 1 else ''} valid{said}", err=True)


def _documents(project: Project, catalog: Catalog, output: Path | None = None) -> list[tuple[Path, str, str]]:
    """README.md and CONTRIBUTING.md as generated from the catalog, to be written together; with
    ``output``, only the README, written there."""
    readme = (output or project.readme, render_readme(catalog, project.templates_dir), "README")
    if output is not None:
        return [readme]
    contributing = render_contributing(catalog.vocab, project.templates_dir)
    return [readme, (project.root / "CONTRIBUTING.md", contributing, "CONTRIBUTING")]


@click.command()
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
    project = project_at(root)
    catalog = load_catalog(project)
    write_or_check_all(_documents(project, catalog, output), check)


@click.command()
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
    project = project_at(root)
    catalog = load_catalog(project)
    _say_valid(catalog)  # what validate says, warnings included: build is the curator's one command
    # The site first: should MkDocs fail, neither the README nor the site has changed.
    out = build_site(project, site_dir=site_dir)
    write_or_check_all(_documents(project, catalog), check=False)
    click.echo(f"effplm: built the website in {out}", err=True)


@click.group()
def site() -> None:
    """Build or preview the MkDocs website."""


@site.command("build")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option(
    "--site-url",
    default=None,
    metavar="URL",
    help="Where the site will be published (default: $EFFPLM_SITE_URL): canonical links, sitemap, feed links.",
)
@root_option
@handle_errors
def site_build(site_dir: Path | None, site_url: str | None, root: Path | None) -> None:
    """Build the website with `mkdocs build --strict`."""
    project = project_at(root)
    load_catalog(project)  # every problem reported, located, before MkDocs starts (its plugin reloads from the cache)
    out = build_site(project, site_dir=site_dir, site_url=site_url)
    click.echo(f"effplm: built the website in {out}", err=True)


@site.command("serve")
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
@root_option
@handle_errors
def site_serve(dev_addr: str, root: Path | None) -> None:
    """Serve the website locally; it rebuilds when a record or vocabulary changes."""
    serve_site(project_at(root), dev_addr)


@click.command()
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
    project = project_at(root)
    vocab = load_vocabulary(project.vocab_dir, project.root)
    if not write_one(output or project.root / SCHEMA_PATH, render_schema(vocab), check, "schema"):
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; show what would change and exit 1 if anything would.")
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: also a workflow annotation on the first line that would change.",
)
@root_option
@handle_errors
def fmt(paths: Sequence[Path], check: bool, fmt_: str, root: Path | None) -> None:
    """Rewrite records (default: all of papers/) in the canonical layout, keeping comments.

    Also fixes what is safe to fix: a byte order mark, CRLF line ends, identifiers given as
    URLs. Nothing is written when any file is invalid; its problems are reported instead,
    and nothing is written unless every file can be.
    """
    project = project_at(root)
    problems = []
    changes: list[tuple[Path, str, str]] = []
    files = project.record_files(paths)
    for path in files:
        raw = path.read_bytes()
        text, found = format_record(raw, project.display(path), path.stem)
        problems += found
        if text is not None and text.encode("utf-8") != raw:
            changes.append((path, raw.decode("utf-8", "replace"), text))
    if problems:
        raise InvalidCatalog(problems)
    if check:
        for path, before, after in changes:
            shown = project.display(path)
            diff = list(
                difflib.unified_diff(
                    before.splitlines(), after.splitlines(), shown, f"{shown} (formatted)", lineterm="", n=1
                )
            )
            first = next((int(m.group(1)) for line in diff if (m := re.match(r"@@ -(\d+)", line))), 1)
            click.echo(f"would reformat {shown}: not in the layout `effplm fmt` writes; run `effplm fmt {shown}`")
            click.echo("\n".join(diff[:40]))
            if fmt_ == "github":
                problem = Problem(
                    shown, first + 1 if first else 1, 1, "fmt", f"not in the canonical layout; run `effplm fmt {shown}`"
                )
                click.echo(problem.format_github())
        if changes:
            fail(f"{len(changes)} of {len(files)} files would be reformatted; run `effplm fmt`")
    else:
        write_all_atomic([(path, after.encode("utf-8")) for path, _before, after in changes])
        for path, _before, _after in changes:
            click.echo(f"reformatted {project.display(path)}")
    count = len(files) - len(changes) if check else len(files)
    done = "already in the layout" if check else f"in the layout ({len(changes)} rewritten)"
    click.echo(f"effplm: {count} file{'s' if count != 1 else ''} {done}", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@handle_errors
def summary(paths: Sequence[Path], root: Path | None) -> None:
    """Print the README entries of the given records (for a pull request's job summary)."""
    project = project_at(root)
    catalog = load_catalog(project)
    ids = [p.stem for p in paths]
    missing = [i for i in ids if i not in catalog.by_id]
    if missing:
        fail(f"not records of this catalog: {', '.join(missing)}")
    click.echo(render_entries(catalog, [catalog.by_id[i] for i in ids]), nl=False)


@click.command("export")
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
    project = project_at(root)
    catalog = load_catalog(project)
    papers = exports.select(catalog, categories)
    render = {"bibtex": exports.to_bibtex, "json": exports.to_json, "csv": exports.to_csv}[fmt]
    text = render(catalog, papers)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        click.echo(f"effplm: wrote {len(papers)} papers to {output}", err=True)
