"""The roster: which of the rules' slots are staffed for the inputs, and how the headcount is shared among
them (minimums first, then highest averages; outside help listed, never counted)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from knowledge.base.rules import (
    APPROACH_KEY,
    FillMode,
    OutsideFill,
    RecommendationRules,
    RosterSlot,
)
from knowledge.recommend.result import RecommendError, RosterEntry


@dataclass(frozen=True, slots=True)
class Staffing:
    roster: tuple[RosterEntry, ...]
    unstaffed: tuple[str, ...]
    """Roles of active slots with nobody in the team (unless wholly filled from outside): named as risks."""
    notes: tuple[str, ...]


def _outside_fill(slot: RosterSlot, facts: Mapping[str, str]) -> OutsideFill | None:
    for fill in slot.outside:
        if fill.when.holds(facts):
            return fill
    return None


def _allocate(slots: Sequence[RosterSlot], facts: Mapping[str, str], people: int) -> list[int]:
    """Minimums first, in slot order; then highest averages (D'Hondt): each person goes to the slot with the
    largest weight / (count + 1), the earlier slot on a tie, skipping slots at their max unless all are."""
    weights = [slot.weight_for(facts) for slot in slots]
    caps = [slot.max_count for slot in slots]
    counts = [0] * len(slots)
    left = people
    for i, slot in enumerate(slots):
        counts[i] = min(slot.min_count, left)
        left -= counts[i]
    if left <= 0:
        return counts
    if left >= _BULK_AT_LEAST:
        left -= _place_in_bulk(weights, caps, counts, left)
    # A heap of (-average, slot): the smallest is the largest average, the earlier slot on a tie. The
    # averages are floats, yet exact for ordering: int / int is correctly rounded, so equal quotients are
    # equal floats, and distinct quotients of weights and counts this small are far apart.
    capping = True
    heap = [
        (-weights[i] / (counts[i] + 1), i) for i, cap in enumerate(caps) if cap is None or counts[i] < cap
    ]
    if not heap:  # every slot is at its max: they all share the rest
        capping = False
        heap = [(-weights[i] / (counts[i] + 1), i) for i in range(len(slots))]
    heapq.heapify(heap)
    for _ in range(left):
        i = heap[0][1]
        counts[i] += 1
        cap = caps[i]
        if capping and cap is not None and counts[i] >= cap:
            heapq.heappop(heap)
            if not heap:
                capping = False
                heap = [(-weights[j] / (counts[j] + 1), j) for j in range(len(slots))]
                heapq.heapify(heap)
        else:
            heapq.heapreplace(heap, (-weights[i] / (counts[i] + 1), i))
    return counts


_BULK_AT_LEAST: Final = 40
"""People left to place from which `_place_in_bulk` pays for its arithmetic (measured with the bundled
rules' four or five slots); fewer go one at a time."""


def _place_in_bulk(weights: Sequence[int], caps: Sequence[int | None], counts: list[int], left: int) -> int:
    """Place at once people that placing `left` people one at a time is bound to place; return how many.

    One at a time, the people go to the `left` largest of the averages `weight / (count + k)`, k = 1, 2, ...
    up to each slot's max (largest first, the earlier slot on a tie). So when at most `left` of those
    averages reach some bar, they are all among them: placing them first, and the rest one at a time, gives
    the same counts. With the bar `total / n`, `total` the weight of the slots below their max, a slot has
    `weight * n // total - count` averages that reach it (exact integers; none if that is negative, and no
    more than its max allows). The first `n` tried, the people left plus those already in these slots,
    places nearly everyone; when a slot far above its share makes that too many, `n = left` never is.
    Repeated while it places anyone, since a slot that reaches its max leaves its share to the others.
    """
    placed = 0
    while left > 0:
        below_max = [i for i, cap in enumerate(caps) if cap is None or counts[i] < cap]
        if not below_max or any(weights[i] <= 0 for i in below_max):  # checked rules weigh 1 or more
            break
        total = sum(weights[i] for i in below_max)
        for n in (left + sum(counts[i] for i in below_max), left):
            sure = [_reaching(weights[i], counts[i], caps[i], total, n) for i in below_max]
            step = sum(sure)
            if step <= left:
                break
        if not step:
            break
        for i, more in zip(below_max, sure, strict=True):
            counts[i] += more
        left -= step
        placed += step
    return placed


def _reaching(weight: int, count: int, cap: int | None, total: int, n: int) -> int:
    """How many more averages `weight / (count + k)` of a slot reach `total / n`, as far as its max allows."""
    more = weight * n // total - count
    if cap is not None:
        more = min(more, cap - count)
    return max(more, 0)


def staff(rules: RecommendationRules, facts: Mapping[str, str], people: int) -> Staffing:
    active: list[tuple[RosterSlot, OutsideFill | None]] = []
    in_team: list[RosterSlot] = []
    for slot in rules.roster:
        if slot.when.holds(facts):
            fill = _outside_fill(slot, facts) if slot.outside else None
            active.append((slot, fill))
            if fill is None or fill.in_team_too:
                in_team.append(slot)
    if not in_team:  # unreachable with checked rules: every approach has an always-staffed slot
        raise RecommendError(f"The recommendation rules staff nobody for approach '{facts[APPROACH_KEY]}'.")
    count_of = dict(zip(map(id, in_team), _allocate(in_team, facts, people), strict=True))

    roster: dict[tuple[str, FillMode], int] = {}
    unstaffed: list[str] = []
    notes: list[str] = []
    for slot, fill in active:
        count = count_of.get(id(slot), 0)
        if count:
            mode: FillMode = (
                "part-time" if slot.part_time is not None and slot.part_time.holds(facts) else "full-time"
            )
            key = (slot.role, mode)
            roster[key] = roster.get(key, 0) + count
        if fill is not None:
            roster.setdefault((slot.role, fill.mode), 0)
            if fill.note not in notes:
                notes.append(fill.note)
        if not count and (fill is None or fill.in_team_too):
            unstaffed.append(slot.role)
    entries = tuple(RosterEntry(role, count, mode) for (role, mode), count in roster.items())
    in_team_roles = {entry.role for entry in entries if entry.count}
    return Staffing(
        roster=entries,
        unstaffed=tuple(dict.fromkeys(r for r in unstaffed if r not in in_team_roles)) if unstaffed else (),
        notes=tuple(notes),
    )
