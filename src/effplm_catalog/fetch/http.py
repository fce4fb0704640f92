"""A small, well-behaved HTTP client over ``requests``."""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode, urljoin, urlsplit

import requests

from .. import __version__
from ..errors import EffplmError
from ..fsutil import write_bytes_atomic
from .endpoints import Endpoints

Expect = Literal["json", "xml", "bibtex", "text"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


_CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "json": ("json",),  # application/json, application/vnd.api+json
    "xml": ("xml",),  # application/atom+xml, text/xml
    "bibtex": ("bibtex", "text/plain", "application/x-tex", "octet-stream"),
}
"""What each expected kind of body may be labelled as (an unlabelled body is judged by its content)."""
_KIND_NAMES = {"json": "JSON", "xml": "XML", "bibtex": "BibTeX"}


class FetchError(EffplmError):
    """The network, or an API, did not give a usable answer."""


class NotFound(FetchError):
    """The API answered that the thing asked for does not exist."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes
    from_cache: bool = False

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except json.JSONDecodeError as exc:
            raise FetchError(f"{_host(self.url)} sent malformed JSON ({exc.msg} at byte {exc.pos})") from None
        except UnicodeDecodeError:
            raise FetchError(f"{_host(self.url)} sent JSON that is not UTF-8") from None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def user_agent(mailto: str | None) -> str:
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"effplm-catalog/{__version__} (+https://github.com/effplm-catalog/effplm-catalog{contact})"


@dataclass
class HttpClient:
    """GET with timeouts, retries, pacing, a size limit and a cache. Raises FetchError, never requests' errors."""

    session: requests.Session = field(default_factory=requests.Session)
    mailto: str | None = None
    timeout: tuple[float, float] = (5.0, 30.0)
    retries: int = 3
    backoff: float = 1.0
    max_retry_wait: float = 60.0
    max_bytes: int = 5_000_000
    cache_dir: Path | None = None
    cache_ttl: float = 7 * 24 * 3600
    min_interval: dict[str, float] = field(default_factory=dict)
    """Seconds between requests to a host (arXiv asks for 3)."""
    deadline: float = 60.0
    """Seconds a request may take in all (connect, headers and body): a server that drips one
    byte at a time never trips a per-read timeout."""
    budget: float | None = None
    """Seconds all the requests of this client may take together (one command's network time);
    None: no limit beyond each request's deadline."""
    max_redirects: int = 5
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _started: float | None = field(default=None, repr=False)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Expect = "text",
        ok: tuple[int, ...] = (200,),
    ) -> Response:
        """GET ``url``; a status in ``ok`` is returned, 404 raises NotFound, anything else FetchError."""
        full = url + ("?" + urlencode(params) if params else "")
        key = self._cache_key(full, headers)
        cached = self._cache_read(key)
        if cached is not None:
            return self._check(cached, expect, ok)
        response = self._fetch(full, headers)
        checked = self._check(response, expect, ok)
        self._cache_write(key, response)
        return checked

    def _fetch(self, url: str, headers: Mapping[str, str] | None) -> Response:
        host = _host(url)
        all_headers = {"User-Agent": user_agent(self.mailto), **(headers or {})}
        last_error = ""
        for attempt in range(self.retries + 1):
            self._pace(host)
            try:
                response, retry_after = self._within_deadline(url, all_headers)
            except requests.Timeout:
                last_error = f"{host} did not answer within {self.timeout[1]:g} s"
                retry_after = None
                response = None
            except requests.ConnectionError as exc:
                last_error = f"cannot reach {host}: {_reason(exc)}"
                retry_after = None
                response = None
            except requests.RequestException as exc:
                raise FetchError(f"request to {host} failed: {exc}") from None
            if response is not None and response.status not in RETRY_STATUSES:
                return response
            if response is not None:
                last_error = f"{host} answered HTTP {response.status}"
            if attempt < self.retries:
                self.sleep(self._wait(attempt, retry_after))
        tries = "1 attempt" if self.retries == 0 else f"{self.retries + 1} attempts"
        raise FetchError(f"{last_error} (gave up after {tries})")

    def _within_deadline(self, url: str, headers: Mapping[str, str]) -> tuple[Response, str | None]:
        """One request, following redirects itself, in a thread given :attr:`deadline` seconds in all
        (the thread is abandoned past it: nothing else bounds a server that drips its answer)."""
        outcome: list[tuple[Response, str | None]] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                outcome.append(self._follow(url, headers))
            except BaseException as exc:  # handed to the caller's thread
                failure.append(exc)

        now = time.monotonic()
        self._started = now if self._started is None else self._started
        left = self.deadline if self.budget is None else min(self.deadline, self.budget - (now - self._started))
        if left <= 0:
            raise FetchError(f"the network budget of {self.budget:g} s is used up; nothing more was fetched")
        worker = threading.Thread(target=work, name=f"effplm-fetch {_host(url)}", daemon=True)
        worker.start()
        worker.join(left)
        if worker.is_alive():
            raise FetchError(f"{_host(url)} did not finish answering within {left:g} s; gave up")
        if failure:
            raise failure[0]
        return outcome[0]

    def _follow(self, url: str, headers: Mapping[str, str]) -> tuple[Response, str | None]:
        """GET ``url``, following redirects only within its origin (scheme, host and port): an API
        that redirects elsewhere is refused, and its credentials never leave the host."""
        origin = _origin(url)
        for _ in range(self.max_redirects + 1):
            with self.session.get(
                url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
            ) as raw:
                location = raw.headers.get("Location")
                if raw.is_redirect and location:
                    target = urljoin(url, location)
                    if _origin(target) != origin:
                        raise FetchError(f"{_host(url)} redirected to another host ({_host(target)}); not followed")
                    url = target
                    continue
                body = self._read(raw, _host(url))
                response = Response(raw.url or url, raw.status_code, raw.headers.get("Content-Type", ""), body)
                return response, raw.headers.get("Retry-After")
        raise FetchError(f"{_host(url)} redirected more than {self.max_redirects} times")

    def _read(self, raw: requests.Response, host: str) -> bytes:
        chunks = []
        size = 0
        for chunk in raw.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{host} sent more than {self.max_bytes:,} bytes; stopped reading")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        if retry_after:
            seconds = _parse_retry_after(retry_after)
            if seconds is not None:
                return min(max(seconds, 0.0), self.max_retry_wait)
        return min(self.backoff * 2.0**attempt + random.uniform(0, self.backoff / 2), self.max_retry_wait)

    def _pace(self, host: str) -> None:
        interval = self.min_interval.get(host, 0.0)
        now = self.clock()
        if host in self._last and interval > 0:
            wait = self._last[host] + interval - now
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    @staticmethod
    def _check(response: Response, expect: Expect, ok: tuple[int, ...]) -> Response:
        host = _host(response.url)
        if response.status == 404 and 404 not in ok:
            raise NotFound(f"{host} has no such record (HTTP 404)")
        if response.status not in ok:
            raise FetchError(f"{host} answered HTTP {response.status}")
        head = response.body[:512].lstrip().lower()
        if expect != "text" and (
            head.startswith((b"<!doctype html", b"<html")) or "text/html" in response.content_type
        ):
            raise FetchError(f"{host} answered with an HTML page instead of {expect} (a bot check or an error page)")
        content_type = response.content_type.lower().split(";")[0].strip()
        allowed = _CONTENT_TYPES.get(expect)
        if allowed is not None and content_type and not any(part in content_type for part in allowed):
            raise FetchError(f"{host} answered with {response.content_type}, not {_KIND_NAMES[expect]}")
        if expect == "json":
            response.json()
        elif expect == "xml" and not head.startswith(b"<"):
            raise FetchError(f"{host} did not answer with XML")
        return response

    def _cache_key(self, url: str, headers: Mapping[str, str] | None) -> str:
        accept = (headers or {}).get("Accept", "")
        return hashlib.sha256(f"{url}\n{accept}".encode()).hexdigest()

    def _cache_read(self, key: str) -> Response | None:
        if self.cache_dir is None:
            return None
        meta_path = self.cache_dir / f"{key}.json"
        try:
            if time.time() - meta_path.stat().st_mtime > self.cache_ttl:
                return None
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = (self.cache_dir / f"{key}.body").read_bytes()
            url, status, content_type = meta["url"], meta["status"], meta["content_type"]
        except (OSError, ValueError, KeyError, TypeError):  # unreadable or of another shape: fetched again
            return None
        if not (isinstance(url, str) and isinstance(status, int) and isinstance(content_type, str)):
            return None
        return Response(url, status, content_type, body, from_cache=True)

    def _cache_write(self, key: str, response: Response) -> None:
        if self.cache_dir is None or response.status not in (200, 404):
            return
        try:
            write_bytes_atomic(self.cache_dir / f"{key}.body", response.body)
            meta = {"url": response.url, "status": response.status, "content_type": response.content_type}
            write_bytes_atomic(self.cache_dir / f"{key}.json", json.dumps(meta).encode())
        except OSError:
            pass  # a cache that cannot be written is only slower


