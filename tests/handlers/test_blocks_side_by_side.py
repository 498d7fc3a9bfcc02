"""The new answers' messages: roles side by side, a concept's "ask who owns it", a role the base lacks, and
every corpus question's message within Slack's limits."""

from __future__ import annotations

import pytest

from handlers.ids import ACTIONS
from handlers.pipeline import answer
from knowledge.base.model import KnowledgeBase
from tests.handlers.conftest import assert_within_limits
from tests.handlers.test_properties import texts
from tests.knowledge.match.test_corpus import corpus_questions


def test_roles_side_by_side_say_what_each_owns_and_where_they_hand_over(bundled_kb: KnowledgeBase) -> None:
    found, message = answer("labeler vs domain expert", bundled_kb, actions=ACTIONS)
    assert found.ids == ("data-labeler", "domain-expert")
    assert message["blocks"][0]["text"]["text"] == "Data Labeler and Domain Expert side by side"
    body = "\n".join(texts(message))
    assert "*Owns:* Labeling data" in body
    assert "*Where they hand work over*" in body
    assert "• *Writing the labeling specification:* Domain Expert leads, with Data Labeler" in body
    assert message["text"].startswith("Data Labeler and Domain Expert side by side.")


def test_three_roles_side_by_side(bundled_kb: KnowledgeBase) -> None:
    _, message = answer("compare data engineer, devops engineer and ml engineer", bundled_kb)
    header = message["blocks"][0]["text"]["text"]
    assert header == "Data Engineer, DevOps Engineer and ML Engineer side by side"
    assert sum(1 for b in message["blocks"] if b["type"] == "section") == 4  # one per role, then hand-over


def test_a_concept_question_gets_no_card_but_who_to_ask(bundled_kb: KnowledgeBase) -> None:
    found, message = answer("what is a feature store", bundled_kb, actions=ACTIONS)
    assert (found.kind, found.reason) == ("none", "concept")
    assert "Ask: “who owns feature store?”" in message["blocks"][0]["text"]["text"]
    buttons = [e["text"]["text"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["Feature store"]


def test_a_role_the_base_lacks_is_said_so_with_the_closest_roles(bundled_kb: KnowledgeBase) -> None:
    found, message = answer("product manager", bundled_kb)
    assert found.reason == "missing-role"
    assert "I don't know a *Product Manager* role" in message["blocks"][0]["text"]["text"]
    assert message["text"] == (
        "I don't know a Product Manager role. The closest roles I know: Domain Expert, ML Scientist and "
        "ML Engineer."
    )


def test_a_practice_task_card_says_so_and_a_document_one_does_not(bundled_kb: KnowledgeBase) -> None:
    _, practice = answer("who runs the feature store", bundled_kb)
    assert practice["blocks"][1]["type"] == "context"
    _, document = answer("who labels the data", bundled_kb)
    assert all(block["type"] != "context" for block in document["blocks"])


def test_the_deployment_card_says_its_owner_depends_on_size_and_never_repeats_a_size(
    bundled_kb: KnowledgeBase,
) -> None:
    _, message = answer("who deploys models", bundled_kb)
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert sections[0].startswith("*Owner:* depends on company size: ML Engineer at startups and small")
    by_size = sections[-1]
    assert by_size.count("Smaller companies and startups") == 1
    assert "Startups and small companies" not in by_size


@pytest.mark.parametrize("question", [q.q for q in corpus_questions()])
def test_every_corpus_answer_is_valid_block_kit_within_limits(
    bundled_kb: KnowledgeBase, question: str
) -> None:
    _, message = answer(question, bundled_kb, actions=ACTIONS)
    assert_within_limits(message)
