"""Building and serving the website: MkDocs itself, run on the catalog's mkdocs.yml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import EffplmError
from .project import Project


def mkdocs_command(project: Project, *args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args, "--config-file", str(project.root / "mkdocs.yml")]


def build_site(
    project: Project, site_dir: Path | None = None, strict: bool = True, site_url: str | None = None
) -> Path:
    """Run ``mkdocs build`` (``--strict`` by default); raise EffplmError with its output on failure.

    ``site_url``: the address the site will be published at (mkdocs.yml reads it from
    ``EFFPLM_SITE_URL``), for canonical links, the sitemap and absolute feed links."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if site_url is not None:
        env["EFFPLM_SITE_URL"] = site_url
    out = (site_dir or project.root / "site").resolve()
    # Built beside the old site and swapped in when complete: a failed build leaves the old one.
    staging = out.with_name(f".{out.name}.building.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    args = ["build", "--clean", "--site-dir", str(staging)]
    if strict:
        args.append("--strict")
    proc = subprocess.run(
        mkdocs_command(project, *args),
        capture_output=True,
        text=True,
        cwd=project.root,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise EffplmError(f"mkdocs build failed (the site in {out} is unchanged):\n{tail}")
    _swap_in(staging, out)
    return out


def _swap_in(staging: Path, out: Path) -> None:
    """Put the new site at ``out`` (two renames), and remove the old one after."""
    old = out.with_name(f".{out.name}.old.tmp")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def serve_site(project: Project, dev_addr: str) -> None:
    """Run ``mkdocs serve`` in the foreground until interrupted."""
    proc = subprocess.run(mkdocs_command(project, "serve", "--dev-addr", dev_addr), cwd=project.root, check=False)
    if proc.returncode not in (0, -2, 130):
        raise EffplmError(f"mkdocs serve exited with status {proc.returncode}")
