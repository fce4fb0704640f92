"""Shared fixtures: the hand-made catalog in tests/data/catalog, copied so tests may break it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from effplm_catalog.catalog import Catalog, Project, load_catalog
from effplm_catalog.cli import main
from effplm_catalog.site import build_site

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CATALOG = DATA / "catalog"


def site_catalog(root: Path) -> Path:
    """A writable copy of the test catalog at ``root``, with the repository's mkdocs.yml and an
    empty docs/: what building its website needs."""
    shutil.copytree(CATALOG, root, ignore=shutil.ignore_patterns(".effplm-cache"))
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A writable copy of the test catalog, with the repository's templates and mkdocs.yml."""
    root = site_catalog(tmp_path / "catalog")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory's files without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def running(handler: Callable[..., socketserver.BaseRequestHandler], *, finish_requests: bool = False) -> Iterator[str]:
    """The base URL (no trailing slash) of a threaded HTTP server on 127.0.0.1 answering with
    ``handler`` while the block runs; ``finish_requests``: stopping it waits for every request."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = not finish_requests
    # Polled for shutdown every 0.05 s (0.5 by default): a test stops it in a moment.
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serving(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """The address of ``directory`` served on 127.0.0.1 while the block runs (files are looked up
    by path on each request, so the directory may be filled or replaced meanwhile)."""
    with running(functools.partial(handler, directory=str(directory))) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test catalog's website, built and served on 127.0.0.1 (once per test module)."""
    site = build_site(Project(site_catalog(tmp_path_factory.mktemp("site") / "catalog")))
    with serving(site) as url:
        yield url


@pytest.fixture
def project(catalog_dir: Path) -> Project:
    return Project(catalog_dir)


@pytest.fixture
def catalog(project: Project) -> Catalog:
    return load_catalog(project)


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(catalog_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI inside the test catalog; returns click's Result (stdout and stderr apart)."""
    monkeypatch.chdir(catalog_dir)

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RECORD = """\
id: doe-2020-example
title: An Example Paper
authors: [Jane Doe]
year: 2020
venue: {id: acl}
category: pruning
sources: [list-a]
added: 2026-11-20
"""


# Real headless Chromium, for the browser tests (test_browser*.py).
CHROMIUM = os.environ.get("EFFPLM_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("EFFPLM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"EFFPLM_REQUIRE_BROWSER=1 but {CHROMIUM} does not exist")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


# Elements without a closing tag: HTML's void elements, and the SVG shapes the charts draw.
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)
_VOID |= {"path", "rect", "circle", "line", "polyline", "polygon", "use", "stop"}


def unbalanced_tags(page: str) -> list[str]:
    """Where an HTML page's elements do not close in the order they opened (an HTML parser's
    reading; void elements and SVG shapes aside), and any left open at the end."""
    from html.parser import HTMLParser

    problems: list[str] = []
    stack: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in _VOID:
                stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            if tag in _VOID:
                return
            if stack and stack[-1] == tag:
                stack.pop()
            else:
                problems.append(f"</{tag}> at {self.getpos()} closes {stack[-1] if stack else 'nothing'}")

    reader = Reader()
    reader.feed(page)
    reader.close()
    return problems + [f"<{tag}> never closed" for tag in stack]
