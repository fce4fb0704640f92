"""A real HTTP server on 127.0.0.1 that replays the recorded API answers, plus made-up error paths.

Routes are keyed on the path and the query parameters that identify a request;
each answers with the recorded body and the status code the API gave. The
environment variables point every provider at it, so the code under test runs
exactly as it does against the real services.
"""

from __future__ import annotations

import contextlib
import http.server
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from effplm_catalog.fetch.endpoints import Endpoints
from effplm_catalog.fetch.http import HttpClient

from ..conftest import running

API = Path(__file__).resolve().parent.parent / "data" / "api"

XML = "application/atom+xml; charset=UTF-8"
JSON = "application/json"


@dataclass
class Answer:
    status: int | Callable[[int], int]
    """A status, or a function of how many times the path was asked (for "429, then 200")."""
    content_type: str
    body: bytes | Callable[[int], bytes]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def recorded(name: str) -> bytes:
    return (API / name).read_bytes()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol3;</title></entry></feed>"""


def routes() -> dict[tuple[str, str], Answer]:
    """(path, identifying query value) → answer."""
    return {
        ("/arxiv/query", "1706.03762"): Answer(200, XML, recorded("arxiv_atom_1706.03762_legacy.xml")),
        ("/arxiv/query", "1710.08557"): Answer(200, XML, recorded("arxiv_atom_1710.08557_legacy.xml")),
        ("/arxiv/query", "1605.08386"): Answer(200, XML, recorded("arxiv_atom_1605.08386.xml")),
        ("/arxiv/query", "astro-ph/0601001"): Answer(200, XML, recorded("arxiv_atom_astro-ph_0601001.xml")),
        ("/arxiv/query", "0000.0000"): Answer(200, XML, recorded("arxiv_atom_0000.0000_empty.xml")),
        ("/arxiv/query", "9901.00001"): Answer(400, XML, recorded("arxiv_atom_abc_error_400.xml")),
        ("/arxiv/query", "9902.00002"): Answer(400, XML, recorded("arxiv_atom_INVALIDID_error_400_legacy.xml")),
        ("/arxiv/query", "9903.00003"): Answer(200, XML, BOMB),
        ("/arxiv/query", "9904.00004"): Answer(
            200, "text/html", b"<!DOCTYPE html><html><body>Are you a robot?</body></html>"
        ),
        ("/arxiv/query", "9905.00005"): Answer(200, XML, b"<?xml version='1.0'?><feed><entry><title>Cut"),
        ("/crossref/works/10.1038/s42256-024-00832-8", ""): Answer(
            200, JSON, recorded("crossref_works_10.1038_s42256-024-00832-8.json")
        ),
        ("/crossref/works/10.48550/arxiv.2312.07559", ""): Answer(
            404, "text/plain", recorded("crossref_works_10.48550_arxiv.2312.07559_404.txt")
        ),
        ("/crossref/works/10.5555/truncated", ""): Answer(
            200, JSON, recorded("crossref_works_10.1038_s42256-024-00832-8.json")[:4000]
        ),
        ("/crossref/works/10.5555/slow", ""): Answer(200, JSON, b"{}", delay=1.0),
        ("/crossref/works/10.5555/busy", ""): Answer(503, "text/plain", b"Service Unavailable"),
        ("/crossref/works/10.5555/limited", ""): Answer(
            lambda n: 429 if n == 1 else 200,
            JSON,
            b'{"status": "ok", "message": {"title": ["Limited"]}}',
            headers={"Retry-After": "7"},
        ),
        ("/crossref/works/10.5555/huge", ""): Answer(200, JSON, lambda n: b"[" + b"0," * 3_000_000 + b"0]"),
        ("/s2/paper/search/match", "Attention Is All You Need"): Answer(
            200, JSON, recorded("s2_paper_search_match_attention-is-all-you-need.json")
        ),
        ("/s2/paper/DOI:10.1038/s42256-024-00832-8", ""): Answer(
            200, JSON, recorded("s2_paper_DOI_10.1038_s42256-024-00832-8.json")
        ),
        ("/s2/paper/DOI:10.48550/arxiv.2312.07559", ""): Answer(
            200, JSON, recorded("s2_paper_DOI_10.48550_arxiv.2312.07559.json")
        ),
        ("/s2/paper/DOI:10.1101/2024.04.01.587366", ""): Answer(
            404, JSON, recorded("s2_paper_DOI_10.1101_2024.04.01.587366_404.json")
        ),
        (
            "/dblp",
            "A Global Past-Future Early Exit Method for Accelerating Inference of Pre-trained Language Models",
        ): Answer(200, JSON, recorded("made_dblp_search_global-past-future.json")),
        ("/dblp", "LeeBERT: Learned Early Exit for BERT with Cross-Level Optimization"): Answer(
            200, JSON, recorded("made_dblp_search_single-author.json")
        ),
        ("/acl/2021.naacl-main.162.bib", ""): Answer(
            200, "text/x-bibtex", recorded("made_acl_2021.naacl-main.162.bib")
        ),
    }


class Replay:
    """The running server: its base URL, what it was asked, and per-test extra routes."""

    def __init__(self) -> None:
        self.routes = routes()
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.url = ""

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        replay = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                query = parse_qs(parts.query)
                key_value = (query.get("id_list") or query.get("query") or query.get("q") or [""])[0]
                replay.hits[path] += 1
                replay.user_agents.append(self.headers.get("User-Agent", ""))
                answer = replay.routes.get((path, key_value)) or replay.routes.get((path, ""))
                if answer is None:
                    answer = Answer(404, JSON, b'{"error": "not found"}')
                if callable(answer.body) and not isinstance(answer.body, bytes):
                    body = answer.body(replay.hits[path])
                else:
                    body = answer.body
                if answer.delay:
                    time.sleep(answer.delay)
                status = answer.status(replay.hits[path]) if callable(answer.status) else answer.status
                self.send_response(status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        return Handler


@pytest.fixture(scope="package")  # stopped after tests/fetch: later tests fork, which needs no other thread
def replay() -> Iterator[Replay]:
    server = Replay()
    with running(server.handler(), finish_requests=True) as server.url:  # stopping waits for every request
        yield server


@pytest.fixture
def endpoints(replay: Replay, monkeypatch: pytest.MonkeyPatch) -> Endpoints:
    base = replay.url
    env = {
        "EFFPLM_ARXIV_API": f"{base}/arxiv/query",
        "EFFPLM_CROSSREF_API": f"{base}/crossref",
        "EFFPLM_S2_API": f"{base}/s2",
        "EFFPLM_DBLP_API": f"{base}/dblp",
        "EFFPLM_ACL_URL": f"{base}/acl",
        "EFFPLM_ARXIV_INTERVAL": "0",
        "EFFPLM_NO_CACHE": "1",
        "EFFPLM_MAILTO": "curator@example.org",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("EFFPLM_S2_API_KEY", raising=False)
    monkeypatch.delenv("SEMANTIC_SCHOLAR_API_KEY", raising=False)
    return Endpoints.from_env()


@pytest.fixture
def client() -> HttpClient:
    """A client that does not wait: retries and pacing sleep through a recorder instead."""
    waits: list[float] = []
    return HttpClient(mailto="curator@example.org", timeout=(2.0, 1.0), retries=2, sleep=waits.append)
