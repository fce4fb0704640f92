"""effplm links against a real local server: classification, HEAD then GET, pacing, cache, exit codes."""

from __future__ import annotations

import http.server
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from effplm_catalog.links import LinkChecker, catalog_urls, classify_error, classify_status

from .conftest import Invoke, running, write

ROUTES = {"/ok": 200, "/gone": 404, "/removed": 410, "/forbidden": 403, "/limited": 429, "/error": 500}


class Server:
    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def answer(self, method: str) -> None:
                server.calls[(method, self.path)] += 1
                route = self.path.split("?")[0]
                if route == "/slow":
                    time.sleep(1.5)
                if route == "/drip":  # headers a byte at a time, each read well within the timeout
                    for byte in b"HTTP/1.1 200 OK\r\n":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.1)
                    return
                if route == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/ok")
                    self.end_headers()
                    return
                status = (405 if method == "HEAD" else 200) if route == "/no-head" else ROUTES.get(route, 200)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                if method == "GET":
                    self.wfile.write(b"ok")

            def do_HEAD(self) -> None:
                self.answer("HEAD")

            def do_GET(self) -> None:
                self.answer("GET")

        self.handler = Handler
        self.url = ""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server()
    with running(s.handler) as s.url:
        yield s


def checker(**kwargs: object) -> LinkChecker:
    options: dict[str, object] = {"concurrency": 4, "per_host_interval": 0.0, "timeout": 1.0, **kwargs}
    return LinkChecker(requests.Session(), **options)  # type: ignore[arg-type]


def test_classification(server: Server) -> None:
    paths = ["/ok", "/gone", "/removed", "/forbidden", "/limited", "/error", "/slow", "/moved", "/no-head"]
    results = checker().check([server.url + p for p in paths])
    assert [(r.url.removeprefix(server.url), r.status) for r in results] == [
        ("/ok", "ok"),
        ("/gone", "broken"),
        ("/removed", "broken"),
        ("/forbidden", "blocked"),
        ("/limited", "blocked"),
        ("/error", "flaky"),
        ("/slow", "flaky"),
        ("/moved", "ok"),
        ("/no-head", "ok"),
    ]
    assert server.calls[("GET", "/no-head")] == 1  # HEAD refused, GET asked
    assert server.calls[("GET", "/gone")] == 0  # a 404 to HEAD is believed


def test_classify_dns_failure_as_broken() -> None:
    error = requests.ConnectionError(
        "HTTPSConnectionPool: Failed to resolve 'x.invalid' ([Errno -2] Name or service not known)"
    )
    assert classify_error(error) == ("broken", "the host name does not resolve")
    assert classify_status(302) == "ok" and classify_status(418) == "broken"


def test_per_host_pacing(server: Server) -> None:
    started = time.monotonic()
    checker(per_host_interval=0.3).check([f"{server.url}/ok?{i}" for i in range(4)])
    assert time.monotonic() - started >= 0.9  # three waits between four requests to one host


def test_cache_reuses_fresh_results_but_not_flaky_ones(server: Server, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    urls = [f"{server.url}/ok?cache", f"{server.url}/error?cache"]
    checker(cache_path=cache).check(urls)
    before = server.calls.copy()
    checker(cache_path=cache).check(urls)
    assert server.calls[("HEAD", "/ok?cache")] == before[("HEAD", "/ok?cache")]
    assert server.calls[("HEAD", "/error?cache")] == before[("HEAD", "/error?cache")] + 1
    checker(cache_path=cache, max_age=0).check(urls)
    assert server.calls[("HEAD", "/ok?cache")] == before[("HEAD", "/ok?cache")] + 1


def test_catalog_urls_use_landing_pages_for_identifiers(catalog: object) -> None:
    urls = catalog_urls(catalog)  # type: ignore[arg-type]
    assert "https://arxiv.org/abs/1910.01108" in urls and not any("arxiv.org/pdf" in u for u in urls)
    assert urls["https://aclanthology.org/2020.sustainlp-1.11/"] == ["xin-2020-early"]
    assert "https://arxiv.org/abs/1910.01108" not in catalog_urls(catalog, identifiers=False)  # type: ignore[arg-type]


def test_links_command_fails_only_on_broken(invoke: Invoke, catalog_dir: Path, server: Server) -> None:
    for path in (catalog_dir / "papers").iterdir():
        path.unlink()
    record = """\
id: doe-2020-{name}
title: Paper {name}
authors: [Jane Doe]
year: 2020
venue: {{id: acl}}
category: pruning
links: {{code: "{url}"}}
sources: [list-a]
added: 2026-11-20
"""
    write(catalog_dir / "papers" / "doe-2020-a.yaml", record.format(name="a", url=f"{server.url}/forbidden"))
    write(catalog_dir / "papers" / "doe-2020-b.yaml", record.format(name="b", url=f"{server.url}/error"))
    fine = invoke("links", "--per-host", "0", "--timeout", "1")
    assert fine.exit_code == 0, fine.output
    assert fine.stderr == "effplm: 2 links: 0 ok, 0 broken, 1 blocked, 1 flaky\n"
    assert f"blocked: {server.url}/forbidden (HTTP 403) in papers/doe-2020-a.yaml" in fine.stdout
    write(catalog_dir / "papers" / "doe-2020-c.yaml", record.format(name="c", url=f"{server.url}/gone"))
    broken = invoke("links", "--per-host", "0", "--timeout", "1")
    assert broken.exit_code == 1
    assert broken.stdout.splitlines()[0] == f"broken: {server.url}/gone (HTTP 404) in papers/doe-2020-c.yaml"


def test_a_server_dripping_its_answer_gets_the_link_s_deadline_not_one_timeout_per_byte(server: Server) -> None:
    started = time.monotonic()
    (result,) = checker(timeout=0.5, deadline=0.8).check([server.url + "/drip"])
    assert result.status == "flaky" and result.detail == "no complete answer within 0.8 s"
    assert time.monotonic() - started < 1.5  # the drip alone lasts 1.7 s


def test_links_not_started_within_the_run_s_budget_are_reported_as_not_checked(server: Server) -> None:
    ticks = iter([0.0, 1.0, 99.0, 99.0])  # the start, then each link's turn
    results = checker(concurrency=1, budget=10.0, clock=lambda: next(ticks)).check(
        [server.url + "/ok", server.url + "/gone", server.url + "/error"]
    )
    assert [r.status for r in results] == ["ok", "flaky", "flaky"]
    assert results[1].detail == "not checked: the run's network budget of 10 s was used up"
