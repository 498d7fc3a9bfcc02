"""Bounded scoring (`knowledge.match.bound`) leaves out only entries that exhaustive scoring would leave out:
on a knowledge base ten times the bundled one, for many random questions (its own words, common and rare,
some misspelt or unknown), `Scorer.rows` with the matcher's floor and spread gives exactly the rows that
scoring every entry and cutting afterwards gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import kb_gen
from knowledge.base.loader import load_path
from knowledge.match.bound import bound, reaching
from knowledge.match.index import Index, index_for
from knowledge.match.phrases import UNKNOWN_WEIGHT, Row

QUESTIONS = 600
FLOORS = ((0.35, 0.23), (0.35 - 1e-9, 0.23 + 1e-9), (0.5, 0.1), (0.2, 0.4))
"""(at_least, within) pairs: the matcher's, and others around it."""
UNKNOWN = ("cafeteria", "parking", "zzqx", "holiday")
SHAPES = ("who owns {}", "{}", "who handles {} and {}", "{} or {}?", "what does a {} do all day")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    size = 10 * kb_gen.entry_count(kb_gen.bundled_files())
    return index_for(load_path(kb_gen.write(size, Path(tmp_path_factory.mktemp("kb-10x-bounded")))))


def _question(index: Index, rng: random.Random, words: list[str]) -> str:
    def phrase() -> str:
        picked = rng.sample(words, k=rng.randint(1, 3))
        if rng.random() < 0.2:
            picked.append(rng.choice(UNKNOWN))
        return " ".join(picked)

    shape = rng.choice(SHAPES)
    return shape.format(*(phrase() for _ in range(shape.count("{}"))))


def _exhaustive(index: Index, question: str, *, at_least: float, within: float) -> list[Row]:
    every = index.scorer.rows(index.read(question))  # no floor: every entry scored, nothing left out
    if not every:
        return []
    cut = min(at_least, max(every)[0] - within)
    return [row for row in every if row[0] >= cut]


def test_bounded_rows_are_the_exhaustive_rows(index: Index) -> None:
    rng = random.Random(14)
    # The knowledge base's own words, weighted to the common ones (those are what bounding leaves out).
    words = [raw for raw in index.spellings for _ in range(1 + int(3 / index.idf[index.spellings[raw]]))]
    bounded = 0
    for _ in range(QUESTIONS):
        question = _question(index, rng, words)
        reading = index.read(question)
        for at_least, within in FLOORS:
            found = index.scorer.rows(reading, at_least=at_least, within=within)
            assert found == _exhaustive(index, question, at_least=at_least, within=within), question
        if len(reading.content) > 1:
            total = sum(index.idf.get(key, UNKNOWN_WEIGHT) for key in reading.content)
            scores = [index.scorer.keys[key] for key in reading.known]
            bounded += reaching(scores, total, at_least=FLOORS[0][0]) is not None
    assert bounded >= QUESTIONS // 4  # the bounded path is what was tested, not only the exhaustive one


def test_the_bound_holds_for_every_entry_holding_only_the_bounded_keys(index: Index) -> None:
    rng = random.Random(15)
    keys = sorted(index.spellings)
    for _ in range(200):
        question = " ".join(rng.sample(keys, k=rng.randint(2, 5)))
        reading = index.read(question)
        if len(reading.content) < 2:
            continue
        total = sum(index.idf.get(key, UNKNOWN_WEIGHT) for key in reading.content)
        held = {key: index.scorer.keys[key] for key in reading.known}
        for row in index.scorer.rows(reading):
            holding = [scores for scores in held.values() if row[1] in scores.tops]
            assert row[0] <= bound(holding, total) + 1e-9, question
