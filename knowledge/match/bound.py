"""Which entries can score at least a given evidence, known before scoring any (`reaching`), so that a
question with a common word ("engineer", "data") need not score the thousands of entries holding only that.

An entry's evidence is sqrt(strength x explained share). Of the question's known keys, take a set N of the
commonest: an entry holding no other key of the question explains at most the IDF of N (out of the
question's `total`), and its best phrase is at most the strongest any key of N gives alone
(`KeyScores.top_max`) or, for a phrase holding several keys of N, their IDF x the highest `Phrase.ceiling`
among their phrases.
While that bound stays below the evidence asked for, the entries holding keys of N only are left out: only
those holding one of the other keys (few: rare words reach few entries) are scored. The bound errs upwards
only: unknown words, names found scattered or taken, and generic words' smaller share can only lower evidence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Final

from knowledge.match.phrases import KeyScores

WORTH_LEAVING_OUT: Final = 64
"""Entries the commonest key must reach for bounding to be tried: leaving out fewer saves less than the
bounding costs (the bundled knowledge base's questions are scored exhaustively, as before)."""
MARGIN: Final = 1e-9
"""Far more than float rounding (about 1e-15) can move a bound computed in another order than the scores."""


def bound(scores: Sequence[KeyScores], total: float) -> float:
    """The highest evidence an entry holding the keys of `scores` and no other key of the question (whose
    content words weigh `total`) can have."""
    if not scores:
        return 0.0
    weight = sum(key.weight for key in scores)
    strength = max(key.top_max for key in scores)
    if len(scores) > 1:
        strength = max(strength, weight * max(key.ceiling_max for key in scores))
    return math.sqrt(min(1.0, strength) * min(1.0, weight / total))


def reaching(scores: Sequence[KeyScores], total: float, *, at_least: float) -> AbstractSet[int] | None:
    """The entries that can score `at_least` (a superset: those holding one of the keys outside the
    commonest set whose bound stays below it), or None when no key can be left out (then scoring every
    entry the keys reach costs no more)."""
    if at_least <= 0.0 or len(scores) < 2 or max(len(key.tops) for key in scores) < WORTH_LEAVING_OUT:
        return None
    commonest = sorted(scores, key=_reach, reverse=True)
    left_out = 0
    while left_out < len(commonest) and bound(commonest[: left_out + 1], total) + MARGIN < at_least:
        left_out += 1
    if left_out == 0:
        return None
    rest = commonest[left_out:]
    if not rest:
        return frozenset()
    return set().union(*(key.tops.keys() for key in rest))


def _reach(key: KeyScores) -> int:
    return len(key.tops)
