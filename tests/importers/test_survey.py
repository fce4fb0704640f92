"""The survey: references read from one-token-per-line text, citations mapped to sections."""

from __future__ import annotations

from effplm_catalog.importers.survey import parse_survey, sections_of, split_survey

from ..conftest import DATA

TEXT = (DATA / "importers" / "survey.txt").read_text(encoding="utf-8")


def test_references_are_read_with_authors_venues_and_pages() -> None:
    entries, _ = parse_survey(TEXT, "survey")
    assert len(entries) == 9
    mishra = entries[1]
    assert mishra.authors == ["Swaroop Mishra", "Bhavdeep Singh Sachdeva"]
    assert mishra.year == 2020 and mishra.pages == "169--173"
    assert mishra.venue_text == "Proceedings of SustaiNLP: Workshop on Simple and Efficient Natural Language Processing"
    assert entries[4].authors == ["Timnit Gebru", "Jamie Morgenstern", "Hal Daumé III", "Kate Crawford"]
    assert entries[4].venue_text == "Communications of the ACM" and entries[4].pages == "86--92"
    assert entries[7].venue_text == "F. Rouge"  # "title , volume 1 . Publisher ."


def test_citations_give_sections_in_order_of_first_citation() -> None:
    entries, anomalies = parse_survey(TEXT, "survey")
    sections = {e.title.split(":")[0]: e.headings for e in entries}
    assert sections["DistilBERT, a distilled version of BERT"] == ["Introduction", "6.2 Knowledge Distillation"]
    assert sections["Do we need to create big datasets to learn a task?"] == ["2.1 Filtering"]  # "X and Y (2020)"
    assert sections["GPT3.int8()"] == ["6.3 Quantization"]  # year suffix a, not b
    assert sections["8-bit optimizers via block-wise quantization"] == []
    assert sections["Datasheets for datasets"] == ["2.1 Filtering", "6.3 Quantization"]  # "(2021, 2022)" lists
    assert sections["Monarch"] == ["6.2 Knowledge Distillation"]  # "Dao et al. (2022)"
    assert sections["Cours d’Économie Politique professé à l’Université de Lausanne"] == ["6.3 Quantization"]
    kinds = sorted((a.kind, a.message.split(" (")[0]) for a in anomalies)
    assert kinds == [
        (
            "incomplete-author",
            "author 'Christopher' of 'Monarch: Expressive structured matrices for efficient and accurate training' has one name only",
        ),
        ("uncited", "no section cites Dettmers et al., 2022b"),
        ("uncited", "no section cites Elbayad and Gu, 2020"),
    ]


def test_the_last_paragraph_before_a_first_subsection_introduces_its_section() -> None:
    body, tokens = split_survey(TEXT)
    assert tokens[:2] == ["Victor", "Sanh"]
    sections = dict(sections_of(body))
    assert sections["2.1 Filtering"][0] == "Data efficiency is improved by using fewer training instances."
    assert sections["Introduction"] == [
        "Recent work in natural language processing has yielded appealing results from scaling (Sanh et al., 2019)."
    ]
