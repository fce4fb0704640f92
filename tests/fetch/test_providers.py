"""Each provider's parser on recorded answers, served over real HTTP from 127.0.0.1."""

from __future__ import annotations

import pytest

from effplm_catalog.fetch import acl, arxiv, crossref, dblp, s2
from effplm_catalog.fetch.endpoints import Endpoints
from effplm_catalog.fetch.http import FetchError, HttpClient, NotFound
from effplm_catalog.fetch.metadata import same_title

EIGHT = [
    "Ashish Vaswani",
    "Noam Shazeer",
    "Niki Parmar",
    "Jakob Uszkoreit",
    "Llion Jones",
    "Aidan N. Gomez",
    "Lukasz Kaiser",
    "Illia Polosukhin",
]


def test_arxiv_legacy_feed(client: HttpClient, endpoints: Endpoints) -> None:
    meta = arxiv.fetch(client, endpoints, "1706.03762")
    assert meta.title == "Attention Is All You Need"
    assert meta.authors == EIGHT
    assert meta.year == 2017 and meta.arxiv == "1706.03762" and meta.venue is None
    assert meta.abstract is not None and meta.abstract.startswith("The dominant sequence transduction models")
    assert "\n" not in meta.abstract  # hard-wrapped lines joined


def test_arxiv_legacy_feed_with_doi_and_journal_ref(client: HttpClient, endpoints: Endpoints) -> None:
    meta = arxiv.fetch(client, endpoints, "1710.08557")
    assert meta.doi and meta.venue


@pytest.mark.parametrize(
    ("identifier", "title"),
    [
        ("1605.08386", "Heat-bath random walks with Markov bases"),
        (
            "astro-ph/0601001",
            "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward "
            "the Galactic Bulge and Carina",
        ),
    ],
)
def test_arxiv_current_feed(client: HttpClient, endpoints: Endpoints, identifier: str, title: str) -> None:
    meta = arxiv.fetch(client, endpoints, identifier)
    assert meta.title == title and meta.arxiv == identifier and meta.year in (2006, 2016)


def test_arxiv_unknown_id_is_not_found(client: HttpClient, endpoints: Endpoints) -> None:
    with pytest.raises(NotFound, match=r"arXiv has no paper 0000\.0000"):
        arxiv.fetch(client, endpoints, "0000.0000")


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("9901.00001", "arXiv: incorrect id format for abc"),  # current-format error feed, HTTP 400
        ("9902.00002", "arXiv: incorrect id format for INVALIDID"),  # legacy error feed, HTTP 400
        ("9903.00003", r"arXiv sent XML with forbidden constructs \(EntitiesForbidden\); refused"),
        ("9904.00004", "answered with an HTML page instead of xml"),
        ("9905.00005", "arXiv sent malformed XML"),
    ],
)
def test_arxiv_bad_answers(client: HttpClient, endpoints: Endpoints, identifier: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        arxiv.fetch(client, endpoints, identifier)


def test_crossref_work(client: HttpClient, endpoints: Endpoints) -> None:
    meta = crossref.fetch(client, endpoints, "10.1038/s42256-024-00832-8")
    assert meta.title == "Augmenting large language models with chemistry tools"
    assert meta.authors[0] == "Andres M. Bran"
    assert (meta.venue, meta.year, meta.pages) == ("Nature Machine Intelligence", 2024, "525--535")
    assert meta.abstract is not None and "<jats" not in meta.abstract and not meta.abstract.startswith("Abstract")


def test_crossref_unknown_doi(client: HttpClient, endpoints: Endpoints) -> None:
    with pytest.raises(NotFound, match=r"Crossref has no work with DOI 10\.48550/arxiv\.2312\.07559"):
        crossref.fetch(client, endpoints, "10.48550/arxiv.2312.07559")


def test_semantic_scholar_by_id_and_title(client: HttpClient, endpoints: Endpoints) -> None:
    meta = s2.fetch(client, endpoints, "DOI:10.1038/s42256-024-00832-8")
    assert (meta.arxiv, meta.doi, meta.venue, meta.pages) == (
        "2304.05376",
        "10.1038/s42256-024-00832-8",
        "Nat. Mac. Intell.",
        "525--535",
    )
    preprint = s2.fetch(client, endpoints, "DOI:10.48550/arxiv.2312.07559")
    assert preprint.doi is None  # arXiv's DataCite DOI is not a published version
    match = s2.match_title(client, endpoints, "Attention Is All You Need")
    assert (match.venue, match.year, match.arxiv) == ("Neural Information Processing Systems", 2017, "1706.03762")
    with pytest.raises(NotFound):
        s2.fetch(client, endpoints, "DOI:10.1101/2024.04.01.587366")


def test_dblp_authors_and_venues_as_objects_or_lists(client: HttpClient, endpoints: Endpoints) -> None:
    meta = dblp.search_title(
        client,
        endpoints,
        "A Global Past-Future Early Exit Method for Accelerating Inference of Pre-trained Language Models",
    )
    assert meta.venue == "NAACL-HLT"  # the CoRR hit is skipped
    assert meta.authors[1] == "Yi Zhang" and len(meta.authors) == 6  # homonym numbers dropped
    assert meta.pages == "2013--2023"
    single = dblp.search_title(client, endpoints, "LeeBERT: Learned Early Exit for BERT with Cross-Level Optimization")
    assert single.authors == ["Wei Zhu"] and single.venue == "ACL/IJCNLP"


def test_acl_anthology_bibtex(client: HttpClient, endpoints: Endpoints) -> None:
    meta = acl.fetch(client, endpoints, "2021.naacl-main.162")
    assert meta.authors == ["Kaiyuan Liao", "Yi Zhang", "Xuancheng Ren", "Qi Su", "Xu Sun", "Bin He"]
    assert meta.doi == "10.18653/v1/2021.naacl-main.162" and meta.pages == "2013--2023" and meta.year == 2021


def test_same_title() -> None:
    assert same_title("Attention is All you Need", "Attention Is All You Need")
    assert not same_title("Self-Attention with Relative Position Representations", "Attention Is All You Need")
