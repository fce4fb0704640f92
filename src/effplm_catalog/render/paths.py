"""Where each page of the website lives, and relative links between pages.

MkDocs builds with ``use_directory_urls``: ``papers/x.md`` is served at ``papers/x/``. Links
inside raw HTML are not rewritten by MkDocs, so they are made relative here.
"""

from __future__ import annotations

from ..models import Paper


def paper_path(paper: Paper) -> str:
    return f"papers/{paper.id}.md"


def category_path(cid: str) -> str:
    return f"categories/{cid}.md"


def year_path(year: int) -> str:
    return f"years/{year}.md"


def venue_path(vid: str) -> str:
    return f"venues/{vid}.md"


AUTHOR_INDEX = "authors/index.md"


def author_path(slug: str) -> str:
    """An author's page, by the slug :attr:`Catalog.author_slugs` gives their name."""
    return f"authors/{slug}.md"


def page_url(md: str) -> str:
    """The URL MkDocs gives a page (``use_directory_urls``): ``papers/x.md`` → ``papers/x/``."""
    if md == "index.md":
        return ""
    if md.endswith("/index.md"):
        return md[: -len("index.md")]
    return md[: -len(".md")] + "/"


def href(from_md: str, to_md: str, anchor: str = "") -> str:
    """A relative link from one page to another, for HTML the Markdown engine does not rewrite:
    up to the site's root, then down to the target (string work; this runs for every link)."""
    up = "../" * page_url(from_md).count("/")
    return (up + page_url(to_md) + (f"#{anchor}" if anchor else "")) or "./"
