"""The matcher: close calls, the knowledge base's own words, odd input, determinism, the per-snapshot index
and text normalization."""

from __future__ import annotations

import gc
import random
import weakref

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.base.loader import load_bundled, load_texts
from knowledge.base.model import KnowledgeBase
from knowledge.match.index import index_for
from knowledge.match.matcher import MIN_SCORE, match, prepare
from knowledge.match.reader import MAX_CORRECTIONS, MAX_QUESTION_WORDS, Reader
from knowledge.match.text import fold, stem, words
from tests.knowledge.match.held_out import (
    HELD_OUT,
    check_sane,
)

# --- close calls -------------------------------------------------------------------------------------------


def test_a_close_call_is_none_with_alternatives_best_first(bundled_kb: KnowledgeBase) -> None:
    found = match("engineer", bundled_kb)
    assert found.kind == "none"
    assert len(found.alternatives) >= 2
    # Each of the roles, or an approach named after engineers, could have been the answer.
    roles = {role.id for role in bundled_kb.roles} | {a.id for a in bundled_kb.approaches}
    assert set(found.alternatives) <= roles
    assert found.score >= MIN_SCORE, "a close call is between entries that could each have been the answer"


def test_a_close_call_between_two_tasks(bundled_kb: KnowledgeBase) -> None:
    found = match("pipelines", bundled_kb)
    assert found.kind == "none"
    assert set(found.alternatives) == {"etl", "ml-pipelines"}


def test_two_roles_side_by_side_are_compared_not_guessed(bundled_kb: KnowledgeBase) -> None:
    found = match("data engineer vs devops engineer", bundled_kb)
    assert (found.kind, found.id, found.ids) == ("compare", None, ("data-engineer", "devops-engineer"))
    assert match("devops engineer or data engineer?", bundled_kb).ids == ("devops-engineer", "data-engineer")


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
    check_sane(found, bundled_kb)
    assert found.id == "deployment"
    index = index_for(bundled_kb)
    reading = index.read("x" * 5 + " ".join(f"w{i}ord{i}" for i in range(5000)))
    assert len(reading.sequence) <= MAX_QUESTION_WORDS


class _CountingReader(Reader):
    """A reader that counts its spelling corrections (each one scans part of the vocabulary)."""

    calls = 0

    def correct(self, raw: str) -> str | None:
        self.calls += 1
        return super().correct(raw)


def test_spelling_correction_is_bounded_per_question(bundled_kb: KnowledgeBase) -> None:
    rng = random.Random(7)
    junk = " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9)) for _ in range(500))
    found = match(junk, bundled_kb)
    assert (found.kind, found.alternatives) == ("none", ())
    index = index_for(bundled_kb)
    reader = _CountingReader(
        synonyms=index.synonyms,
        cues=index.cues,
        vocab=index.vocab,
        spellings=index.spellings,
        claims=index.claims,
    )
    reading = reader.read(junk)
    assert 0 < reader.calls <= MAX_CORRECTIONS
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
    check_sane(found, kb)
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
    check_sane(match(" ".join(parts), kb), kb)


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
