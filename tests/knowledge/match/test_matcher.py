"""The matcher: held-out questions, typos, plurals, abbreviations, question shapes, out-of-scope questions,
close calls, odd input, determinism, and the per-snapshot index.

Held-out questions: two tables written before the matcher was tuned on them, each run once untouched and
then kept as regression tests. First runs: HELD_OUT_FIRST 64/66 (97%; "lunch" was corrected to "launch", a
deploy synonym, and "software developer on an ML team" was read as "ML developer"), HELD_OUT_SECOND 61/65
(94%; "data protection officer" and "who manages the budget" were guessed, "who puts models into prod"
missed deployment, "when should we choose ML software engineers" was a three-way tie). The fixes were
general rules (spelling correction keeps the first two letters of short words; a word that completes one
name in place does not complete another; unknown words weaken partly-matched phrases; the threshold ignores
shape bonuses), and both tables now pass in full, as does the dev set.

HELD_OUT_THIRD 58/60 (97%) and HELD_OUT_FOURTH 46/50 (92%), written by the project lead, were first run
against the matcher tuned on the two tables above. Misses: out-of-scope questions answered through everyday
words ("who is my manager" -> managing outsourced labelers; "who pays for clients' coffee" -> problem
framing, though its topic, "coffee", is unknown); "who comes up with new models" (no synonym for "come up
with"); "tradeoffs between the two team approaches" (a did-you-mean, not a comparison); "what does a
software engineer do on an ML team" (a close call with the ML Software Engineers approach); "should we hire
ML engineers or scientists plus engineers" (the second "engineers" took the first's, so one approach). The
fixes are general: everyday words (`knowledge.match.intents.GENERIC_WORDS`) explain little on their own and
unknown words weaken phrases made of them; "come up with", "think up" and "dream up" are synonyms of
design; the approaches in the plural ask for a comparison; in a role-shaped question a role named whole
outranks an approach whose name holds it; a word said twice is not taken by one name. All four tables now
pass in full, as does the dev set.
"""

from __future__ import annotations

import gc
import math
import random
import weakref
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.base.loader import load_bundled, load_texts
from knowledge.base.model import KnowledgeBase
from knowledge.match.evidence import GENERIC_SHARE
from knowledge.match.index import MAX_CORRECTIONS, MAX_QUESTION_WORDS, MAX_TRIGGER_GAP, Index, index_for
from knowledge.match.matcher import MIN_SCORE, Match, match, prepare
from knowledge.match.text import fold, stem, words
from tests.knowledge.expectations import Expect, describe_misses, expected, is_right

KINDS: Final = {"role", "approach", "task", "compare", "recommend", "help", "none"}
HELD_OUT_ACCURACY: Final = 0.95

