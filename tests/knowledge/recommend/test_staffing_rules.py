"""The recommendation algorithm on small rules written here: highest averages with minimums and caps,
requirements, outside fills, stand-ins and needed tasks."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from knowledge.base.model import Approach, KnowledgeBase, Role, Task
from knowledge.base.rules import (
    ALWAYS,
    Citation,
    Condition,
    KeyTask,
    OutsideFill,
    RecommendationRules,
    Requirement,
    RiskRule,
    RosterSlot,
    Signal,
)
from knowledge.recommend import (
    RecommendInputs,
    recommend,
)


def _when(**values: str | tuple[str, ...]) -> Condition:
    return Condition(values=tuple((k, v if isinstance(v, tuple) else (v,)) for k, v in values.items()))


def _kb(rules: RecommendationRules) -> KnowledgeBase:
    roles = tuple(Role(id=r, name=r.title(), summary=r) for r in ("lead", "helper", "expert", "ops"))
    approaches = (
        Approach(id="solo", name="Solo", summary=".", strengths=("Fast to start",), roles=("lead",)),
        Approach(
            id="duo", name="Duo", summary=".", weaknesses=("Costly hand-offs",), roles=("lead", "helper")
        ),
    )
    tasks = (
        Task(id="build", name="Build", summary=".", owners=("lead",)),
        Task(id="run", name="Run", summary=".", owners=("ops", "lead")),
        Task(id="judge", name="Judge", summary=".", owners=("expert",)),
    )
    return KnowledgeBase(
        version="t", source="t", roles=roles, approaches=approaches, tasks=tasks, recommendation=rules
    )


def _rules(**overrides: object) -> RecommendationRules:
    base: dict[str, object] = {
        "default_approach": "solo",
        "requirements": (Requirement("duo", Condition(min_people=2), "needs two."),),
        "signals": (
            Signal(
                "duo", _when(domain="high"), 2, "Hard domain.", (Citation("duo", "weaknesses", "hand-off"),)
            ),
        ),
        "roster": (
            RosterSlot("lead", ALWAYS, 3),
            RosterSlot("helper", _when(approach="duo"), 1, min_count=1),
            RosterSlot("expert", _when(domain="high"), 2, max_count=1),
            RosterSlot(
                "ops",
                _when(production="yes"),
                1,
                outside=(OutsideFill(_when(size="large"), "shared", "Ops is shared."),),
            ),
        ),
        "key_tasks": (KeyTask("build"), KeyTask("run", _when(production="yes")), KeyTask("judge")),
        "stand_ins": (("ops", ("lead",)),),
        "risks": (RiskRule(_when(approach="duo"), "Watch hand-offs."),),
    }
    base.update(overrides)
    return RecommendationRules(**base)  # type: ignore[arg-type]


def test_people_go_by_highest_averages_with_minimums_and_caps() -> None:
    kb = _kb(_rules())
    rec = recommend(RecommendInputs(people=10, domain="high", production=True), kb)
    assert rec.approach == "duo"
    # helper gets its minimum first; then weights 3 (lead), 1 (helper), 2 (expert, capped at 1), 1 (ops).
    assert [(e.role, e.count, e.mode) for e in rec.roster] == [
        ("lead", 6, "full-time"),
        ("helper", 2, "full-time"),
        ("expert", 1, "full-time"),
        ("ops", 1, "full-time"),
    ]
    assert rec.risks == ("Watch hand-offs.",)
    assert "Hard domain. “Costly hand-offs”" in rec.rationale


def _highest_averages(
    weights: tuple[int, ...], caps: tuple[int | None, ...], people: int, mins: tuple[int, ...] = ()
) -> list[int]:
    """The reference: the minimums first, in slot order; then one person at a time to the largest exact
    weight / (count + 1), the earlier slot on a tie, skipping slots at their cap unless every slot is."""
    counts = [0] * len(weights)
    for i, least in enumerate(mins):
        counts[i] = min(least, people)
        people -= counts[i]
    for _ in range(people):
        open_slots = [i for i, cap in enumerate(caps) if cap is None or counts[i] < cap]
        best = max(open_slots or range(len(weights)), key=lambda i: (Fraction(weights[i], counts[i] + 1), -i))
        counts[best] += 1
    return counts


@pytest.mark.parametrize("people", [1, 2, 3, 7, 12, 60, 999, 1000])
@pytest.mark.parametrize(
    ("weights", "caps"),
    [
        ((3, 1, 2), (None, None, None)),
        ((2, 2, 2), (None, 5, None)),
        ((100, 33, 7), (400, None, 2)),
        ((1, 3, 3), (1, 1, 1)),
    ],
)
def test_the_headcount_splits_exactly_by_highest_averages(
    people: int, weights: tuple[int, ...], caps: tuple[int | None, ...]
) -> None:
    roster = tuple(
        RosterSlot(role, ALWAYS, weight, max_count=cap)
        for role, weight, cap in zip(("lead", "helper", "expert"), weights, caps, strict=True)
    )
    rec = recommend(RecommendInputs(people=people), _kb(_rules(roster=roster)))
    counts = {e.role: e.count for e in rec.roster}
    assert [counts.get(role, 0) for role in ("lead", "helper", "expert")] == _highest_averages(
        weights, caps, people
    )


def test_big_teams_split_exactly_with_minimums_and_caps() -> None:
    """Big teams are placed in bulk, not one person at a time: the counts must still be the reference's."""
    rng = random.Random(0)
    roles = ("lead", "helper", "expert", "ops")
    for _ in range(60):
        weights = tuple(rng.randint(1, 100) for _ in roles)
        mins = tuple(rng.choice((0, 0, 1, 3, 40)) for _ in roles)
        caps = tuple(rng.choice((None, None, least + 1, least + 9, 300)) for least in mins)
        people = rng.choice((13, 60, 999, 1000))
        roster = tuple(
            RosterSlot(role, ALWAYS, weight, min_count=least, max_count=cap)
            for role, weight, least, cap in zip(roles, weights, mins, caps, strict=True)
        )
        rec = recommend(RecommendInputs(people=people), _kb(_rules(roster=roster)))
        counts = {e.role: e.count for e in rec.roster}
        expected = _highest_averages(weights, caps, people, mins)
        assert [counts.get(role, 0) for role in roles] == expected, (weights, mins, caps, people)


