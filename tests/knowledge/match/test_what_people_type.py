"""What people type: typos, plurals, abbreviations, question shapes, comparisons, recommendation requests,
help, out-of-scope questions and everyday words."""

from __future__ import annotations

import math

import pytest

from knowledge.base.model import KnowledgeBase
from knowledge.match.index import index_for
from knowledge.match.matcher import match
from knowledge.match.phrases import GENERIC_SHARE
from knowledge.match.reading import MAX_TRIGGER_GAP
from tests.knowledge.expectations import guesses, is_right

# --- what people type ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("annotater", "data-labeler"),
        ("labeler", "data-labeler"),
        ("devps engineer", "devops-engineer"),
        ("who owns deploymnet", "deployment"),
        ("montoring", "monitoring"),
        ("domian expert", "domain-expert"),
        ("sofware engineer", "software-engineer"),
    ],
)
def test_typos_are_corrected(bundled_kb: KnowledgeBase, question: str, entry_id: str) -> None:
    assert match(question, bundled_kb).id == entry_id


def test_short_words_are_not_corrected_into_other_words(bundled_kb: KnowledgeBase) -> None:
    # One edit away from knowledge-base words, but not typos of them.
    for question in ("when is lunch", "who owns the plant", "de-ice the car", "who cleans the office"):
        found = match(question, bundled_kb)
        assert (found.kind, found.alternatives) == ("none", ()), f"{question!r}: {found}"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("labelers", "data-labeler"),
        ("data engineers", "data-engineer"),
        ("domain experts", "domain-expert"),
        ("SMEs", "domain-expert"),
        ("DevOps engineers", "devops-engineer"),
        ("data labellers", "data-labeler"),
        ("who labels examples", "labeling"),
        ("who validated the labeled examples", "label-quality"),
    ],
)
def test_plurals_and_word_forms_meet_the_same_entry(
    bundled_kb: KnowledgeBase, question: str, entry_id: str
) -> None:
    assert match(question, bundled_kb).id == entry_id


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("DE", "data-engineer"),
        ("SWE", "software-engineer"),
        ("MLE", "ml-engineer"),
        ("SME", "domain-expert"),
        ("SRE", "devops-engineer"),
        ("MLOps", "devops-engineer"),
        ("ml ops", "devops-engineer"),
        ("dev-ops", "devops-engineer"),
        ("ETL", "etl"),
        ("what does a SWE do?", "software-engineer"),
    ],
)
def test_abbreviations(bundled_kb: KnowledgeBase, question: str, entry_id: str) -> None:
    assert match(question, bundled_kb).id == entry_id


@pytest.mark.parametrize(
    ("question", "kind", "entry_id"),
    [
        ("who owns deployment?", "task", "deployment"),
        ("who does labeling", "task", "labeling"),
        ("who handles model monitoring", "task", "monitoring"),
        ("who is responsible for feature engineering", "task", "feature-engineering"),
        ("labeling", "task", "labeling"),
        ("what does a labeler do", "role", "data-labeler"),
        ("what skills does a data engineer need", "role", "data-engineer"),
        ("why do we need a domain expert?", "role", "domain-expert"),
        ("tell me about devops engineers", "role", "devops-engineer"),
        ("pros and cons of ML software engineers", "approach", "ml-software-engineers"),
        ("ML Software Engineers", "approach", "ml-software-engineers"),
        ("ML software engineer", "role", "ml-engineer"),
        ("benefits of specialization", "approach", "scientists-plus-engineers"),
        ("what does a developer do on a machine learning team", "role", "software-engineer"),
        ("what does a software engineer do on an ML team", "role", "software-engineer"),
        ("responsibilities of a software engineer on an ML team", "role", "software-engineer"),
    ],
)
def test_question_shapes(bundled_kb: KnowledgeBase, question: str, kind: str, entry_id: str) -> None:
    found = match(question, bundled_kb)
    assert (found.kind, found.id) == (kind, entry_id), found


def test_a_task_answer_carries_its_owners_accountable_first(bundled_kb: KnowledgeBase) -> None:
    found = match("who ships models to production?", bundled_kb)
    task = bundled_kb.task("deployment")
    assert task is not None
    assert (found.kind, found.id, found.owners) == ("task", "deployment", task.owners)
    assert found.owners[0] == "devops-engineer"


@pytest.mark.parametrize(
    "question",
    [
        "compare the approaches",
        "scientists + SWEs or ML engineers?",
        "data scientists vs ML software engineers",
        "what's the difference between the two team approaches",
        "how do ML software engineers compare with scientists plus engineers",
        "pros and cons of both approaches",
        "upsides and downsides of the team approaches",
        "what are the two team approaches",
        "ML software engineers or scientists and software engineers?",
        "scientists plus engineers vs ML engineers",
        "compare the team structures",
    ],
)
def test_comparisons_of_the_approaches(bundled_kb: KnowledgeBase, question: str) -> None:
    assert match(question, bundled_kb).kind == "compare"


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("what does a data engineer do in both approaches", "data-engineer"),
        ("what are the deployment strategies", "deployment"),
    ],
)
def test_the_approaches_in_the_plural_next_to_another_named_entry_are_about_that_entry(
    bundled_kb: KnowledgeBase, question: str, entry_id: str
) -> None:
    assert match(question, bundled_kb).id == entry_id