HELD_OUT_FIRST: Final[list[tuple[str, Expect]]] = [
    ("annotators", "data-labeler"),
    ("what does an SME do", "domain-expert"),
    ("subject matter expert", "domain-expert"),
    ("SWE", "software-engineer"),
    ("MLE", ("ml-engineer", "ml-software-engineers")),
    ("mlops", "devops-engineer"),
    ("site reliability engineer", "devops-engineer"),
    ("data scientist", "ml-scientist"),
    ("research scientist", "ml-scientist"),
    ("what is a data enginer", "data-engineer"),
    ("labelers", "data-labeler"),
    ("data labelling", "data-labeler"),
    ("devops engineers at a startup", "devops-engineer"),
    ("what does the software developer do on an ML team", "software-engineer"),
    ("responsibilities of a machine learning engineer", "ml-engineer"),
    ("skills needed for a data engineer", "data-engineer"),
    ("does a data engineer need to know machine learning?", "data-engineer"),
    ("tell me about domain experts", "domain-expert"),
    ("ETL developer", "data-engineer"),
    ("infrastructure engineer", "devops-engineer"),
    ("who builds the etl pipelines", "data-engineer"),
    ("who is responsible for data ingestion", "data-engineer"),
    ("who integrates data from different sources", "data-engineer"),
    ("who writes sql queries for analysts", "data-engineer"),
    ("who builds the annotation tool", "data-labeler"),
    ("who manages the outsourced annotators", "data-labeler"),
    ("who checks label quality", "data-labeler"),
    ("who does feature engineering", ("domain-expert", "ml-scientist", "ml-engineer")),
    ("who translates the business problem into an ML problem", "domain-expert"),
    ("who decides the prediction target", "domain-expert"),
    ("who designs the model", "ml-scientist"),
    ("who writes production code for the model", ("software-engineer", "ml-engineer")),
    ("who deploys the model", "devops-engineer"),
    ("who monitors models in production", "devops-engineer"),
    ("who upgrades models", "devops-engineer"),
    ("who builds ml data processing pipelines", ("devops-engineer", "data-engineer")),
    ("who handles model maintenance", "devops-engineer"),
    ("who is in charge of deploymnet", "devops-engineer"),
    ("who automates model loading", "devops-engineer"),
    ("who knows what the clients pay for", "domain-expert"),
    ("who makes the data warehouse schema", "data-engineer"),
    ("who picks the algorithm", "ml-scientist"),
    ("who turns raw data into analysis-ready data", "data-engineer"),
    ("pros and cons of ML software engineers", ("ml-software-engineers", "ml-engineer")),
    ("why hire ml software engineers instead of scientists", ("ml-software-engineers", "compare")),
    ("advantages of having scientists and software engineers", "scientists-plus-engineers"),
    ("problems with data scientists writing code", ("ml-software-engineers", "ml-engineer")),
    ("specialization approach", "scientists-plus-engineers"),
    ("scientists vs ml engineers", "compare"),
    ("compare the two team approaches", "compare"),
    ("difference between scientists+engineers and ML SEs", "compare"),
    ("which team structure is better", ("compare", "recommend")),
    ("recommend a team for a 5 person startup", "recommend"),
    ("what team should we build", "recommend"),
    ("how should I structure my ml team", ("recommend", "compare")),
    ("suggest roles for a new machine learning project", "recommend"),
    ("help", "help"),
    ("what can you do?", "help"),
    ("what's the wifi password", "none"),
    ("who owns the office plants", "none"),
    ("asdfgh", "none"),
    ("when is lunch", "none"),
    ("who approves vacation requests", "none"),
    ("how do I reset my password", "none"),
    ("who is the CEO", "none"),
    ("book a meeting room", "none"),
]

