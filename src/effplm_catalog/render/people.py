"""The website's pages about people: a page for each author, and the index of authors.

Pure functions like those of :mod:`.site`. An author's page lives at the slug
:attr:`~effplm_catalog.catalog.Catalog.author_slugs` gives the name, so two spellings
that fold to the same ASCII still get a page each. Every page is made from the author's
own papers: the site's build stays linear in the number of authorships.
"""

from __future__ import annotations

import functools
import re
import string
from collections import Counter

from ..catalog import Catalog
from ..ids import ascii_fold, last_name, written_out
from .markdown import site_escape as md_escape
from .paths import AUTHOR_INDEX, author_path, href, paper_path
from .safe import attr, text
from .site import author_link, front_matter, has_author_page, paper_list

LETTERS = tuple(string.ascii_uppercase)
OTHER = "Other"
"""The index's last section: family names that do not start with a letter from A to Z once folded."""

_LEADING = re.compile(r"^[^a-z0-9]+")


@functools.lru_cache(maxsize=100_000)
def family_key(name: str) -> tuple[str, str, str]:
    """How the index orders names: by family name, ASCII-folded and case-folded, without
    leading punctuation (``Hao (Mark)Chen`` sorts under M, as written), then by the whole name."""
    family = _LEADING.sub("", ascii_fold(last_name(name)).casefold())
    return family, ascii_fold(name).casefold(), name


def index_letter(name: str) -> str:
    """The index section a name is listed in: the first letter of its family name, or :data:`OTHER`."""
    first = family_key(name)[0][:1].upper()
    return first if first in LETTERS else OTHER


def letter_anchor(letter: str) -> str:
    """The anchor of an index section: the id Python-Markdown's ``toc`` gives its heading."""
    return letter.lower()


def coauthors(catalog: Catalog, name: str) -> list[tuple[str, int]]:
    """Everyone who wrote a paper with ``name``, with the number of papers they share: most shared
    first, then in the index's order."""
    shared = Counter(
        other
        for paper in catalog.by_author.get(name, [])
        for other in dict.fromkeys(written_out(paper.authors)[0])
        if other != name
    )
    return sorted(shared.items(), key=lambda item: (-item[1], family_key(item[0])))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def author_page(catalog: Catalog, name: str) -> str:
    """One author's page: their papers, newest first, and their co-authors."""
    papers = catalog.by_author.get(name, [])
    path = author_path(catalog.author_slugs[name])
    years = sorted({p.year for p in papers})
    span = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    together = coauthors(catalog, name)
    description = (
        f"{name}: {_plural(len(papers), 'paper')}{f' ({span})' if span else ''} in the catalog of efficient "
        f"pre-trained language models, with {_plural(len(together), 'co-author')}."
    )
    facts = [_plural(len(papers), "paper")]
    if span:
        facts.append(f"published {span}")
    facts.append(_plural(len(together), "co-author"))
    index = f"index.md#{letter_anchor(index_letter(name))}"
    lines = [
        *front_matter(name, description, exclude=True),
        f"# {md_escape(name)}",
        "",
        f"{' · '.join(facts)} · [all authors]({index})",
        "",
        "## Papers",
        "",
        paper_list(catalog, papers, path),
        "## Co-authors",
        "",
    ]
    if together:
        items = "\n".join(f"<li>{author_link(catalog, other, path)} ({n})</li>" for other, n in together)
        lines += [
            "With the number of papers written together, most first.",
            "",
            f'<ul class="effplm-coauthors">\n{items}\n</ul>',
            "",
        ]
    else:
        lines += ["*No co-authors in the catalog.*", ""]
    return "\n".join(lines)


def author_index(catalog: Catalog) -> str:
    """The index of authors, by family name, in sections by letter under an A–Z bar; a letter
    without authors is shown but not linked."""
    sections: dict[str, list[str]] = {}
    for name in sorted(catalog.by_author, key=family_key):
        sections.setdefault(index_letter(name), []).append(name)
    bar = [
        f'<a href="#{letter_anchor(letter)}">{letter}</a>' if letter in sections else f"<span>{letter}</span>"
        for letter in (*LETTERS, *([OTHER] if OTHER in sections else []))
    ]
    lines = [
        *front_matter("Authors", exclude=True),
        "# Authors",
        "",
        f"{len(catalog.by_author)} authors, alphabetically by family name. An author of several papers "
        "has a page with their papers and co-authors; an author of one paper is listed with it.",
        "",
        f'<nav class="effplm-letters" aria-label="Family names by letter">{" ".join(bar)}</nav>',
        "",
    ]
    for letter in (*LETTERS, OTHER):
        if letter not in sections:
            continue
        items = []
        for name in sections[letter]:
            # The id keeps links into the former single page of authors (authors/#author-…) working.
            papers = catalog.by_author[name]
            anchor = f"author-{catalog.author_slugs[name]}"
            if has_author_page(catalog, name):
                items.append(f'<li id="{anchor}">{author_link(catalog, name, AUTHOR_INDEX)} ({len(papers)})</li>')
            else:  # no page of their own: their one paper, straight from here
                (paper,) = papers
                link = f'<a href="{attr(href(AUTHOR_INDEX, paper_path(paper)))}">{text(paper.title)}</a>'
                items.append(f'<li id="{anchor}">{text(name)}: {link} ({paper.year})</li>')
        lines += [f"## {letter}", "", '<ul class="effplm-authors">\n' + "\n".join(items) + "\n</ul>", ""]
    return "\n".join(lines)