@pytest.mark.parametrize(
    "question",
    [
        "help me staff a new ML team",
        "what team should we build",
        "recommend a team for a 5 person startup",
        "team recommendation for a large enterprise",
        "which approach should we pick?",
        "recommend",
        "set up an ML team for an enterprise",
        # A trigger's words in order, a few words apart.
        "how big should our ML team be",
        "we are a startup with 3 people, what roles do we need",
        "how should I structure my ML team",
        "which team structure is better",
        "what size team do we need",
        "who should we hire for a new ML team",
        "what team do we need for a fraud model",
        "what roles should we hire first",
    ],
)
def test_recommendation_requests(bundled_kb: KnowledgeBase, question: str) -> None:
    assert match(question, bundled_kb).kind == "recommend"


@pytest.mark.parametrize(
    ("question", "kind", "entry_id"),
    [
        # A trigger's words out of order ("team need", "structure team"): they are phrases, not bags of words.
        ("what skills does a software engineer need on an ML team", "role", "software-engineer"),
        ("what background does a domain expert need on a team", "role", "domain-expert"),
        ("what skills does a labeler need on a small team", "role", "data-labeler"),
        # Any team needing someone is a question about that role; the asker's own need ("what team do we
        # need") is the request.
        ("why does a team need a domain expert", "role", "domain-expert"),
        ("does every ML team need a data labeler", "role", "data-labeler"),
        # "who <does> X ... team" asks who does a task, however close "build" and "team" stand.
        ("who builds labeling tools for the team", "task", "labeling-tools"),
        ("who plans model upgrades for the data science team", "task", "maintenance"),
        ("who structures the data for our team", "task", "data-integration"),
    ],
)
def test_questions_that_merely_mention_a_team_are_answered_from_the_knowledge_base(
    bundled_kb: KnowledgeBase, question: str, kind: str, entry_id: str
) -> None:
    found = match(question, bundled_kb)
    assert (found.kind, found.id) == (kind, entry_id), found


def test_a_triggers_words_count_only_close_together(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    near = " ".join(["the"] * MAX_TRIGGER_GAP)
    far = " ".join(["the"] * (MAX_TRIGGER_GAP + 1))
    assert index.read(f"staff {near} team").recommend == "trigger"
    assert index.read(f"staff {far} team").recommend is None
    assert index.read("team staff").recommend is None
    assert index.read("staff the staff the the the team").recommend == "trigger"  # the second "staff"


@pytest.mark.parametrize(
    "question", ["", "   ", "\n\t", "?", "🙂", "help", "what can you do?", "hi", "how does this work?"]
)
def test_empty_questions_and_help_requests_get_help(bundled_kb: KnowledgeBase, question: str) -> None:
    assert match(question, bundled_kb).kind == "help"


@pytest.mark.parametrize(
    "question",
    [
        "what's the wifi password",
        "who owns the office plants",
        "asdfgh",
        "who owns the parking lot",
        "is the vpn down",
        "recommend a good restaurant",
        "who manages the budget",
        "who is the data protection officer",
        "qwertyuiop asdfghjkl",
        # Everyday words the knowledge base also uses, alone or around an unknown topic.
        "who manages the office",
        "who manages our team",
        "who maintains the elevator",
        "who fixes my monitor",
        "who trains new hires",
        "who handles customer complaints",
        "who updates the intranet",
        "team building activities",
        "what are the options for team lunch",
    ],
)
def test_out_of_scope_questions_get_none_and_no_suggestions(bundled_kb: KnowledgeBase, question: str) -> None:
    found = match(question, bundled_kb)
    assert (found.kind, found.id, guesses(found, bundled_kb)) == ("none", None, ()), found


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("monitoring", "monitoring"),
        ("who is responsible for monitoring", "monitoring"),
        ("maintenance", "maintenance"),
        ("who knows what the customers pay for", "domain-expert"),
        ("who handles model upgrades next quarter", "maintenance"),
        ("who builds labeling tools for the labelers", "labeling-tools"),
        ("who comes up with new models", "model-design"),
        ("who dreamed up the model architecture", "model-design"),
    ],
)
def test_everyday_words_still_answer_when_they_name_an_entry_or_stand_by_a_specific_word(
    bundled_kb: KnowledgeBase, question: str, entry_id: str
) -> None:
    found = match(question, bundled_kb)
    assert is_right(found, entry_id), found


def test_a_question_of_everyday_words_only_scores_at_most_their_share(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    for question in (
        "who is my manager",
        "who pays for the team",
        "monitoring",
        "who knows what clients pay for",
    ):
        reading = index.read(question)
        assert reading.known and set(reading.known) <= index.generic, question
        found = index.evidence(reading)
        assert found, question
        assert max(e.score for e in found) <= math.sqrt(GENERIC_SHARE) + 1e-9, question


def test_everyday_words_count_in_full_next_to_a_specific_one(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    reading = index.read("who builds labeling tools")
    assert "build" in index.generic and "label" not in index.generic
    tools = next(i for i, item in enumerate(index.entries) if item.entry.id == "labeling-tools")
    (found,) = [e for e in index.evidence(reading) if e.entry == tools]
    assert found.explained == pytest.approx(1.0)


def test_a_word_said_twice_can_complete_two_names(bundled_kb: KnowledgeBase) -> None:
    index = index_for(bundled_kb)
    role = next(i for i, item in enumerate(index.entries) if item.entry.id == "ml-engineer")
    once = {e.entry: e for e in index.evidence(index.read("ML scientists plus engineers"))}
    twice = {e.entry: e for e in index.evidence(index.read("ML engineers or scientists plus engineers"))}
    assert twice[role].phrase == pytest.approx(1.0), "'ML engineers' stands whole in the question"
    assert once.get(role) is None or once[role].phrase < 1.0
    assert match("should we hire ML engineers or scientists plus engineers", bundled_kb).kind == "compare"
