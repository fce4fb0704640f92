"""What tools read from a paper's page besides its text: Highwire Press ``citation_*`` tags
(Zotero, Google Scholar) and OpenGraph tags (link previews), for the page's ``<head>``."""

from __future__ import annotations

from .. import ids
from ..catalog import Catalog
from ..models import Paper
from .readme import format_authors
from .safe import attr


def citation_meta(catalog: Catalog, paper: Paper) -> str:
    """Highwire Press ``citation_*`` and OpenGraph tags, which Zotero, Google Scholar and link
    previews read from a paper's page."""
    vocab = catalog.vocab
    venue = vocab.venue_by_id.get(paper.venue.id)
    tags = [("citation_title", paper.title)]
    names, _cut_short = ids.written_out(paper.authors)  # "Basil Hosmer et al" is Basil Hosmer
    tags += [("citation_author", name) for name in names]
    tags.append(("citation_publication_date", str(paper.year)))
    if venue is not None and venue.kind == "journal":
        tags.append(("citation_journal_title", venue.full_name))
    elif venue is not None and venue.kind != "preprint":
        tags.append(("citation_conference_title", venue.full_name))
    if paper.links.doi:
        tags.append(("citation_doi", paper.links.doi))
    if paper.links.arxiv:
        tags.append(("citation_arxiv_id", paper.links.arxiv))
    pdf = paper.pdf_url()
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    html = [f'<meta name="{name}" content="{attr(value)}">' for name, value in tags]
    description = f"{format_authors(paper.authors)}. {catalog.venue_label(paper)}."
    html += [
        f'<meta property="og:title" content="{attr(paper.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:description" content="{attr(description)}">',
    ]
    return "\n".join(html)
