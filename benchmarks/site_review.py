"""Screenshots and page weights of a built website, for reviewing a change to the site.

    python benchmarks/site_review.py SITE_DIR OUT_DIR

Serves SITE_DIR (an `effplm site build` output) on 127.0.0.1, opens it in headless Chromium at a
desktop (1366 px) and a phone (390 px) width, in the light palette, and writes to OUT_DIR one
PNG per view: the table of all papers, a paper page, the statistics page and a search. It prints
the bytes a first visit downloads for the home page and a paper page (HTML, CSS, JavaScript,
images and the search index when it is fetched). Nothing here is timed: the figures are sizes.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

VIEWS = {
    "table": "papers/",
    "paper": "papers/frantar-2023-gptq/",
    "stats": "stats/",
    "home": "",
}
SEARCH = "quantization 8-bit"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _weight(page: Any, url: str) -> int:
    """Bytes of every response a first visit of ``url`` receives (a fresh context, no cache)."""
    sizes: list[int] = []

    def on_response(response: Any) -> None:
        with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
            sizes.append(len(response.body()))

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", on_response)
    return sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chromium = os.environ.get("EFFPLM_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"], headless=True)
        for device, (width, height) in WIDTHS.items():
            for name, path in VIEWS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                weight = _weight(page, base + path)
                page.screenshot(path=str(args.out / f"{name}-{device}.png"))
                if device == "desktop" and name in ("home", "paper"):
                    print(f"first visit of {name} page ({path or '/'}): {weight / 1024:.0f} KiB")
                context.close()
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(base)
            page.keyboard.press("/")
            page.keyboard.type(SEARCH)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(args.out / f"search-{device}.png"))
            context.close()
        browser.close()
    server.shutdown()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
