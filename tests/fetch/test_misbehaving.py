"""The HTTP client against servers that misbehave: a deadline for the whole answer, no redirect to
another origin (so credentials stay with their host), content types checked, text cleaned."""

from __future__ import annotations

import http.server
import time
from collections.abc import Callable, Iterator

import pytest

from effplm_catalog.fetch.http import FetchError, HttpClient
from effplm_catalog.fetch.metadata import clean

from ..conftest import running

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


class Server:
    """A server on 127.0.0.1 whose handler per path a test sets; it records the headers it got."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.seen: list[dict[str, str]] = []
        outer = self

        class RequestHandler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                outer.seen.append({k.lower(): v for k, v in self.headers.items()})
                outer.handlers[self.path.split("?")[0]](self)

        self.handler = RequestHandler
        self.url = ""


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    with running(s.handler) as s.url:
        yield s


def client(**kwargs: object) -> HttpClient:
    options: dict[str, object] = {"timeout": (2.0, 2.0), "retries": 0, "deadline": 0.5, "sleep": lambda _s: None}
    options.update(kwargs)
    return HttpClient(**options)  # type: ignore[arg-type]


def answer(status: int, content_type: str, body: bytes, **headers: str) -> Handler:
    def handle(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            h.send_header(name.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(body)

    return handle


def test_a_body_dripped_a_byte_at_a_time_hits_the_deadline(server: Server) -> None:
    def drip(h: http.server.BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", "40")
        h.end_headers()
        for _ in range(40):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.05)  # 2 s in all: each read is quick, the whole is not

    server.handlers["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not finish answering within 0.5 s"):
        client().get(f"{server.url}/drip", expect="json")
    assert time.monotonic() - started < 1.5


def test_headers_dripped_a_byte_at_a_time_hit_the_deadline(server: Server) -> None:
    def slow_headers(h: http.server.BaseHTTPRequestHandler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"x" * 30:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.03)

    server.handlers["/slow-headers"] = slow_headers
    with pytest.raises(FetchError, match="did not finish answering"):
        client().get(f"{server.url}/slow-headers", expect="json")


def test_a_redirect_to_another_origin_is_refused_and_the_key_never_leaves(server: Server) -> None:
    other = Server()
    with running(other.handler) as other.url:
        other.handlers["/elsewhere"] = answer(200, "application/json", b"{}")
        server.handlers["/api"] = answer(302, "text/plain", b"", Location=f"{other.url}/elsewhere")
        with pytest.raises(FetchError, match=r"redirected to another host \(127.0.0.1:\d+\); not followed"):
            client().get(f"{server.url}/api", headers={"x-api-key": "secret"}, expect="json")
        assert other.seen == []
        assert server.seen[0]["x-api-key"] == "secret"


def test_a_redirect_within_the_origin_is_followed(server: Server) -> None:
    server.handlers["/old"] = answer(301, "text/plain", b"", Location="/new")
    server.handlers["/new"] = answer(200, "application/json", b'{"ok": true}')
    assert client().get(f"{server.url}/old", expect="json").json() == {"ok": True}


@pytest.mark.parametrize(
    ("content_type", "body", "expect", "message"),
    [
        ("application/json", b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "xml", "not XML"),
        ("application/atom+xml", b"{}", "json", "not JSON"),
        ("text/plain", b"{}", "json", "text/plain, not JSON"),  # labelled as text: not the API's answer
        ("application/octet-stream", b"<feed/>", "xml", "not XML"),
        ("application/json", b'{"@article": 1}', "bibtex", "not BibTeX"),
    ],
)
def test_a_body_of_another_type_than_expected_is_refused(
    server: Server, content_type: str, body: bytes, expect: str, message: str
) -> None:
    server.handlers["/typed"] = answer(200, content_type, body)
    with pytest.raises(FetchError, match=message):
        client().get(f"{server.url}/typed", expect=expect)  # type: ignore[arg-type]


def test_text_from_providers_is_cleaned_to_what_a_record_accepts() -> None:
    assert clean("Cafe\u0301\x85 Models\u2028of\x9f  Size") == "Café Models of Size"


def test_a_command_s_network_budget_bounds_all_its_requests_together(server: Server) -> None:
    def slow(h: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(0.3)
        answer(200, "application/json", b"{}")(h)

    server.handlers["/slow"] = slow
    budgeted = client(budget=0.5, deadline=5.0)
    budgeted.get(f"{server.url}/slow", expect="json")  # 0.3 s of the 0.5
    with pytest.raises(FetchError, match=r"did not finish answering within 0.\d+ s"):
        budgeted.get(f"{server.url}/slow", expect="json")  # what is left is not enough
    with pytest.raises(FetchError, match=r"the network budget of 0\.5 s is used up"):
        budgeted.get(f"{server.url}/slow", expect="json")