def _parse_retry_after(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return float(when.timestamp() - time.time())


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in (
        "Name or service not known",
        "Temporary failure in name resolution",
        "Connection refused",
        "No route to host",
        "Network is unreachable",
    ):
        if marker in text:
            return marker.lower()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def client_from_env(cache_dir: Path | None) -> HttpClient:
    """A client configured from the environment (EFFPLM_MAILTO, EFFPLM_NO_CACHE, EFFPLM_ARXIV_INTERVAL,
    EFFPLM_NETWORK_BUDGET: seconds of network time for the whole command, 600 by default;
    EFFPLM_RETRIES: how many times a failed request is tried again, 3 by default)."""
    endpoints = Endpoints.from_env()
    try:
        interval = float(os.environ.get("EFFPLM_ARXIV_INTERVAL", "3"))
        budget = float(os.environ.get("EFFPLM_NETWORK_BUDGET", "600"))
        retries = int(os.environ.get("EFFPLM_RETRIES", "3"))
    except ValueError:
        raise EffplmError(
            "EFFPLM_ARXIV_INTERVAL and EFFPLM_NETWORK_BUDGET must be numbers of seconds, EFFPLM_RETRIES a whole number"
        ) from None
    return HttpClient(
        budget=budget,
        retries=max(0, retries),
        mailto=os.environ.get("EFFPLM_MAILTO") or None,
        cache_dir=None if os.environ.get("EFFPLM_NO_CACHE") else cache_dir,
        min_interval={_host(endpoints.arxiv): interval},
    )
