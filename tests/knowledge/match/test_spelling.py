"""Spelling as people type: run-together words, abbreviations, British and American spellings, plurals, and
the false positives each must not buy."""

from __future__ import annotations

import pytest

from knowledge.base.model import KnowledgeBase
from knowledge.match.index import index_for
from knowledge.match.matcher import match
from knowledge.match.run_together import split_run_together


@pytest.mark.parametrize(
    ("word", "split"),
    [
        ("devopsengineer", "devops engineer"),
        ("mlengineer", "ml engineer"),
        ("dataengineer", "data engineer"),
        ("domainexpert", "domain expert"),
    ],
)
def test_run_together_words_are_split_where_both_halves_are_known(
    bundled_kb: KnowledgeBase, word: str, split: str
) -> None:
    assert split_run_together(word, index_for(bundled_kb)) == split


@pytest.mark.parametrize("question", ["payroll", "who owns payroll", "labeler", "mlops", "zxcvbnmasdf"])
def test_known_words_everyday_halves_and_gibberish_are_not_split(
    bundled_kb: KnowledgeBase, question: str
) -> None:
    assert split_run_together(question, index_for(bundled_kb)) is None


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("DS", "ml-scientist"),
        ("DE", "data-engineer"),
        ("MLE", "ml-engineer"),
        ("SME", "domain-expert"),
        ("labelling", "labeling"),
        ("labeling", "labeling"),
        ("modelling", "model-design"),
        ("data scientists", "ml-scientist"),
        ("labler", "data-labeler"),
        ("devps", "devops-engineer"),
    ],
)
def test_abbreviations_spellings_plurals_and_typos(
    bundled_kb: KnowledgeBase, question: str, entry: str
) -> None:
    assert match(question, bundled_kb).id == entry


@pytest.mark.parametrize(
    "question", ["lunch", "who cleans the data center floor", "who labels the fridge shelves"]
)
def test_near_misses_stay_out(bundled_kb: KnowledgeBase, question: str) -> None:
    assert match(question, bundled_kb).kind == "none"
