"""The recommender: the corners of the input space under the bundled rules, and the algorithm on small rules.

The table covers every company size x production yes/no x each labeling level x team sizes 1, 2, 5, 20, 100,
each under all eight combinations of data sources, domain complexity and an existing engineering team. Every
case must hold the invariants the issue states: a known approach, counts that add up to the team size, an
owner on the roster for every key task, and the source's size rules.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest

from knowledge.base.loader import load_bundled
from knowledge.base.model import COMPANY_SIZES, CompanySize, KnowledgeBase
from knowledge.base.project_inputs import (
    DOMAIN_LEVELS,
    LABELING_LEVELS,
    SOURCE_LEVELS,
    Domain,
    Labeling,
    Sources,
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
            # Big companies: DevOps engineers of the larger DevOps team are employed in ML projects, so a
            # team of three or more counts its own (backed by that team); a smaller one shares one.
            modes = {"full-time", "shared"} if people >= 3 else {"shared"}
            assert _modes(rec, "devops-engineer") == modes, (
                f"{case}: big companies employ DevOps in ML projects"
            )
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
