"""The running totals of one question's scoring (`knowledge.match.evidence.Scorer.rows`), and how they are
read back into rows: which phrases hold several of its keys, which entries its keys reach, the evidence of
those entries, and the phrases of one key scored alone."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import Final

from knowledge.match.names import Claim
from knowledge.match.phrases import NONE, ROUNDING, Alone, AloneGroup, KeyScores, Row

SPARSE: Final = 4
"""A question whose keys reach fewer than 1/SPARSE of the entries reads back only those (sorted); past
that, scanning every position costs less than sorting."""


def shared_phrases(scores: list[KeyScores]) -> AbstractSet[int]:
    """The phrases holding two or more of the question's known keys (`scores`: theirs)."""
    if len(scores) == 2:
        return scores[0].postings & scores[1].postings
    if len(scores) < 2:
        return NONE
    seen = scores[0].postings
    shared: set[int] = set()
    for alone in scores[1:-1]:
        shared |= alone.postings & seen
        seen = seen | alone.postings
    shared |= scores[-1].postings & seen
    return shared


def scored(
    best: Mapping[int, float] | list[float],
    explained: Mapping[int, float] | list[float],
    total: float,
    entries: Iterable[int],
    *,
    at_least: float = 0.0,
    within: float = math.inf,
) -> list[Row]:
    """The evidence of `entries` (in the order given: knowledge-base order) from their best phrases'
    strengths (0: none) and the IDF they explain (of `total`): those scoring `at_least` or `within` of the
    best score (by default, all)."""
    sqrt = math.sqrt
    found: list[Row] = []
    for entry in entries:
        strength = best[entry]
        if strength > 0.0:
            share = explained[entry] / total
            score = sqrt(strength * share)
            found.append((score if score < 1.0 else 1.0, entry, strength, share))
    if not found:
        return []
    cut = min(at_least, max(found)[0] - within)  # scores first: the highest
    return [row for row in found if row[0] >= cut]


def touched_entries(scores: list[KeyScores], size: int) -> Iterable[int]:
    """The entries the keys reach (`KeyScores.tops`), in knowledge-base order: the positions themselves when
    the keys reach a good part of the knowledge base, else their union, sorted."""
    reached = sum(len(alone.tops) for alone in scores)
    if reached * SPARSE >= size:
        return range(size)
    return sorted(set().union(*(alone.tops.keys() for alone in scores)))


def kept(found: tuple[Row, ...], top: float, *, at_least: float, within: float) -> list[Row]:
    """Of evidence scored beforehand (best score `top`), what `_scored` would keep."""
    cut = min(at_least, top - within)
    return [row for row in found if row[0] >= cut]


def add_alone(
    groups: dict[int, AloneGroup],
    entries: Iterable[int],
    *,
    keep: float,
    shared: AbstractSet[int],
    claim: Claim | None,
    best: list[float],
) -> None:
    """These entries' phrases holding one key (`knowledge.match.evidence.Scorer.alone`), scored as if it were
    the only key of them in the question, into `best`; phrases holding other keys of the question too are
    `knowledge.match.evidence.Scorer._add_shared`'s."""
    for entry in entries:
        group = groups[entry]
        # A name whose one key is in another entry's longer name, in place, does not count.
        longest = claim.longest_other(entry) if claim else 0
        strongest = best[entry]
        for option in group.whole:
            upper = option.upper * keep if option.generic else option.upper
            if upper > strongest and not (option.named and option.size < longest):
                strongest = upper
        for option in group.partial:
            # A partial phrase scores its `upper` x keep (up to rounding); they come strongest first.
            if option.upper * keep + ROUNDING <= strongest:
                break  # none of the rest can do better
            if option.phrase in shared or (option.named and option.size < longest):
                continue
            strength = option.weight * (option.coverage * keep) * option.scale
            strongest = max(strongest, strength)
        if strongest > 0.0:
            best[entry] = strongest


def strongest_first(option: Alone) -> float:
    return -option.upper
