"""The Block Kit renderer: every kind of message, Slack's limits, escaping, and the dispatch on a match."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.blocks import (
    ELLIPSIS,
    MAX_SUGGESTIONS,
    ActionIds,
    Message,
    build_answer,
    build_approach_card,
    build_comparison,
    build_did_you_mean,
    build_help,
    build_recommendation_for,
    build_role_card,
    build_task_card,
    escape,
    truncate,
)
from handlers.blocks.cards import PRACTICE_NOTE
from handlers.pipeline import answer
from knowledge.base.model import Approach, KnowledgeBase, OwnerVariant
from knowledge.match import Match

NASTY_QUERY = "<!channel> & <@U123> <https://x|y>"
NASTY_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://x|y&gt;"

Builder = Callable[[KnowledgeBase], Message]
AssertWithinLimits = Callable[[Message], None]

BUILDERS: dict[str, Builder] = {
    "role": lambda kb: build_role_card(kb.roles[0], kb),
    "role, last": lambda kb: build_role_card(kb.roles[-1], kb),
    "task": lambda kb: build_task_card(kb.tasks[0], kb),
    "task, last": lambda kb: build_task_card(kb.tasks[-1], kb),
    "approach": lambda kb: build_approach_card(kb.approaches[0], kb),
    "comparison": build_comparison,
    "help": build_help,
    "help, unknown question": lambda kb: build_help(kb, query=NASTY_QUERY * 50),
    "did you mean": lambda kb: build_did_you_mean(NASTY_QUERY, [t.id for t in kb.tasks], kb),
    "did you mean, buttons": lambda kb: build_did_you_mean(
        NASTY_QUERY, [r.id for r in kb.roles], kb, actions=ActionIds("pick")
    ),
    "recommend, no rules": lambda kb: build_answer(Match(NASTY_QUERY, "recommend"), kb),
}


def _section_texts(message: Message) -> list[str]:
    return [
        block["text"]["text"] for block in message["blocks"] if block["type"] == "section" and "text" in block
    ]


def _all_text(message: Message) -> str:
    return repr(message["blocks"]) + message["text"]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_every_kind_is_a_valid_slack_message(
    kind: str, kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    within_limits(BUILDERS[kind](kb))


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_absurdly_long_knowledge_still_fits(
    kind: str, huge_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    message = BUILDERS[kind](huge_kb)
    within_limits(message)
    if kind != "recommend, no rules":  # the only message with no knowledge-base text in it
        assert ELLIPSIS in _all_text(message), "nothing was cut"


def test_an_overlong_message_is_cut_to_the_block_limit_with_a_note(huge_kb: KnowledgeBase) -> None:
    message = build_comparison(huge_kb)
    assert len(message["blocks"]) == 50
    assert message["blocks"][-1]["type"] == "context"
    assert "more" in message["blocks"][-1]["elements"][0]["text"]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_comparison_of_any_number_of_approaches(
    count: int, kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    extra = Approach(id="third", name="Third way", summary="Something else.")
    approaches = (*kb.approaches, extra)[:count]
    other = KnowledgeBase(version="v", source="s", roles=kb.roles, approaches=approaches, tasks=kb.tasks)
    message = build_comparison(other)
    within_limits(message)
    for approach in approaches:
        assert approach.name in _all_text(message)


# --- escaping ----------------------------------------------------------------------------------------------


def test_escape() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape("&amp;") == "&amp;amp;"
    assert escape("*bold* _it_") == "*bold* _it_"


@pytest.mark.parametrize(
    "build",
    [
        lambda kb: build_help(kb, query=NASTY_QUERY),
        lambda kb: build_did_you_mean(NASTY_QUERY, ["deployment"], kb),
        lambda kb: build_answer(Match(query=NASTY_QUERY, kind="none"), kb),
        lambda kb: build_answer(Match(query=NASTY_QUERY, kind="none", alternatives=("features",)), kb),
    ],
    ids=["help", "did you mean", "answer, none", "answer, close call"],
)
def test_the_users_question_comes_back_escaped(
    build: Builder, kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    message = build(kb)
    within_limits(message)
    assert NASTY_ESCAPED in message["text"]
    assert NASTY_ESCAPED in _section_texts(message)[0]


def test_knowledge_text_is_escaped_and_keeps_its_mrkdwn(kb: KnowledgeBase) -> None:
    role = kb.roles[0]
    text = "\n".join(_section_texts(build_role_card(role, kb)))
    assert "Extract, transform &amp; load data" in text
    assert "*fast*" in text


def test_the_echoed_question_is_shortened_and_on_one_line(kb: KnowledgeBase) -> None:
    message = build_help(kb, query="first line\nsecond   line " + "x" * 1000)
    first = _section_texts(message)[0]
    assert "first line second line" in first
    assert len(first) < 600


@given(st.text(alphabet="a&<>; ", max_size=40), st.integers(min_value=1, max_value=45))
def test_truncate_never_exceeds_the_limit_nor_splits_an_entity(raw: str, limit: int) -> None:
    text = escape(raw)
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if len(text) <= limit:
        assert cut == text
    else:
        assert cut.endswith(ELLIPSIS)
        assert text.startswith(cut[: -len(ELLIPSIS)])
        assert not re.search(r"&(?!amp;|lt;|gt;)", cut), cut


# --- the cards ---------------------------------------------------------------------------------------------


def test_role_card(kb: KnowledgeBase) -> None:
    role = kb.role("devops-engineer")
    assert role is not None
    message = build_role_card(role, kb)
    assert message["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "DevOps Engineer"},
    }
    text = "\n".join(_section_texts(message))
    assert role.summary in text
    assert "• Deploy models" in text
    assert "*Works with:* Data Engineer" in text
    assert "*Startups and small companies:* May be part of the ML team." in text
    assert "*Large companies:* Works in a larger DevOps team." in text
    assert message["text"] == f"DevOps Engineer: {role.summary}"


def test_role_card_names_the_roles_it_works_with(kb: KnowledgeBase) -> None:
    text = "\n".join(_section_texts(build_role_card(kb.roles[0], kb)))
    assert "*Works with:* DevOps Engineer, ML Scientist" in text
    assert "ml-scientist" not in text
    for title in ("*Responsibilities*", "*Skills*", "*Not expected*"):
        assert title in text


def test_role_card_leaves_out_what_the_role_does_not_have(kb: KnowledgeBase) -> None:
    message = build_role_card(kb.roles[-1], kb)
    assert len(message["blocks"]) == 2  # header and summary
    assert "Responsibilities" not in _all_text(message)


def test_task_card_names_the_owner_first_then_contributors_then_variants(kb: KnowledgeBase) -> None:
    task = kb.tasks[0]
    message = build_task_card(task, kb)
    assert message["blocks"][0]["text"]["text"] == "Model deployment"
    sections = _section_texts(message)
    assert sections[0].splitlines() == [
        "*Owner:* DevOps Engineer (Data Engineer at startups)",
        "*Contributors:* Data Engineer and ML Scientist",
    ]
    assert sections[1] == task.summary
    assert "*Startups:* Data Engineer. No DevOps team yet." in sections[2]
    assert (
        message["text"] == "Model deployment: owned by DevOps Engineer, with Data Engineer and ML Scientist."
    )


def test_a_task_whose_owner_changes_with_size_says_it_depends_and_never_repeats_a_size(
    kb: KnowledgeBase,
) -> None:
    sized = (
        OwnerVariant(sizes=("startup", "small"), owners=("data-engineer",), note="Small ones: no team."),
        OwnerVariant(sizes=("large",), owners=("devops-engineer",), note="Big companies: a team."),
    )
    task = dataclasses.replace(kb.tasks[1], owners=("devops-engineer",), by_company_size=sized)
    message = build_task_card(task, kb)
    sections = _section_texts(message)
    assert sections[0] == (
        "*Owner:* depends on company size: Data Engineer at startups and small companies; "
        "DevOps Engineer at mid-size companies and large companies"
    )
    assert "• *Small ones:* Data Engineer. no team." in sections[-1]
    assert "• *Big companies:* DevOps Engineer. a team." in sections[-1]
    assert "Startups" not in sections[-1]


def test_an_entry_from_common_practice_says_so_in_a_context_line(kb: KnowledgeBase) -> None:
    practice = dataclasses.replace(kb.tasks[1], source="practice")
    blocks = build_task_card(practice, kb)["blocks"]
    assert blocks[1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": f"_{PRACTICE_NOTE}_"}]}
    document = dataclasses.replace(kb.tasks[1], source="document")
    assert all(block["type"] != "context" for block in build_task_card(document, kb)["blocks"])


def test_task_card_with_a_single_owner(kb: KnowledgeBase) -> None:
    message = build_task_card(kb.tasks[1], kb)
    assert _section_texts(message)[0] == "*Owner:* ML Scientist"
    assert message["text"] == "Feature definitions: owned by ML Scientist."


def test_approach_card(kb: KnowledgeBase) -> None:
    approach = kb.approaches[0]
    text = "\n".join(_section_texts(build_approach_card(approach, kb)))
    for part in (
        "*Strengths*\n• Specialization",
        "*Weaknesses*\n• Hand-offs",
        "*Choose it when*",
        "*Team:* ML Scientist, Data Engineer",
    ):
        assert part in text


def test_comparison_puts_the_approaches_side_by_side(kb: KnowledgeBase) -> None:
    message = build_comparison(kb)
    rows = [[f["text"] for f in block["fields"]] for block in message["blocks"] if "fields" in block]
    assert rows[0][0].startswith("*Scientists + Engineers*")
    assert rows[0][1].startswith("*ML Software Engineers*")
    assert ["*Strengths*\n• Specialization", "*Strengths*\n• No rewrites"] in rows
    assert ["*Choose it when*\n• You need research", "—"] in rows
    assert (
        message["text"] == "Team approaches side by side: Scientists + Engineers and ML Software Engineers."
    )


def test_help_says_plainly_it_does_not_know_and_what_it_can_answer(kb: KnowledgeBase) -> None:
    message = build_help(kb, query="what's for dinner")
    first, *rest = _section_texts(message)
    assert first.startswith("Sorry, I don't know about “what's for dinner”.")
    text = "\n".join(rest)
    assert "“what does the Data Engineer do?”" in text
    assert "“who owns model deployment?”" in text
    assert "*Roles I know:* Data Engineer, DevOps Engineer, ML Scientist" in text
    assert "I don't know" in message["text"]
    # It does not guess: no entry's own content shows up.
    assert all(role.summary not in _all_text(message) for role in kb.roles)
    assert "Owner" not in _all_text(message)


@pytest.mark.parametrize("query", [None, "", "   \n"])
def test_help_without_a_question_is_the_usage_card(query: str | None, kb: KnowledgeBase) -> None:
    message = build_help(kb, query=query)
    assert message["blocks"][0]["type"] == "header"
    assert "Sorry" not in _all_text(message)


def test_did_you_mean_lists_the_alternatives_in_order(kb: KnowledgeBase) -> None:
    message = build_did_you_mean("dep", ["deployment", "no-such-id", "devops-engineer", "split"], kb)
    (section,) = _section_texts(message)
    assert section.splitlines()[1:] == [
        "• *Model deployment* (task)",
        "• *DevOps Engineer* (role)",
        "• *Scientists + Engineers* (team approach)",
    ]
    assert not any(block["type"] == "actions" for block in message["blocks"])
    assert message["text"] == (
        "Not sure what “dep” means. Did you mean Model deployment, DevOps Engineer or Scientists + Engineers?"
    )


def test_did_you_mean_offers_a_few_at_most(huge_kb: KnowledgeBase) -> None:
    message = build_did_you_mean("role", [r.id for r in huge_kb.roles], huge_kb, actions=ActionIds("x"))
    assert len(message["blocks"][-1]["elements"]) == MAX_SUGGESTIONS


def test_did_you_mean_buttons_take_their_ids_from_the_caller(kb: KnowledgeBase) -> None:
    message = build_did_you_mean(
        "eng", ["data-engineer", "devops-engineer"], kb, actions=ActionIds("my.choose")
    )
    actions = message["blocks"][-1]
    assert actions["type"] == "actions"
    assert [(b["action_id"], b["value"], b["text"]["text"]) for b in actions["elements"]] == [
        ("my.choose-0", "data-engineer", "Data Engineer"),
        ("my.choose-1", "devops-engineer", "DevOps Engineer"),
    ]


def test_did_you_mean_with_nothing_known_is_the_help_card(kb: KnowledgeBase) -> None:
    assert build_did_you_mean("x", ["gone", "also-gone"], kb) == build_help(kb, query="x")


def test_a_recommendation_from_a_knowledge_base_without_rules_is_a_polite_notice(kb: KnowledgeBase) -> None:
    assert kb.recommendation is None
    message = build_answer(Match("recommend a team for a 5 person startup", "recommend"), kb)
    assert "can't recommend a team yet" in message["text"]
    assert "`recommendation:`" in _section_texts(message)[0]
    assert not any(block["type"] == "actions" for block in message["blocks"])


# --- dispatch ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Match("q", "role", id="data-engineer"), lambda kb: build_role_card(kb.roles[0], kb)),
        (Match("q", "approach", id="ml-engineers"), lambda kb: build_approach_card(kb.approaches[1], kb)),
        (
            Match("q", "task", id="deployment", owners=("devops-engineer",)),
            lambda kb: build_task_card(kb.tasks[0], kb),
        ),
        (Match("q", "compare"), build_comparison),
        (Match("q", "recommend"), lambda kb: build_recommendation_for("q", kb)),
        (Match("q", "help"), build_help),
        (Match("q", "none"), lambda kb: build_help(kb, query="q")),
        (Match("q", "none", alternatives=("split",)), lambda kb: build_did_you_mean("q", ["split"], kb)),
        # A match from another snapshot, naming an id this one does not have (or of another kind).
        (Match("q", "role", id="gone"), lambda kb: build_help(kb, query="q")),
        (Match("q", "task", id="data-engineer"), lambda kb: build_help(kb, query="q")),
        (Match("q", "approach"), lambda kb: build_help(kb, query="q")),
    ],
    ids=lambda value: value.kind if isinstance(value, Match) else "",
)
def test_build_answer_dispatches_on_the_kind(found: Match, expected: Builder, kb: KnowledgeBase) -> None:
    assert build_answer(found, kb) == expected(kb)


def test_build_answer_passes_action_ids_to_did_you_mean(kb: KnowledgeBase) -> None:
    found = Match("q", "none", alternatives=("split", "deployment"))
    message = build_answer(found, kb, actions=ActionIds("pick"))
    assert [b["action_id"] for b in message["blocks"][-1]["elements"]] == ["pick-0", "pick-1"]


def test_pipeline_renders_what_it_matched(kb: KnowledgeBase, within_limits: AssertWithinLimits) -> None:
    found, message = answer("who owns model deployment?", kb)
    assert found.query == "who owns model deployment?"
    assert message == build_answer(found, kb)
    within_limits(message)