HELD_OUT_SECOND: Final[list[tuple[str, Expect]]] = [
    ("annotater", "data-labeler"),
    ("labelling team", "data-labeler"),
    ("data labelers", "data-labeler"),
    ("SMEs", "domain-expert"),
    ("domain experts", "domain-expert"),
    ("Dev Ops engineer", "devops-engineer"),
    ("MLOps engineers", "devops-engineer"),
    ("sre", "devops-engineer"),
    ("ML scientists", "ml-scientist"),
    ("scientist", "ml-scientist"),
    ("swes", "software-engineer"),
    ("software engineers", "software-engineer"),
    ("machine learning engineers", ("ml-engineer", "ml-software-engineers")),
    ("ML engineer", "ml-engineer"),
    ("data enginering", "data-engineer"),
    ("what do data labelers do", "data-labeler"),
    ("what is the role of a domain expert", "domain-expert"),
    ("do I need a devops engineer at a startup?", "devops-engineer"),
    ("what does an ML engineer do?", "ml-engineer"),
    ("skills of a software engineer", "software-engineer"),
    ("what is an ML scientist responsible for", "ml-scientist"),
    ("who cleans and transforms raw data", "data-engineer"),
    ("who sets up the data pipeline", "data-engineer"),
    ("who designs the database schema", "data-engineer"),
    ("who provides APIs for data consumers", "data-engineer"),
    ("who labels the images", "data-labeler"),
    ("who validates annotations", "data-labeler"),
    ("who hires and manages crowd workers", "data-labeler"),
    ("who builds tools for annotation", "data-labeler"),
    ("who decides on model inputs and outputs", "domain-expert"),
    ("who tells us what customers pay for", "domain-expert"),
    ("who explains what's a deal breaker for clients", "domain-expert"),
    ("who chooses features", ("domain-expert", "ml-scientist")),
    ("who creates new ML models", ("ml-scientist", "ml-engineer")),
    ("who rewrites models into production code", "software-engineer"),
    ("who puts models into prod", "devops-engineer"),
    ("who watches model performance in production", "devops-engineer"),
    ("who is responsible for monitoring", "devops-engineer"),
    ("who maintains the models", "devops-engineer"),
    ("who upgrades deployed models", "devops-engineer"),
    ("who builds the inference pipeline", "devops-engineer"),
    ("who does devops at a startup", ("ml-engineer", "devops-engineer")),
    ("who handles ETL", "data-engineer"),
    ("benefits of ML software engineers", ("ml-software-engineers", "ml-engineer")),
    ("drawbacks of the scientists plus engineers approach", "scientists-plus-engineers"),
    (
        "why are scientists hard to integrate with engineering teams",
        ("ml-software-engineers", "scientists-plus-engineers"),
    ),
    ("when should we choose ML software engineers", ("ml-software-engineers", "ml-engineer", "recommend")),
    ("data scientists + software engineers approach", "scientists-plus-engineers"),
    ("ML SWE vs data scientists", "compare"),
    ("should we hire scientists or ML engineers?", ("compare", "recommend")),
    ("which is better: specialists or ML software engineers", "compare"),
    ("what roles do we need for a new ML project", "recommend"),
    ("we are a startup with 10 people, what ML team should we have", "recommend"),
    ("recommend an approach for a big company", "recommend"),
    ("how do I use this bot", "help"),
    ("hello", "help"),
    ("who owns the coffee machine", "none"),
    ("who is the data protection officer", "none"),
    ("what is the capital of France", "none"),
    ("who fixes the printer", "none"),
    ("how much vacation do I get", "none"),
    ("where is the kitchen", "none"),
    ("model railway club", "none"),
    ("who manages the budget", "none"),
    ("who owns payroll", "none"),
]


HELD_OUT_THIRD: Final[list[tuple[str, Expect]]] = [
    ("annotators", "data-labeler"),
    ("labelling", "data-labeler"),
    ("data engineers", "data-engineer"),
    ("ETL engineer", "data-engineer"),
    ("subject matter expert", "domain-expert"),
    ("SME", "domain-expert"),
    ("devops", "devops-engineer"),
    ("MLOps", "devops-engineer"),
    ("ml scientist", "ml-scientist"),
    ("data scientist", "ml-scientist"),
    ("software engineer", "software-engineer"),
    ("SWE", "software-engineer"),
    ("MLE", ("ml-engineer", "ml-software-engineers")),
    ("machine learning engineer", ("ml-engineer", "ml-software-engineers")),
    ("what does a domain expert do?", "domain-expert"),
    ("what is a data labeler responsible for", "data-labeler"),
    ("does a data engineer need to know machine learning?", "data-engineer"),
    ("who builds the ETL pipeline", "data-engineer"),
    ("who is responsible for deploying models", "devops-engineer"),
    ("who monitors models in production", "devops-engineer"),
    ("who builds labeling tools", "data-labeler"),
    ("who manages outsourced annotators", "data-labeler"),
    ("who checks label quality", "data-labeler"),
    ("who does feature engineering", "domain-expert"),
    ("who decides the prediction objective", "domain-expert"),
    ("who designs the model", "ml-scientist"),
    ("who writes production code", ("software-engineer", "ml-engineer")),
    ("who handles model upgrades", "devops-engineer"),
    ("who integrates data from different sources", "data-engineer"),
    ("who writes queries for analysts", "data-engineer"),
    ("who translates the business problem into ML", "domain-expert"),
    ("who builds data processing pipelines with ml models", "devops-engineer"),
    ("who automates model deployment at a startup", ("devops-engineer", "ml-engineer")),
    ("what do devops engineers do at big companies", "devops-engineer"),
    ("pros and cons of ML software engineers", "ml-software-engineers"),
    (
        "why are scientists hard to integrate with engineering teams",
        ("ml-software-engineers", "scientists-plus-engineers"),
    ),
    ("advantages of separating data scientists and software engineers", "scientists-plus-engineers"),
    ("should we hire ML engineers or scientists plus engineers", ("compare", "recommend")),
    ("compare team approaches", "compare"),
    ("data scientists + software engineers vs ml software engineers", "compare"),
    ("what team should we build", "recommend"),
    ("recommend a team for a 5 person startup", "recommend"),
    ("how should I structure my ML team", ("recommend", "compare")),
    ("who fixes the printer", "none"),
    ("what's the wifi password", "none"),
    ("who owns the office plants", "none"),
    ("asdfgh", "none"),
    ("when is the holiday party", "none"),
    ("who approves vacation requests", "none"),
    ("what is the capital of France", "none"),
    ("how do I reset my password", "none"),
    ("who cleans the kitchen", "none"),
    ("lunch menu", "none"),
    ("who pays for clients' coffee", "none"),
    ("labler", "data-labeler"),
    ("devop engineer", "devops-engineer"),
    ("domian expert", "domain-expert"),
    ("who handles the data warehouse", "data-engineer"),
    ("who keeps models running after launch", "devops-engineer"),
    ("who labels images", "data-labeler"),
]

