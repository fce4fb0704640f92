"""The website's search index: the catalog's papers and categories, as the search worker reads them.

Material's own index is built from whole pages, where a paper's metadata is a small part of
the text; searches then ranked pages by their boilerplate. This index holds, per paper, only
what a visitor searches by (title, authors, venue and year, categories, tags, identifiers),
and per category its title and description. ``site_assets/search.js`` loads it when the
visitor first types a query, and ranks by field (``docs/development.md``, "Search").
"""

from __future__ import annotations

import json

from .. import ids
from ..catalog import Catalog
from .paths import category_path, page_url, paper_path

INDEX_PATH = "search/effplm-index.json"
"""Where the index is written in the built site (the worker finds it relative to itself)."""


def search_index(catalog: Catalog) -> str:
    """The index as compact JSON: categories and venues once, papers referring to them by position.

    ``{"categories": [[url, title, description]], "venues": [[name, full name]],
    "papers": [[url, title, [authors], venue, venue label, year, [categories], [tags], [ids]]]}``
    """
    vocab = catalog.vocab
    categories = list(vocab.categories)
    category_at = {cid: i for i, cid in enumerate(categories)}
    venues = sorted(catalog.by_venue)
    venue_at = {vid: i for i, vid in enumerate(venues)}
    papers = []
    for paper in sorted(catalog.papers, key=catalog.sort_key):
        links = paper.links
        identifiers = [value for value in (links.arxiv, links.doi, links.acl, links.openreview) if value]
        papers.append(
            [
                page_url(paper_path(paper)),
                paper.title,
                ids.written_out(paper.authors)[0],
                venue_at[paper.venue.id],
                catalog.venue_label(paper),
                paper.year,
                [category_at[c] for c in paper.all_categories if c in category_at],
                list(paper.tags),
                identifiers,
            ]
        )
    data = {
        "categories": [
            [page_url(category_path(cid)), vocab.categories[cid].title, vocab.categories[cid].description]
            for cid in categories
        ],
        "venues": [
            [vocab.venue_by_id[v].name, vocab.venue_by_id[v].full_name] if v in vocab.venue_by_id else [v, v]
            for v in venues
        ],
        "papers": papers,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def empty_material_index(material_index: str) -> str:
    """Material's ``search_index.json`` without its documents: the page scripts fetch it on every
    page load and hand it to the worker, which needs only its configuration."""
    try:
        config = json.loads(material_index).get("config", {})
    except (ValueError, AttributeError):
        config = {}
    return json.dumps({"config": config, "docs": []}, separators=(",", ":"))
