"""`build_recommendation`: what the message says, its text fallback, escaping, buttons and Slack's limits."""

from __future__ import annotations

import itertools
from types import MappingProxyType

import pytest

from handlers.blocks import TIMES, build_recommendation
from knowledge.base.loader import load_bundled
from knowledge.base.model import COMPANY_SIZES, CompanySize, KnowledgeBase
from knowledge.base.project_inputs import DOMAIN_LEVELS, LABELING_LEVELS, SOURCE_LEVELS
from knowledge.recommend import Recommendation, RecommendInputs, RosterEntry, parse_request, recommend
from tests.handlers.conftest import AssertWithinLimits

ADJUST = "recommend-adjust"


def _rec(**overrides: object) -> Recommendation:
    base: dict[str, object] = {
        "inputs": RecommendInputs(size="startup", people=3, labeling="heavy"),
        "approach": "split",
        "roster": (
            RosterEntry("data-engineer", 2, "full-time"),
            RosterEntry("ml-scientist", 1, "part-time"),
            RosterEntry("devops-engineer", 0, "shared"),
            RosterEntry("data-engineer", 0, "outsourced"),
        ),
        "owners": MappingProxyType(
            {"deployment": ("devops-engineer", "data-engineer"), "features": ("ml-scientist",)}
        ),
        "rationale": ("Specialists pay off. “Specialization”",),
        "risks": ("No DevOps engineer in the team.",),
        "assumptions": ("Assumed few data sources (sources=few).",),
    }
    base.update(overrides)
    return Recommendation(**base)  # type: ignore[arg-type]


def test_the_message_shows_approach_roster_owners_reasons_risks_and_assumptions(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    message = build_recommendation(_rec(), kb)
    within_limits(message)
    blocks = message["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Recommended team: Scientists + Engineers"},
    }
    body = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "*Roster* (3 people)" in body
    assert f"2 {TIMES} Data Engineer, full-time" in body
    assert f"1 {TIMES} ML Scientist, part-time" in body
    assert "DevOps Engineer: shared with another team (not in the headcount)" in body
    assert "Data Engineer: outsourced (not in the headcount)" in body
    assert "*Model deployment:* DevOps Engineer, with Data Engineer" in body
    assert "*Feature definitions:* ML Scientist" in body
    assert "Specialists pay off. “Specialization”" in body
    assert "No DevOps engineer in the team." in body
    contexts = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    assert any(
        c.startswith("For a startup · 3 people · models go to production · heavy labeling") for c in contexts
    )
    assert "Assumed few data sources (sources=few)." in contexts
    assert not any(b["type"] == "actions" for b in blocks), "no button without an action id"


def test_the_text_fallback_names_the_approach_and_the_in_team_roster(kb: KnowledgeBase) -> None:
    text = build_recommendation(_rec(), kb)["text"]
    assert text == (
        f"Recommended team: Scientists + Engineers, 3 people: 2 {TIMES} Data Engineer and "
        f"1 {TIMES} ML Scientist. 1 risk to watch."
    )


def test_the_adjust_button_carries_the_inputs(kb: KnowledgeBase, within_limits: AssertWithinLimits) -> None:
    message = build_recommendation(_rec(), kb, adjust_action_id=ADJUST)
    within_limits(message)
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    assert len(actions) == 1
    (button,) = actions[0]["elements"]
    assert button["action_id"] == ADJUST
    value = button["value"]
    assert parse_request(value.split())[0] == RecommendInputs(size="startup", people=3, labeling="heavy")


def test_text_from_the_knowledge_base_is_escaped(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    rec = _rec(
        rationale=("<!channel> & <@U123> are *pinged*",),
        risks=("<https://evil.example|click>",),
        assumptions=("a < b",),
    )
    message = build_recommendation(rec, kb)
    within_limits(message)  # which rejects any raw <, > or & in any text
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt; are *pinged*" in repr(message)


def test_a_huge_recommendation_stays_within_limits(
    huge_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    roles = [role.id for role in huge_kb.roles]
    rec = _rec(
        approach=huge_kb.approaches[0].id,
        roster=tuple(RosterEntry(r, 5, "full-time") for r in roles),
        owners=MappingProxyType({task.id: tuple(roles) for task in huge_kb.tasks[:30]}),
        rationale=tuple("why & <because> " * 200 for _ in range(100)),
        risks=tuple("risk " * 1000 for _ in range(100)),
        assumptions=tuple(f"Assumed {i} " * 400 for i in range(30)),
    )
    within_limits(build_recommendation(rec, huge_kb, adjust_action_id="a" * 300))


def test_an_unknown_id_shows_the_id_not_an_error(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    rec = _rec(
        approach="gone",
        roster=(RosterEntry("ghost", 3, "full-time"),),
        owners=MappingProxyType({"x": ("ghost",)}),
    )
    message = build_recommendation(rec, kb)
    within_limits(message)
    assert f"Recommended team: gone, 3 people: 3 {TIMES} ghost." in message["text"]


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_bundled()


@pytest.mark.parametrize(("size", "people"), list(itertools.product(COMPANY_SIZES, (1, 2, 5, 20, 100, 1000))))
def test_every_bundled_recommendation_fits_in_a_message(
    bundled: KnowledgeBase, within_limits: AssertWithinLimits, size: CompanySize, people: int
) -> None:
    for production, labeling, sources, domain in itertools.product(
        (True, False), LABELING_LEVELS, SOURCE_LEVELS, DOMAIN_LEVELS
    ):
        inputs = RecommendInputs(
            size=size, people=people, production=production, labeling=labeling, sources=sources, domain=domain
        )
        rec = recommend(inputs, bundled, assumptions=("Assumed something (x=y).",))
        message = build_recommendation(rec, bundled, adjust_action_id=ADJUST)
        within_limits(message)
        assert len(message["blocks"]) <= 10
        assert message["text"].startswith("Recommended team: ")