HELD_OUT_FOURTH: Final[list[tuple[str, Expect]]] = [
    ("labelers", "data-labeler"),
    ("data annotation", "data-labeler"),
    ("data eng", "data-engineer"),
    ("domain expertise", "domain-expert"),
    ("mlops engineer", "devops-engineer"),
    ("site reliability", "devops-engineer"),
    ("research scientist", "ml-scientist"),
    ("developer", "software-engineer"),
    ("coder", "software-engineer"),
    ("ML engineers", ("ml-engineer", "ml-software-engineers")),
    ("what does an ml engineer do", "ml-engineer"),
    ("what does a software engineer do on an ML team", "software-engineer"),
    ("what's the job of a data scientist", "ml-scientist"),
    ("do data engineers need machine learning skills", "data-engineer"),
    ("how is devops different at a startup", "devops-engineer"),
    ("tell me about domain experts", "domain-expert"),
    ("who handles ETL", "data-engineer"),
    ("who does the data labeling", "data-labeler"),
    ("who is in charge of model monitoring", "devops-engineer"),
    ("who builds the data pipeline", "data-engineer"),
    ("who builds annotation tools", "data-labeler"),
    ("who validates labels", "data-labeler"),
    ("who picks the model inputs and outputs", "domain-expert"),
    ("who decides what features to use", "domain-expert"),
    ("who comes up with new models", "ml-scientist"),
    ("who writes efficient maintainable code", ("software-engineer", "ml-engineer")),
    ("who automates model loading", "devops-engineer"),
    ("who upgrades models in production", "devops-engineer"),
    ("who makes data accessible to analysts", "data-engineer"),
    ("who knows what clients pay for", "domain-expert"),
    ("who is responsible for devops at a small company", ("devops-engineer", "ml-engineer")),
    ("specialists vs generalists", ("compare", "scientists-plus-engineers", "ml-software-engineers")),
    ("why hire ML software engineers instead of scientists", ("ml-software-engineers", "compare")),
    (
        "what are the weaknesses of having separate scientists",
        ("scientists-plus-engineers", "ml-software-engineers"),
    ),
    ("tradeoffs between the two team approaches", "compare"),
    ("what team structure do you recommend", "recommend"),
    ("we are a startup with 3 people, what roles do we need", "recommend"),
    ("suggest a team", "recommend"),
    ("help", "help"),
    ("what can you do", "help"),
    ("who owns the coffee machine", "none"),
    ("where is the bathroom", "none"),
    ("who is the CEO", "none"),
    ("how many vacation days do I have", "none"),
    ("zzzz", "none"),
    ("who owns the budget", "none"),
    ("book a meeting room", "none"),
    ("what time is standup", "none"),
    ("who approves expense reports", "none"),
    ("who is my manager", "none"),
]