def test_when_every_slot_is_capped_the_rest_still_gets_placed() -> None:
    kb = _kb(
        _rules(
            roster=(RosterSlot("lead", ALWAYS, 1, max_count=1), RosterSlot("helper", ALWAYS, 1, max_count=1))
        )
    )
    rec = recommend(RecommendInputs(people=7), kb)
    assert sum(e.count for e in rec.roster) == 7


def test_a_requirement_that_fails_excludes_the_approach_and_says_why() -> None:
    kb = _kb(_rules())
    rec = recommend(RecommendInputs(people=1, domain="high"), kb)
    assert rec.approach == "solo"
    assert "Not Duo: needs two." in rec.rationale


def test_an_outside_fill_counts_nobody_and_can_be_accountable() -> None:
    kb = _kb(_rules())
    rec = recommend(RecommendInputs(size="large", people=3, production=True), kb)
    assert ("ops", 0, "shared") in [(e.role, e.count, e.mode) for e in rec.roster]
    assert rec.owners["run"] == ("ops", "lead")
    assert "Ops is shared." in rec.rationale


def test_a_missing_role_is_covered_by_its_stand_in_and_named_as_a_risk() -> None:
    kb = _kb(_rules())
    rec = recommend(RecommendInputs(size="small", people=1, production=True, domain="high"), kb)
    assert [(e.role, e.count) for e in rec.roster] == [("lead", 1)]
    assert rec.owners["run"] == ("lead",)
    assert any(r.startswith("No Ops:") and "also covers run" in r for r in rec.risks)
    assert any(r.startswith("No Expert:") for r in rec.risks)
    # Nobody stands in for the expert, so a needed task falls to the largest role, with a risk.
    assert rec.owners["judge"] == ("lead",)
    assert any("Nobody on the roster is suited to own judge" in r for r in rec.risks)


def test_a_task_that_is_not_needed_raises_no_risk() -> None:
    kb = _kb(_rules(stand_ins=()))
    rec = recommend(RecommendInputs(people=1, production=False), kb)
    assert rec.owners["run"] == ("lead",)
    assert not any("run" in r for r in rec.risks)
