"""The recommender: the corners of the input space under the bundled rules, and the algorithm on small rules.

The table covers every company size x production yes/no x each labeling level x team sizes 1, 2, 5, 20, 100,
each under all eight combinations of data sources, domain complexity and an existing engineering team. Every
case must hold the invariants the issue states: a known approach, counts that add up to the team size, an
owner on the roster for every key task, and the source's size rules.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from fractions import Fraction

import pytest

from knowledge.base.loader import load_bundled
from knowledge.base.model import COMPANY_SIZES, Approach, CompanySize, KnowledgeBase, Role, Task
from knowledge.base.project_inputs import (
    DOMAIN_LEVELS,
    LABELING_LEVELS,
    SOURCE_LEVELS,
    Domain,
    Labeling,
    Sources,
)
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
    Recommendation,
    RecommendError,
    RecommendInputs,
    parse_request,
    recommend,
    to_dict,
)
from tests.knowledge.recommend_expectations import APPROACHES, KEY_TASKS

TEAM_SIZES = (1, 2, 5, 20, 100)
IN_TEAM_MODES = {"full-time", "part-time"}
OUTSIDE_MODES = {"shared", "outsourced"}
_QUOTED = re.compile(r"“([^”]+)”")


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_bundled()


def _in_team(rec: Recommendation) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in rec.roster:
        if entry.count:
            counts[entry.role] = counts.get(entry.role, 0) + entry.count
    return counts


def _modes(rec: Recommendation, role: str) -> set[str]:
    return {entry.mode for entry in rec.roster if entry.role == role}


def _named_in_risks(rec: Recommendation, kb: KnowledgeBase, role: str) -> bool:
    return any(kb.role_name(role) in risk for risk in rec.risks)


def _extras() -> Iterator[tuple[Sources, Domain, bool]]:
    return itertools.product(SOURCE_LEVELS, DOMAIN_LEVELS, (False, True))


CORNERS = list(itertools.product(COMPANY_SIZES, (True, False), LABELING_LEVELS, TEAM_SIZES))


@pytest.mark.parametrize(("size", "production", "labeling", "people"), CORNERS)
def test_corners_hold_the_invariants(
    bundled: KnowledgeBase, size: CompanySize, production: bool, labeling: Labeling, people: int
) -> None:
    for sources, domain, engineering in _extras():
        inputs = RecommendInputs(
            size=size,
            people=people,
            production=production,
            labeling=labeling,
            sources=sources,
            domain=domain,
            engineering=engineering,
        )
        rec = recommend(inputs, bundled)
        case = f"{inputs}"
        in_team = _in_team(rec)

        # The approach, and a headcount that adds up.
        assert rec.approach in APPROACHES, case
        assert sum(entry.count for entry in rec.roster) == people, case
        for entry in rec.roster:
            assert bundled.role(entry.role) is not None, case
            assert (entry.count > 0) == (entry.mode in IN_TEAM_MODES), f"{case}: {entry}"
            assert entry.mode in IN_TEAM_MODES | OUTSIDE_MODES, case
        assert len({(e.role, e.mode) for e in rec.roster}) == len(rec.roster), f"{case}: a role/mode twice"

        # Every key task has owners on the roster; the accountable one is in the team or shared.
        assert tuple(rec.owners) == KEY_TASKS, case
        on_roster = {entry.role for entry in rec.roster}
        for task_id, owners in rec.owners.items():
            assert owners, f"{case}: {task_id} has no owner"
            assert len(set(owners)) == len(owners), f"{case}: {task_id} lists an owner twice"
            assert set(owners) <= on_roster, f"{case}: {task_id} owned by {owners}, roster {on_roster}"
            assert owners[0] in in_team or "shared" in _modes(rec, owners[0]), f"{case}: {task_id} {owners}"

        # A team of one is one generalist.
        if people == 1:
            assert rec.approach == "ml-software-engineers", case
            assert in_team == {"ml-engineer": 1}, case

        # Size rules from the source.
        if production and size == "large":
            assert _modes(rec, "devops-engineer") == {"shared"}, f"{case}: big companies share DevOps"
            assert rec.owners["deployment"][0] == "devops-engineer", case
            assert rec.owners["monitoring"][0] == "devops-engineer", case
        if production and size in ("startup", "small"):
            # An ML engineer (or, without ML engineers, the engineer writing production code) owns devops.
            lead = "ml-engineer" if rec.approach == "ml-software-engineers" else "software-engineer"
            assert rec.owners["deployment"][0] == lead, case
            assert rec.owners["monitoring"][0] == lead, case
        if production and size != "large":
            assert "devops-engineer" in in_team or _named_in_risks(rec, bundled, "devops-engineer"), case
        if not production:
            assert "devops-engineer" not in on_roster, case

        # Labeling: heavy means outsourced labelers, managed by the team; none means no labelers at all.
        if labeling == "heavy":
            assert "outsourced" in _modes(rec, "data-labeler"), case
            assert "data-labeler" in rec.owners["labeling"], case
            assert "data-labeler" in in_team or _named_in_risks(rec, bundled, "data-labeler"), case
            if "data-labeler" in in_team:
                assert rec.owners["labeling"][0] == "data-labeler", case
        if labeling == "some":
            assert "data-labeler" in in_team or _named_in_risks(rec, bundled, "data-labeler"), case
        if labeling == "none":
            assert "data-labeler" not in on_roster, case

        # Roles the inputs call for are on the team or named as risks, never silently dropped.
        if domain == "high":
            assert "domain-expert" in in_team or _named_in_risks(rec, bundled, "domain-expert"), case
        if sources == "many":
            assert "data-engineer" in in_team or _named_in_risks(rec, bundled, "data-engineer"), case

        # The scientists-plus-engineers approach always has both of its sides.
        if rec.approach == "scientists-plus-engineers":
            assert in_team.get("ml-scientist", 0) >= 1 and in_team.get("software-engineer", 0) >= 1, case
            assert "ml-engineer" not in on_roster, case
        else:
            assert in_team.get("ml-engineer", 0) >= 1, case
            assert not {"ml-scientist", "software-engineer"} & on_roster, case


@pytest.mark.parametrize("people", TEAM_SIZES)
def test_the_rationale_quotes_the_knowledge_base_word_for_word(bundled: KnowledgeBase, people: int) -> None:
    items = {
        item
        for approach in bundled.approaches
        for item in (*approach.strengths, *approach.weaknesses, *approach.choose_when)
    }
    seen = 0
    for size, production, domain, engineering in itertools.product(
        COMPANY_SIZES, (True, False), DOMAIN_LEVELS, (False, True)
    ):
        inputs = RecommendInputs(
            size=size, people=people, production=production, domain=domain, engineering=engineering
        )
        rec = recommend(inputs, bundled)
        for line in (*rec.rationale, *rec.risks):
            for quote in _QUOTED.findall(line):
                assert quote in items, f"{quote!r} is not an item of an approach"
                seen += 1
    assert seen, "no reason quoted the knowledge base"


def test_the_approach_follows_the_inputs(bundled: KnowledgeBase) -> None:
    def approach(*pairs: str) -> str:
        return recommend(parse_request(pairs)[0], bundled).approach

    # Production without an engineering team: engineers who can ship.
    assert approach("size=small", "people=5", "production=yes", "engineering=no") == "ml-software-engineers"
    # Research in a complex domain at a big company with engineers: specialists.
    assert (
        approach("size=large", "people=20", "production=no", "domain=high", "engineering=yes")
        == "scientists-plus-engineers"
    )
    # One person cannot be a scientist and an engineer team, whatever else is asked.
    assert approach("size=large", "people=1", "production=no", "domain=high") == "ml-software-engineers"


def test_the_same_inputs_give_the_same_recommendation(bundled: KnowledgeBase) -> None:
    inputs = RecommendInputs(size="medium", people=20, labeling="heavy", sources="many", domain="high")
    assert to_dict(recommend(inputs, bundled)) == to_dict(recommend(inputs, bundled))


def test_assumptions_are_passed_through(bundled: KnowledgeBase) -> None:
    inputs, assumptions = parse_request(["size=startup"])
    rec = recommend(inputs, bundled, assumptions=assumptions)
    assert rec.assumptions == assumptions
    assert len(rec.assumptions) == 6


def test_to_dict_has_exactly_the_documented_shape(bundled: KnowledgeBase) -> None:
    data = to_dict(recommend(RecommendInputs(labeling="heavy"), bundled, assumptions=("x",)))
    assert set(data) == {"approach", "roster", "owners", "rationale", "risks", "assumptions"}
    assert all(set(entry) == {"role", "count", "mode"} for entry in data["roster"])
    assert all(isinstance(owners, list) for owners in data["owners"].values())
    assert data["assumptions"] == ["x"]


def test_a_base_without_rules_says_so(bundled: KnowledgeBase) -> None:
    bare = KnowledgeBase(
        version="v",
        source="somewhere",
        roles=bundled.roles,
        approaches=bundled.approaches,
        tasks=bundled.tasks,
    )
    with pytest.raises(RecommendError, match="no team-recommendation rules"):
        recommend(RecommendInputs(), bare)


# --- the algorithm on small rules written here ------------------------------------------------------------


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
