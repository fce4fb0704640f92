"""The HTTP client against a real local server: retries, limits, pacing, cache, identification."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from effplm_catalog.fetch.http import FetchError, HttpClient, NotFound, user_agent

from .conftest import Replay


def make(waits: list[float], **kwargs: object) -> HttpClient:
    options: dict[str, object] = {"mailto": "curator@example.org", "timeout": (2.0, 1.0), "retries": 2, **kwargs}
    return HttpClient(sleep=waits.append, **options)  # type: ignore[arg-type]


def test_429_is_retried_after_the_time_the_server_asks(replay: Replay) -> None:
    waits: list[float] = []
    response = make(waits).get(f"{replay.url}/crossref/works/10.5555/limited", expect="json")
    assert response.json()["message"]["title"] == ["Limited"]
    assert waits == [7.0]


def test_retry_after_is_capped(replay: Replay) -> None:
    replay.hits["/crossref/works/10.5555/limited"] = 0
    waits: list[float] = []
    make(waits, max_retry_wait=2.0).get(f"{replay.url}/crossref/works/10.5555/limited", expect="json")
    assert waits == [2.0]


def test_5xx_is_retried_with_backoff_then_reported(replay: Replay) -> None:
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"answered HTTP 503 \(gave up after 3 attempts\)"):
        make(waits).get(f"{replay.url}/crossref/works/10.5555/busy", expect="json")
    assert len(waits) == 2 and 1.0 <= waits[0] < 1.5 and 2.0 <= waits[1] < 2.5


def test_a_slow_answer_times_out(replay: Replay) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not answer within 0.3 s \(gave up after 3 attempts\)"):
        make([], timeout=(2.0, 0.3)).get(f"{replay.url}/crossref/works/10.5555/slow", expect="json")
    assert time.monotonic() - started < 10


def test_unreachable_host() -> None:
    with pytest.raises(FetchError, match=r"cannot reach 127.0.0.1:9: connection refused"):
        make([], retries=0).get("http://127.0.0.1:9/x")


def test_html_instead_of_json_is_an_error(replay: Replay) -> None:
    with pytest.raises(FetchError, match="answered with an HTML page instead of json"):
        make([]).get(f"{replay.url}/arxiv/query", params={"id_list": "9904.00004"}, expect="json")


def test_truncated_json_is_an_error(replay: Replay) -> None:
    with pytest.raises(FetchError, match=r"sent malformed JSON \(.* at byte 4000\)"):
        make([]).get(f"{replay.url}/crossref/works/10.5555/truncated", expect="json")


def test_oversized_answers_are_cut_off(replay: Replay) -> None:
    with pytest.raises(FetchError, match="sent more than 1,000,000 bytes; stopped reading"):
        make([], max_bytes=1_000_000).get(f"{replay.url}/crossref/works/10.5555/huge", expect="json")


def test_404_is_not_found(replay: Replay) -> None:
    with pytest.raises(NotFound):
        make([]).get(f"{replay.url}/nowhere", expect="json")


def test_requests_to_a_paced_host_wait(replay: Replay) -> None:
    waits: list[float] = []
    clock = iter([100.0, 100.0, 100.5, 100.5, 103.5, 103.5]).__next__
    client = make(waits, min_interval={replay.url.removeprefix("http://"): 3.0}, clock=clock)
    for _ in range(3):
        client.get(f"{replay.url}/arxiv/query", params={"id_list": "1706.03762"}, expect="xml")
    assert waits == [2.5]  # the second request waited; the third came late enough


def test_cache_serves_repeated_requests(replay: Replay, tmp_path: Path) -> None:
    client = make([], cache_dir=tmp_path / "cache")
    path = "/arxiv/query"
    before = replay.hits[path]
    first = client.get(f"{replay.url}{path}", params={"id_list": "1605.08386"}, expect="xml")
    second = client.get(f"{replay.url}{path}", params={"id_list": "1605.08386"}, expect="xml")
    assert replay.hits[path] == before + 1
    assert (first.from_cache, second.from_cache) == (False, True) and first.body == second.body
    expired = make([], cache_dir=tmp_path / "cache", cache_ttl=-1)
    assert not expired.get(f"{replay.url}{path}", params={"id_list": "1605.08386"}, expect="xml").from_cache


def test_user_agent_names_the_tool_and_the_contact(replay: Replay) -> None:
    make([]).get(f"{replay.url}/s2/paper/DOI:10.1038/s42256-024-00832-8", expect="json")
    assert replay.user_agents[-1] == user_agent("curator@example.org")
    assert "mailto:curator@example.org" in replay.user_agents[-1]


def test_requests_errors_never_escape() -> None:
    class Broken(requests.Session):
        def get(self, *args: object, **kwargs: object) -> requests.Response:
            raise requests.exceptions.InvalidURL("bad")

    with pytest.raises(FetchError, match="request to x failed"):
        make([], session=Broken()).get("http://x/")