HELD_OUT: Final = [*HELD_OUT_FIRST, *HELD_OUT_SECOND, *HELD_OUT_THIRD, *HELD_OUT_FOURTH]


def _ids(kb: KnowledgeBase) -> set[str]:
    return {entry.id for group in (kb.roles, kb.approaches, kb.tasks) for entry in group}


def _check_sane(found: Match, kb: KnowledgeBase) -> None:
    """What every match must satisfy, whatever the question."""
    assert found.kind in KINDS
    assert 0.0 <= found.score <= 1.0
    ids = _ids(kb)
    if found.kind in ("role", "approach", "task"):
        assert found.id in ids
        assert found.alternatives == ()
    else:
        assert found.id is None
    task = kb.task(found.id) if found.id else None
    assert found.owners == (task.owners if found.kind == "task" and task else ())
    assert set(found.alternatives) <= ids
    assert len(set(found.alternatives)) == len(found.alternatives)
    if found.alternatives:
        assert found.kind == "none"


# --- held-out accuracy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("first", HELD_OUT_FIRST),
        ("second", HELD_OUT_SECOND),
        ("third", HELD_OUT_THIRD),
        ("fourth", HELD_OUT_FOURTH),
    ],
)
def test_held_out_questions_are_answered_right(
    bundled_kb: KnowledgeBase, name: str, table: list[tuple[str, Expect]]
) -> None:
    results = [(q, e, match(q, bundled_kb)) for q, e in table]
    misses = [(q, e, found) for q, e, found in results if not is_right(found, e)]
    accuracy = 1 - len(misses) / len(results)
    assert accuracy >= HELD_OUT_ACCURACY, (
        f"held-out ({name}): {accuracy:.1%} right; misses:\n{describe_misses(misses)}"
    )


def test_held_out_out_of_scope_questions_get_no_guess_and_no_suggestion(bundled_kb: KnowledgeBase) -> None:
    for question, expect in HELD_OUT:
        if expected(expect) == ("none",):
            found = match(question, bundled_kb)
            assert (found.kind, found.alternatives) == ("none", ()), f"{question!r}: {found}"


def test_every_held_out_match_is_well_formed(bundled_kb: KnowledgeBase) -> None:
    for question, _ in HELD_OUT:
        _check_sane(match(question, bundled_kb), bundled_kb)


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
    assert (found.kind, found.id, found.alternatives) == ("none", None, ()), found


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


# --- close calls -------------------------------------------------------------------------------------------


def test_a_close_call_is_none_with_alternatives_best_first(bundled_kb: KnowledgeBase) -> None:
    found = match("engineer", bundled_kb)
    assert found.kind == "none"
    assert len(found.alternatives) >= 2
    roles = {role.id for role in bundled_kb.roles}
    assert set(found.alternatives) <= roles
    assert found.score >= MIN_SCORE, "a close call is between entries that could each have been the answer"


def test_a_close_call_between_two_tasks(bundled_kb: KnowledgeBase) -> None:
    found = match("pipelines", bundled_kb)
    assert found.kind == "none"
    assert set(found.alternatives) == {"etl", "ml-pipelines"}


def test_two_roles_side_by_side_are_offered_not_guessed(bundled_kb: KnowledgeBase) -> None:
    found = match("data engineer vs devops engineer", bundled_kb)
    assert found.kind == "none"
    assert set(found.alternatives) == {"data-engineer", "devops-engineer"}


