"""The scoring of entries against a question (`knowledge.match.evidence`): the precomputed, fast scoring gives
exactly what the rule gives when every phrase is scored one by one, and the matcher's filter keeps what it
asks for."""

from __future__ import annotations

import math
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase
from knowledge.match.index import Index, index_for
from knowledge.match.phrases import GENERIC_SHARE, SCATTERED_FACTOR, UNKNOWN_WEIGHT, WHOLE
from knowledge.match.reading import Reading
from knowledge.match.text import fold, words
from tests.knowledge.match.held_out import HELD_OUT

Scored = tuple[int, float, float, float]


def _plain_evidence(index: Index, reading: Reading) -> list[Scored]:
    """The rule as it reads, every phrase holding a key of the question scored key by key (slow)."""
    scorer = index.scorer
    weights = {k: scorer.idf.get(k, UNKNOWN_WEIGHT) for k in reading.content}
    total = sum(weights.values())
    if total <= 0.0:
        return []
    covered: dict[int, list[str]] = {}
    for key in reading.known:
        for phrase_index in sorted(scorer.postings.get(key, ())):
            covered.setdefault(phrase_index, []).append(key)
    taken: dict[str, list[tuple[int, int]]] = {}
    scattered: set[int] = set()
    for phrase_index, keys in covered.items():
        phrase = scorer.phrases[phrase_index]
        if not phrase.named:
            continue
        if phrase.sequence and not _plain_in_order(reading.sequence, phrase.sequence):
            scattered.add(phrase_index)
        elif len(keys) == len(phrase.keys):
            for key in keys:
                if reading.sequence.count(key) == 1:  # a key said twice may belong to two names
                    taken.setdefault(key, []).append((phrase.entry, len(phrase.keys)))
    unknown_share = sum(weights[k] for k in reading.unknown) / total
    best: dict[int, float] = {}
    for phrase_index, keys in covered.items():
        phrase = scorer.phrases[phrase_index]
        if not phrase.named:
            amount = sum(weights[k] for k in keys)
        else:
            longer = 0 if phrase_index in scattered else len(phrase.keys)
            amount = sum(
                weights[k]
                for k in keys
                if not any(e != phrase.entry and n > longer for e, n in taken.get(k, ()))
            )
            if phrase_index in scattered:
                amount *= SCATTERED_FACTOR
        coverage = amount / phrase.total
        if coverage < WHOLE or all(k in scorer.generic for k in phrase.keys):
            coverage *= 1.0 - unknown_share
        strength = phrase.weight * coverage * phrase.scale
        if strength > best.get(phrase.entry, 0.0):
            best[phrase.entry] = strength
    found: list[Scored] = []
    for position, strength in best.items():
        vocab = index.entries[position].vocab
        specific = sum(weights[k] for k in reading.known if k in vocab and k not in scorer.generic)
        generic = sum(weights[k] for k in reading.known if k in vocab and k in scorer.generic)
        explained = (specific + generic if specific > 0 else generic * GENERIC_SHARE) / total
        found.append((position, min(math.sqrt(strength * explained), 1.0), strength, explained))
    return sorted(found)


def _plain_in_order(sequence: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    present = tuple(key for key in phrase if key in sequence)
    size = len(present)
    return size < 2 or any(sequence[i : i + size] == present for i in range(len(sequence) - size + 1))


def _fast_evidence(index: Index, reading: Reading) -> list[Scored]:
    return sorted((e.entry, e.score, e.phrase, e.explained) for e in index.evidence(reading))


def _kb_texts(kb: KnowledgeBase) -> list[str]:
    texts: list[str] = []
    for group in (kb.roles, kb.approaches, kb.tasks):
        for entry in group:
            texts += [entry.id, entry.name, *entry.aliases, *entry.keywords]
    return texts


TEMPLATES: Final = (
    "who owns {}",
    "what does a {} do",
    "{} at a startup all day",
    "{} vs {}",
    "{} or {}?",
    "who manages the {} budget",  # everyday words next to an unknown one
    "{} and {} {}",  # words said twice
)


def test_the_fast_scoring_gives_exactly_what_the_plain_rule_gives(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    texts = _kb_texts(bundled_kb)
    questions = [q for q, _ in HELD_OUT] + texts
    questions += [t.format(a, b, a) for t in TEMPLATES for a, b in zip(texts, reversed(texts), strict=True)]
    assert len(questions) > 1000
    for question in questions:
        reading = index.read(question)
        assert _fast_evidence(index, reading) == _plain_evidence(index, reading), question


_KB: list[KnowledgeBase] = []


def _shared_kb() -> KnowledgeBase:
    """Hypothesis does not mix with function-scoped fixtures; one bundled snapshot for its examples."""
    if not _KB:
        _KB.append(load_bundled())
    return _KB[0]


def _vocabulary() -> list[str]:
    words_ = {w for text in _kb_texts(_shared_kb()) for w in words(fold(text))}
    return sorted(words_ | {"office", "lunch", "all", "day", "the", "who", "vs", "or", "dev-ops", "labeller"})


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_vocabulary()), min_size=1, max_size=8))
def test_any_mix_of_knowledge_base_words_scores_as_the_plain_rule(parts: list[str]) -> None:
    index = index_for(_shared_kb())
    reading = index.read(" ".join(parts))
    assert _fast_evidence(index, reading) == _plain_evidence(index, reading)


@pytest.mark.parametrize("question", ["data engineer", "who owns deployment", "ML eng", "engineer"])
def test_the_filter_keeps_the_strong_and_the_close(bundled_kb: KnowledgeBase, question: str) -> None:
    index = index_for(bundled_kb)
    reading = index.read(question)
    every = {e.entry: e for e in index.evidence(reading)}
    assert len(every) > 2
    top = max(e.score for e in every.values())
    for at_least, within in ((0.5, 0.1), (0.9, 0.0), (1.1, 0.3)):
        kept = index.evidence(reading, at_least=at_least, within=within)
        assert {e.entry for e in kept} == {
            entry for entry, e in every.items() if e.score >= at_least or e.score >= top - within
        }
        assert all(e == every[e.entry] for e in kept)


def test_the_evidence_comes_in_knowledge_base_order(bundled_kb: KnowledgeBase) -> None:
    """The matcher's ranking relies on it to keep ties in knowledge-base order."""
    index = index_for(bundled_kb)
    questions = [q for q, _ in HELD_OUT] + _kb_texts(bundled_kb)
    for question in questions:
        entries = [e.entry for e in index.evidence(index.read(question))]
        assert entries == sorted(entries), question


def test_a_question_without_known_keys_has_no_evidence(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    assert index.evidence(index.read("the office coffee machine")) == []
    assert index.evidence(index.read("")) == []
