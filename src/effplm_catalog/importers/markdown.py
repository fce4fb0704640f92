"""Awesome-list style Markdown → entries.

Understands the list formats of the catalog's sources, line by line:

- numbered bold titles with a free-text venue, italic authors on the next line
  and ``[[pdf](url)]`` or ``[[pdf]](url)`` links; a title may wrap onto a second line;
- numbered linked bold titles with ``[ACL21]``-style venue tags, ``_authors_``,
  ``[Method-tag]`` tags and indented notes below;
- bullet items with a venue badge (``img.shields.io/badge/Conference-ACL'23-blue``),
  an optional star badge linking the code, a linked title, authors and links;
- plain bullet items ``Title. Authors. [Paper][Github]`` without URLs;
- table rows whose first cell holds badges, a linked title and the authors after
  ``<br>``, and whose last cell holds ``[Github](url) <br> [Paper](url)``;
- bullets ``Title <br> Venue Year [[Paper]](url) [[Code]](url)``.

Table-of-contents lines (links to ``#anchors``), header and separator rows, star
and section badges are not papers.

Headings give each entry its section path; mapping headings to categories is
the vocabulary's job (``headings:`` in ``vocab/taxonomy.yaml``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..ids import CUT_SHORT, ET_AL
from .entries import Anomaly, Entry

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED_BOLD = re.compile(r"^\s*\d+\.\s+\*\*(?P<title>.+?)(?:\*\*(?P<rest>.*))?$")
_NUMBERED_LINKED = re.compile(r"^\s*\d+\.\s+\[\*\*(?P<title>.+?)\*\*\]\((?P<url>[^)\s]+)\)(?P<rest>.*)$")
_BULLET = re.compile(r"^[*-]\s+(?P<body>.+)$")
_BADGE = re.compile(r"\[!\[(?P<alt>[^\]]*)\]\((?P<img>[^)]*)\)\]\((?P<href>[^)]*)\)")
_LINKED_TITLE = re.compile(r"^\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)\)\.?\s*(?P<rest>.*)$")
_ITALIC_AUTHORS = re.compile(r"^\s*\*(?P<authors>[^*]+)\*\s*(?P<rest>.*)$")
_UNDERSCORE_AUTHORS = re.compile(r"(?<![\w])_(?P<authors>[^_]+)_(?![\w])")
_LINK_STYLES = re.compile(r"\[\[(?P<a>[^\]]+)\]\((?P<u1>[^)\s]+)\)\]|\[\[(?P<b>[^\]]+)\]\]\((?P<u2>[^)\s]+)\)")
_BRACKETS = re.compile(r"\[([^\[\]]+)\](?!\()")
_NOTE = re.compile(r"^\s+(?:[-*]|[a-z]\.)\s+(?P<text>.+)$")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_TABLE_ROW = re.compile(r"^\s*\|(?P<cells>.*\|.*)$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_BR = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r"(?<!!)\[(?P<label>[^\[\]]+)\]\((?P<url>[^)\s]*)\)")
_IMAGE = re.compile(r"<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)", re.IGNORECASE)
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>.+?)\*\*\s*(?P<rest>.*)$")
_LINK_LABELS = frozenset(("paper", "pdf", "arxiv", "code", "github", "project"))


def split_authors(text: str) -> list[str]:
    """Author names from "A, B, and C" / "A and B"; equal-contribution marks dropped, and a closing
    "et al." kept on the last name ("B et al"), as the list wrote it: the import completes it."""
    text = re.sub(r"\s+", " ", text.replace("*", "")).strip().rstrip(".").strip()
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", text)
    names = [p.strip().strip(".").strip() if p.strip().endswith("..") else p.strip() for p in parts]
    kept: list[str] = []
    for name in names:
        if ET_AL.match(name):
            if kept and not CUT_SHORT.search(kept[-1]):
                kept[-1] += " et al"  # the list is cut short: said on its last name, to be completed
        elif name:
            kept.append(name)
    return kept


def _looks_like_names(text: str) -> bool:
    names = split_authors(text)
    return bool(names) and all(
        1 <= len(n.split()) <= 6 and n[0].isupper() and not n.endswith(("?", ":")) for n in names
    )


def _links(text: str) -> list[tuple[str, str]]:
    found = []
    for m in _LINK_STYLES.finditer(text):
        label = (m.group("a") or m.group("b")).strip().lower()
        found.append((label, m.group("u1") or m.group("u2")))
    return found


def _badge_venue(img: str) -> str | None:
    """ "https://img.shields.io/badge/Conference-ACL'23%20Findings-blue" → "ACL'23 Findings"."""
    m = re.search(r"/badge/(?P<label>.+)-[a-z]+/?$", img)
    if not m:
        return None
    label = unquote(m.group("label")).replace("--", "\0").replace("_", " ").replace("\0", "-")
    return label.split("-", 1)[1] if "-" in label else label


def _tags(text: str) -> list[str]:
    tags = []
    for group in _BRACKETS.findall(text):
        for part in re.split(r"[,+]", group):
            slug = re.sub(r"[^a-z0-9]+", "-", part.strip().lower()).strip("-")
            slug = re.sub(r"-base$", "-based", slug)
            if slug:
                tags.append(slug)
    return list(dict.fromkeys(tags))


def parse_markdown(text: str, source: str) -> tuple[list[Entry], list[Anomaly]]:
    """Every paper entry of a Markdown list, and what could not be parsed."""
    entries: list[Entry] = []
    anomalies: list[Anomaly] = []
    headings: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    current: Entry | None = None

    def path() -> list[str]:
        return [h for _, h in headings]

    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        i += 1
        if not raw.strip():
            continue
        heading = _HEADING.match(raw)
        if heading:
            level = len(heading.group(1))
            headings = [(lv, h) for lv, h in headings if lv < level] + [(level, heading.group(2).strip())]
            current = None
            continue
        note = _NOTE.match(raw)
        if note and current is not None and current.source == source and not _NUMBERED_BOLD.match(raw):
            current.notes.append(note.group("text").strip())
            continue
        linked = _NUMBERED_LINKED.match(raw)
        if linked:
            current = _numbered_linked(linked, source, lineno, path())
            entries.append(current)
            continue
        bold = _NUMBERED_BOLD.match(raw)
        if bold:
            title, rest = bold.group("title"), bold.group("rest")
            if rest is None and i < len(lines):  # the title wraps onto the next line
                cont = re.match(r"^\s*(?P<more>.+?)\*\*(?P<rest>.*)$", lines[i])
                if cont:
                    title, rest = f"{title} {cont.group('more').strip()}", cont.group("rest")
                    i += 1
            if rest is None:
                anomalies.append(Anomaly(source, lineno, "unparsed", f"bold title never closed: {raw.strip()!r}"))
                continue
            current = Entry(source, lineno, _clean_title(title), venue_text=rest.strip() or None, headings=path())
            while i < len(lines) and not lines[i].strip():
                i += 1
            author_line = _ITALIC_AUTHORS.match(lines[i]) if i < len(lines) else None
            if author_line:
                current.authors = split_authors(author_line.group("authors"))
                current.urls = _links(author_line.group("rest"))
                i += 1
            entries.append(current)
            continue
        row = _TABLE_ROW.match(raw)
        if row:
            entry = _table_row(row.group("cells"), source, lineno, path())
            if entry is not None:
                entries.append(entry)
            current = None
            continue
        bullet = _BULLET.match(raw)
        if bullet and _is_contents(bullet.group("body")):
            current = None
            continue
        if bullet and headings:
            entry = _bullet(bullet.group("body"), source, lineno, path())
            if entry is not None:
                current = entry
                entries.append(entry)
                continue
        if bullet and not headings and "[Paper]" in raw:
            entry = _plain_bullet(bullet.group("body"), source, lineno)
            if entry is None:
                anomalies.append(
                    Anomaly(source, lineno, "unparsed", f"cannot split title and authors: {raw.strip()!r}")
                )
            else:
                entries.append(entry)
            continue
        current = None
    for entry in entries:
        if not entry.authors:
            anomalies.append(Anomaly(source, entry.line, "missing-authors", f"no authors for {entry.title!r}"))
    return entries, anomalies


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title.replace("\\*", "*")).strip()


def _numbered_linked(m: re.Match[str], source: str, lineno: int, headings: list[str]) -> Entry:
    rest = m.group("rest")
    entry = Entry(source, lineno, _clean_title(m.group("title")), urls=[("title", m.group("url"))], headings=headings)
    authors = _UNDERSCORE_AUTHORS.search(rest)
    before, after = (rest[: authors.start()], rest[authors.end() :]) if authors else (rest, "")
    venue = _BRACKETS.search(before)
    if venue:
        entry.venue_text = venue.group(1).strip()
    if authors:
        entry.authors = split_authors(authors.group("authors"))
        entry.tags = _tags(after)
    else:
        tags = _BRACKETS.findall(before)
        entry.tags = _tags(" ".join(f"[{t}]" for t in tags[1:]))
    return entry


def _bullet(body: str, source: str, lineno: int, headings: list[str]) -> Entry | None:
    body, venue_text, urls, tags = _strip_badges(body)
    body = body.strip()
    if _BR.search(body):
        entry = _br_bullet(body, venue_text, urls, source, lineno, headings)
        if entry is not None:
            entry.tags = tags
        return entry
    title = _LINKED_TITLE.match(body)
    if not title:
        return None
    rest = title.group("rest")
    link_start = rest.find("[[")
    author_text = rest[:link_start] if link_start >= 0 else rest
    urls = [("title", title.group("url")), *urls, *_links(rest)]
    return Entry(
        source,
        lineno,
        _clean_title(title.group("title")),
        split_authors(author_text),
        venue_text,
        urls=list(dict.fromkeys(urls)),
        headings=headings,
        tags=tags,
    )


def _br_bullet(
    body: str, venue_text: str | None, urls: list[tuple[str, str]], source: str, lineno: int, headings: list[str]
) -> Entry | None:
    """``Title <br> Venue Year [[Paper]](url) [[Code]](url)``, the title plain, bold or linked, and
    sometimes authors in a part of their own."""
    parts = [p.strip() for p in _BR.split(body) if p.strip()]
    if len(parts) < 2:
        return None
    head = parts[0]
    linked, bold = _LINKED_TITLE.match(head), _BOLD_TITLE.match(head)
    title = linked.group("title") if linked else bold.group("title") if bold else head.strip(" *")
    links = [("title", linked.group("url"))] if linked else []
    authors: list[str] = []
    for part in parts[1:]:
        plain = _LINK_STYLES.sub(" ", _LINK.sub(" ", part)).strip(" .")
        italic = _ITALIC_AUTHORS.match(part)
        if italic or (_looks_like_names(plain) and not _YEAR.search(plain)):
            authors = split_authors(italic.group("authors") if italic else plain)
        elif plain and venue_text is None:
            venue_text = plain
        links += _labelled_links(part)
    if not title or title.startswith("#"):
        return None
    return Entry(
        source,
        lineno,
        _clean_title(title),
        authors,
        venue_text,
        urls=list(dict.fromkeys([*links, *urls])),
        headings=headings,
    )


def _plain_bullet(body: str, source: str, lineno: int) -> Entry | None:
    """``Title. Authors. [Paper][Github]``: the split is the first ". " followed only by names
    (the first, because initials such as "Tatsunori B. Hashimoto" hold ". " too)."""
    text = body[: body.find("[Paper]")].strip()
    for m in re.finditer(r"[.?!]\s", text):
        title, authors = text[: m.start() + 1].strip(), text[m.end() :].strip()
        if title and _looks_like_names(authors):
            return Entry(
                source,
                lineno,
                _clean_title(title.rstrip(".") if not title.endswith("?.") else title[:-1]),
                split_authors(authors),
            )
    return None


def _is_contents(body: str) -> bool:
    """A table-of-contents line: nothing but links to anchors of the page itself."""
    links = _LINK.findall(body)
    rest = _LINK.sub("", body).strip(" .-*")
    return bool(links) and all(url.startswith("#") for _label, url in links) and not rest


def _labelled_links(text: str) -> list[tuple[str, str]]:
    """``[Github](url)``, ``[[Paper]](url)``, ``[[pdf](url)]``: (kind, url) for the labels lists use."""
    found = _links(text)
    for m in _LINK.finditer(text):
        label = m.group("label").strip().strip("[]").lower()
        if label in _LINK_LABELS and m.group("url") and not m.group("url").startswith("#"):
            found.append((label, m.group("url")))
    return list(dict.fromkeys(found))


def _strip_badges(text: str) -> tuple[str, str | None, list[tuple[str, str]], list[str]]:
    """The text without its badges; the venue a "Publish" badge names, the code a star badge links,
    and the method types "Type" badges name (as tags: "Unstructured" → ``unstructured``)."""
    venue_text = None
    urls: list[tuple[str, str]] = []
    tags: list[str] = []

    def badge(m: re.Match[str]) -> str:
        nonlocal venue_text
        alt, img, href = m.group("alt").lower(), m.group("img"), m.group("href")
        if alt == "publish" or "/badge/conference-" in img.lower() or "/badge/venue-" in img.lower():
            venue_text = _badge_venue(img) or venue_text
        elif alt == "star" and href:
            urls.append(("code", href))
        elif alt == "type":
            label = unquote(img.rsplit("/badge/", 1)[-1]).rsplit("-", 1)[0].replace("w/", "with ")
            tags.extend(_tags(f"[{label}]"))
        return " "

    return _BADGE.sub(badge, text), venue_text, urls, tags


def _table_row(cells_text: str, source: str, lineno: int, headings: list[str]) -> Entry | None:
    """A row of a list kept as a table: the first cell names the paper, the last its links."""
    cells = [c.strip() for c in cells_text.split("|")]
    if not cells or all(_SEPARATOR_CELL.match(c) or not c for c in cells):
        return None
    text, venue_text, urls, tags = _strip_badges(cells[0])
    parts = [p.strip() for p in _BR.split(_IMAGE.sub(" ", text)) if p.strip()]
    title_link = next(((i, m) for i, p in enumerate(parts) if (m := _LINKED_TITLE.match(p))), None)
    if title_link is None:
        return None  # a header row ("Title & Authors"), or a row without a paper
    at, match = title_link
    authors_text = " ".join(parts[at + 1 :]) or match.group("rest")
    links = [("title", match.group("url")), *urls]
    for cell in cells[1:]:
        links += _labelled_links(_BR.sub(" ", cell))
    return Entry(
        source,
        lineno,
        _clean_title(match.group("title")),
        split_authors(re.sub(r"<[^>]+>", " ", authors_text)) if authors_text.strip() else [],
        venue_text,
        urls=list(dict.fromkeys(links)),
        headings=headings,
        tags=tags,
    )