def test_related_entries_are_not_a_close_call(bundled_kb: KnowledgeBase) -> None:
    # The deployment task and its accountable owner give the same answer: no "did you mean".
    found = match("deploy models to production", bundled_kb)
    assert found.kind in ("task", "role")
    assert found.id in ("deployment", "devops-engineer")


# --- the knowledge base's own words ----------------------------------------------------------------------


def test_every_name_and_alias_leads_to_its_entry(bundled_kb: KnowledgeBase) -> None:
    misses = []
    for group in (bundled_kb.roles, bundled_kb.approaches, bundled_kb.tasks):
        for entry in group:
            for text in (entry.name, *entry.aliases):
                found = match(text, bundled_kb)
                if found.id != entry.id:
                    misses.append(f"{entry.id}: {text!r} -> {found.kind} {found.id} {found.alternatives}")
    assert not misses, "\n".join(misses)


def test_every_keyword_leads_to_its_entry_or_offers_it(bundled_kb: KnowledgeBase) -> None:
    misses = []
    for group in (bundled_kb.roles, bundled_kb.approaches, bundled_kb.tasks):
        for entry in group:
            for text in entry.keywords:
                found = match(text, bundled_kb)
                if found.kind == "none" and entry.id in found.alternatives:
                    continue
                if found.id is None:
                    misses.append(f"{entry.id}: {text!r} -> {found.kind} {found.alternatives}")
    assert not misses, "\n".join(misses)


SYNONYM_KB = {
    "kb.yaml": """
roles:
  - id: widget-maker
    name: Widget Maker
    summary: Makes widgets.
    aliases: [WM]
  - id: gadget-tester
    name: Gadget Tester
    summary: Tests gadgets.
tasks:
  - id: widget-assembly
    name: Widget assembly
    summary: Put widgets together.
    owners: [widget-maker]
synonyms:
  widget: [gizmo, thingamajig]
  assembly: [putting together]
""",
}


def test_synonyms_come_from_the_knowledge_base() -> None:
    kb = load_texts(list(SYNONYM_KB.items()), source="test")
    assert match("gizmo maker", kb).id == "widget-maker"
    assert match("who owns thingamajig assembly?", kb).id == "widget-assembly"
    assert match("who owns gizmo putting together", kb).id == "widget-assembly"
    assert match("wm", kb).id == "widget-maker"
    bare = load_texts([("kb.yaml", SYNONYM_KB["kb.yaml"].split("synonyms:")[0])], source="test")
    assert match("gizmo maker", bare).kind == "none", "without the synonym, 'gizmo' is an unknown word"


# --- odd input, speed bounds, determinism ----------------------------------------------------------------


def test_a_very_long_question_is_read_only_in_part_and_answered_sanely(bundled_kb: KnowledgeBase) -> None:
    question = "who owns deployment? " + "blah " * 2000
    assert len(question) > 10_000
    found = match(question, bundled_kb)
    _check_sane(found, bundled_kb)
    assert found.id == "deployment"
    index = index_for(bundled_kb)
    reading = index.read("x" * 5 + " ".join(f"w{i}ord{i}" for i in range(5000)))
    assert len(reading.sequence) <= MAX_QUESTION_WORDS


class _CountingIndex(Index):
    """An index that counts its spelling corrections (each one scans the whole vocabulary)."""

    calls = 0

    def correct(self, raw: str) -> str | None:
        self.calls += 1
        return super().correct(raw)


def test_spelling_correction_is_bounded_per_question(bundled_kb: KnowledgeBase) -> None:
    rng = random.Random(7)
    junk = " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9)) for _ in range(500))
    found = match(junk, bundled_kb)
    assert (found.kind, found.alternatives) == ("none", ())
    index = _CountingIndex(bundled_kb)
    reading = index.read(junk)
    assert 0 < index.calls <= MAX_CORRECTIONS
    assert len(reading.unknown) <= MAX_QUESTION_WORDS


