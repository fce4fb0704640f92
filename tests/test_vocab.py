"""The vocabularies: the real ones load, venue normalization, heading coverage."""

from __future__ import annotations

import pytest

from effplm_catalog.vocab import Vocabulary, load_vocabulary

from .conftest import REPO

# Every section heading of the four seed documents (../shared/seeds) and of the
# source list behind seed 000; the taxonomy must map each to a category.
SEED_HEADINGS = [
    "Knowledge Distillation",
    "Network Pruning",
    "Quantization",
    "Inference Acceleration",
    "Structure Design",
    "Hardware",
    "Evaluation",
    "Others",  # seed 000 and efficient_plm_readme.md
    "Dynamic Early Exiting",
    "Pruning",  # seed 001
    "Transformer Compression",
    "Normal Pruning",
    "Head Pruning",
    "Layer Pruning",
    "Transfomer Pruning",
    "Token Pruning or Sparse Attention",
    "MoE",
    "Embedding Compression",  # seed 002
    "2.1 Filtering",
    "2.2 Active Learning",
    "2.3 Curriculum Learning",
    "2.4 Estimating Data Quality",
    "3.1 Improving Attention in Transformers",
    "3.2 Sparse Modeling",
    "3.3 Parameter Efficiency",
    "3.4 Retrieval-Augmented Models",
    "3.5 Model Design Considerations",
    "4.1 Optimization Objective",
    "4.2 Pre-training Considerations",
    "5.1 Parameter-Efficient Fine-Tuning",
    "5.2 Multi-Task and Zero-Shot Learning",
    "5.3 Prompting",
    "5.4 Fine-Tuning Considerations",
    "6.1 Pruning",
    "6.2 Knowledge Distillation",
    "6.3 Quantization",
    "6.4 Inference Considerations",
    "7.1 Reducing Optimizer Memory",
    "7.2 Specialized Hardware",
    "7.3 Co-design",
    "7.4 Edge Devices",
    "7.5 Hardware Considerations",
    "8.1 Evaluation Measures",
    "8.2 Open Challenges in Measuring Efficiency",
    "9.1 Hyperparameter Search",
    "9.2 Hyperparameter Transfer",
    "9.3 Model Selection Considerations",  # seed 003, the survey
]


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary(REPO / "vocab")


def test_every_seed_heading_maps_to_a_category(vocab: Vocabulary) -> None:
    unmapped = [h for h in SEED_HEADINGS if vocab.category_for_heading(h) is None]
    assert unmapped == []


def test_taxonomy_has_the_survey_typology_as_groups(vocab: Vocabulary) -> None:
    assert {g.id for g in vocab.groups} >= {
        "data",
        "model-design",
        "pre-training",
        "fine-tuning",
        "inference-compression",
        "hardware",
        "evaluation",
        "model-selection",
    }
    assert all(len(c.description) > 60 for c in vocab.categories.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Findings of EMNLP 2020", ("emnlp", 2020, "findings")),
        ("[EMNLP20 Finding]", ("emnlp", 2020, "findings")),
        ("EMNLP 2020", ("emnlp", 2020, "main")),
        ("ACL-IJCNLP 2021", ("acl", 2021, "main")),
        ("Findings of ACL-IJCNLP 2021", ("acl", 2021, "findings")),
        ("NeurIPS workshop", ("neurips", None, "workshop")),
        ("NeurIPS 2019 Workshop", ("neurips", 2019, "workshop")),
        ("Preprint", ("arxiv", None, "none")),
        ("arxiv 2019", ("arxiv", 2019, "none")),
        ("[ACL21]", ("acl", 2021, "main")),
        ("[HPCA21]", ("hpca", 2021, "main")),
        ("[AAAI 20]", ("aaai", 2020, "main")),
        ("[TACL21]", ("tacl", 2021, "main")),
        ("NAACL'24 workshop", ("naacl", 2024, "workshop")),
        ("EMNLP'23 Industry Track", ("emnlp", 2023, "industry")),
        ("SustaiNLP 2020", ("sustainlp", 2020, "workshop")),
        ("Rep4NLP 2020", ("repl4nlp", 2020, "workshop")),
        ("[ACL20 Workshop Rep4NLP]", ("repl4nlp", 2020, "workshop")),
        ("NeurIPS'23 ENLSP", ("enlsp", 2023, "workshop")),
        (
            "Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing (EMNLP)",
            ("emnlp", 2020, "main"),
        ),
        ("Findings of the Association for Computational Linguistics: EMNLP 2021", ("emnlp", 2021, "findings")),
        ("Advances in Neural Information Processing Systems", ("neurips", None, "main")),
        (
            "Proceedings of the Second Workshop on Simple and Efficient Natural Language Processing",
            ("sustainlp", None, "workshop"),
        ),
        ("arXiv preprint arXiv:2010.15581v1", ("arxiv", None, "none")),  # the ID is not a year
        ("SIGIR ’94", ("sigir", 1994, "main")),
    ],
)
def test_normalize_venue(vocab: Vocabulary, text: str, expected: tuple[str, int | None, str]) -> None:
    match = vocab.normalize_venue(text)
    assert match is not None
    assert (match.venue, match.year, match.track) == expected


def test_unknown_venue_is_none(vocab: Vocabulary) -> None:
    assert vocab.normalize_venue("Journal of Imaginary Results") is None
