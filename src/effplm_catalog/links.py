"""Checking every URL of the catalog: bounded concurrency, per-host pacing, HEAD then GET, a cache.

Results are classified so that only real breakage fails a run:
broken (404, 410, a name that does not resolve), blocked (401, 403, 429: the
site refuses robots, the link may be fine), flaky (timeouts, 5xx, connection
resets), and ok. arXiv, ACL Anthology and DOI identifiers are checked through
their landing pages, never by downloading PDFs.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import requests

from .catalog import Catalog
from .fetch.http import user_agent
from .fsutil import write_text_atomic

Status = Literal["ok", "broken", "blocked", "flaky"]
BROKEN = frozenset({404, 410})
BLOCKED = frozenset({401, 403, 429})
_DNS_FAILURES = (
    "Name or service not known",
    "nodename nor servname",
    "No address associated",
    "Temporary failure in name resolution",
    "getaddrinfo failed",
    "NameResolutionError",
)


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: Status
    detail: str
    checked: float = 0.0


def catalog_urls(catalog: Catalog, *, identifiers: bool = True) -> dict[str, list[str]]:
    """URL → ids of the records that hold it (identifiers as their landing pages)."""
    found: dict[str, list[str]] = {}
    for paper in catalog.papers:
        lk = paper.links
        urls = [lk.paper, lk.code, lk.project]
        if identifiers:
            urls += list(lk.landing_urls().values())
        for url in urls:
            if url:
                found.setdefault(url, []).append(paper.id)
    return dict(sorted(found.items()))


def classify_status(code: int) -> Status:
    if code in BROKEN:
        return "broken"
    if code in BLOCKED:
        return "blocked"
    if code >= 500:
        return "flaky"
    return "ok" if code < 400 else "broken"


def classify_error(exc: requests.RequestException) -> tuple[Status, str]:
    if isinstance(exc, requests.Timeout):
        return "flaky", "timed out"
    text = str(exc)
    if isinstance(exc, requests.ConnectionError) and any(marker in text for marker in _DNS_FAILURES):
        return "broken", "the host name does not resolve"
    if isinstance(exc, requests.ConnectionError):
        return "flaky", "connection failed"
    return "broken", f"invalid request: {type(exc).__name__}"


class _Pacer:
    """At most one request per ``interval`` seconds to each host, across threads."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.next_slot: dict[str, float] = {}

    def wait(self, host: str) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot.get(host, now))
            self.next_slot[host] = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


@dataclass
class LinkChecker:
    session: requests.Session
    concurrency: int = 8
    per_host_interval: float = 1.0
    timeout: float = 15.0
    """Seconds to connect, and between two reads of the answer."""
    cache_path: Path | None = None
    max_age: float = 24 * 3600
    mailto: str | None = None
    deadline: float = 30.0
    """Seconds for one link in all (a server that drips its answer resets every read's timeout)."""
    budget: float | None = None
    """Seconds for the whole run: links not started by then are reported as not checked."""
    clock: Callable[[], float] = time.monotonic

    def check_one(self, url: str, pacer: _Pacer) -> LinkResult:
        """One link's result, within :attr:`deadline` (the request's thread is abandoned past it)."""
        outcome: list[LinkResult] = []
        worker = threading.Thread(target=lambda: outcome.append(self._ask(url, pacer)), daemon=True)
        worker.start()
        worker.join(self.deadline)
        if not outcome:
            return LinkResult(url, "flaky", f"no complete answer within {self.deadline:g} s", time.time())
        return outcome[0]

    def _ask(self, url: str, pacer: _Pacer) -> LinkResult:
        host = urlsplit(url).netloc
        headers = {"User-Agent": user_agent(self.mailto)}
        try:
            pacer.wait(host)
            response = self.session.head(url, headers=headers, timeout=self.timeout, allow_redirects=True)
            if response.status_code in (400, 403, 405, 501) or response.status_code >= 500:
                # Many servers refuse or mishandle HEAD: ask again with a GET, reading only the start.
                pacer.wait(host)
                with self.session.get(
                    url, headers=headers, timeout=self.timeout, allow_redirects=True, stream=True
                ) as got:
                    next(got.iter_content(1024), b"")
                    response = got
        except requests.RequestException as exc:
            status, detail = classify_error(exc)
            return LinkResult(url, status, detail, time.time())
        return LinkResult(url, classify_status(response.status_code), f"HTTP {response.status_code}", time.time())

    def check(self, urls: Iterable[str], progress: Callable[[LinkResult], None] | None = None) -> list[LinkResult]:
        """Every URL's result, in the order given; fresh cached results are reused."""
        urls = list(urls)
        cache = self._load_cache()
        now = time.time()
        results: dict[str, LinkResult] = {}
        todo = []
        for url in urls:
            cached = cache.get(url)
            if cached is not None and cached.status != "flaky" and now - cached.checked < self.max_age:
                results[url] = cached
                if progress:
                    progress(cached)
            else:
                todo.append(url)
        pacer = _Pacer(self.per_host_interval)
        started = self.clock()

        def within_budget(url: str) -> LinkResult:
            if self.budget is not None and self.clock() - started >= self.budget:
                detail = f"not checked: the run's network budget of {self.budget:g} s was used up"
                return LinkResult(url, "flaky", detail, time.time())
            return self.check_one(url, pacer)

        with ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            for result in pool.map(within_budget, todo):
                results[result.url] = result
                if progress:
                    progress(result)
        cache.update(results)
        self._save_cache(cache)
        return [results[url] for url in urls]

    def _load_cache(self) -> dict[str, LinkResult]:
        if self.cache_path is None:
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            return {str(url): LinkResult(**item) for url, item in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):  # unreadable or of another shape: start afresh
            return {}

    def _save_cache(self, cache: dict[str, LinkResult]) -> None:
        if self.cache_path is None:
            return
        with contextlib.suppress(OSError):
            write_text_atomic(self.cache_path, json.dumps({u: asdict(r) for u, r in sorted(cache.items())}, indent=1))