def test_matching_is_deterministic(bundled_kb: KnowledgeBase) -> None:
    questions = [q for q, _ in HELD_OUT] + ["engineer", "pipelines", "data engineer vs devops engineer"]
    first = [match(q, bundled_kb) for q in questions]
    shuffled = questions[:]
    random.Random(3).shuffle(shuffled)
    for q in shuffled:
        match(q, bundled_kb)
    again = [match(q, bundled_kb) for q in questions]
    fresh = load_bundled()
    rebuilt = [match(q, fresh) for q in questions]
    assert first == again == rebuilt


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=400))
def test_any_text_gets_a_well_formed_match(text: str) -> None:
    kb = _shared_kb()
    found = match(text, kb)
    _check_sane(found, kb)
    assert found.query == text


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(
            [
                "who",
                "owns",
                "the",
                "data",
                "model",
                "vs",
                "or",
                "team",
                "deploy",
                "xyzzy",
                "labeler",
                "ml",
                "engineer",
                "scientists",
                "-",
                "+",
                "?",
                "dev",
                "ops",
            ]
        ),
        max_size=12,
    )
)
def test_any_mix_of_known_words_gets_a_well_formed_match(parts: list[str]) -> None:
    kb = _shared_kb()
    _check_sane(match(" ".join(parts), kb), kb)


_KB: list[KnowledgeBase] = []


def _shared_kb() -> KnowledgeBase:
    """Hypothesis does not mix with function-scoped fixtures; one bundled snapshot for its examples."""
    if not _KB:
        _KB.append(load_bundled())
    return _KB[0]


# --- the per-snapshot index --------------------------------------------------------------------------------


def test_prepare_builds_the_index_that_match_then_uses() -> None:
    kb = load_bundled()
    prepare(kb)
    index = index_for(kb)
    match("who owns deployment?", kb)
    assert index_for(kb) is index


def test_each_snapshot_has_its_own_index_freed_with_it() -> None:
    first, second = load_bundled(), load_bundled()
    assert index_for(first) is not index_for(second)
    freed = weakref.ref(index_for(first))
    del first
    gc.collect()
    assert freed() is None


# --- text normalization ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("label", "labels", "labeled", "labelled", "labeling", "labelling"),
        ("integrate", "integrated", "integrating", "integration"),
        ("specialize", "specialized", "specialization", "specialisation"),
        ("deploy", "deploys", "deployed", "deploying", "deployment"),
        ("query", "queries"),
        ("engineer", "engineers", "engineering"),
        ("devise", "devises", "devised", "devising"),
        ("supervise", "supervised", "supervising"),
    ],
)
def test_word_forms_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1, {form: stem(form) for form in forms}


@pytest.mark.parametrize(
    "apart", [("labeler", "labeling"), ("scientist", "science"), ("specialist", "specialization")]
)
def test_different_words_keep_different_stems(apart: tuple[str, str]) -> None:
    assert stem(apart[0]) != stem(apart[1])


def test_short_words_and_abbreviations_are_not_stemmed() -> None:
    assert [stem(w) for w in ("ops", "swe", "mle", "de", "ml")] == ["ops", "swe", "mle", "de", "ml"]


def test_folding_normalizes_width_case_and_apostrophes() -> None:
    assert words(fold("\uff37hat\u2019s a DE's JOB? dev-ops")) == ["what", "a", "de", "job", "dev-ops"]
    assert words(fold("don't")) == ["dont"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on-call dev-ops", ["on-call", "dev-ops"]),
        ("-a b- c--d --e-f-", ["a", "b", "c", "d", "e-f"]),
        ("x_y 3.5\te-mail/ml\x1f-ops", ["x", "y", "3", "5", "e-mail", "ml", "ops"]),
        ("A-B c", ["c"]),
        (" - -- ", []),
    ],
)
def test_words_split_ascii_text_as_any_other(text: str, expected: list[str]) -> None:
    # ASCII text takes a faster path than other text: both must read the same words.
    assert words(text) == expected
    assert words(f"{text} \u00e9") == expected
