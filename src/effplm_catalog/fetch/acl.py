"""The ACL Anthology: a paper's BibTeX at ``{EFFPLM_ACL_URL}/{id}.bib``."""

from __future__ import annotations

from bibtexparser.entrypoint import parse_string

from ..bibtex_import import decode_latex, split_bibtex_authors
from ..ids import doi as parse_doi
from .endpoints import Endpoints
from .http import FetchError, HttpClient
from .metadata import Metadata, clean, pages


def parse_bib(text: str, acl_id: str) -> Metadata:
    library = parse_string(text)
    if not library.entries:
        raise FetchError(f"the ACL Anthology sent no BibTeX entry for {acl_id}")
    fields = {f.key.lower(): str(f.value) for f in library.entries[0].fields}
    return Metadata(
        provider="ACL Anthology",
        title=clean(decode_latex(fields.get("title", ""))),
        authors=split_bibtex_authors(fields.get("author", "")),
        year=int(fields["year"]) if fields.get("year", "").isdigit() else None,
        venue=clean(decode_latex(fields.get("booktitle") or fields.get("journal") or "")) or None,
        doi=parse_doi(fields.get("doi", "")),
        acl=acl_id,
        url=fields.get("url") or f"https://aclanthology.org/{acl_id}/",
        pages=pages(fields.get("pages")),
        abstract=clean(decode_latex(fields["abstract"])) if fields.get("abstract") else None,
    )


def fetch(client: HttpClient, endpoints: Endpoints, acl_id: str) -> Metadata:
    response = client.get(f"{endpoints.acl}/{acl_id}.bib", expect="bibtex")
    return parse_bib(response.text, acl_id)
