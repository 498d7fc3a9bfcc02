"""The benchmark's questions never repeat, and each reads as the dev question it is built on."""

from __future__ import annotations

import pytest

from benchmarks.matcher import load_questions
from benchmarks.question_stream import QuestionStream
from knowledge.base.model import KnowledgeBase
from knowledge.match import match


def test_no_question_repeats_within_a_run_or_across_runs() -> None:
    stream = QuestionStream(["who owns deployment", "labeler"])
    first, second = stream.take(500), stream.take(500)
    assert len(set(first + second)) == 1000


def test_each_question_matches_what_its_dev_question_matches(bundled_kb: KnowledgeBase) -> None:
    questions = load_questions()
    taken = QuestionStream(questions).take(3 * len(questions))
    for n, question in enumerate(taken):
        base = match(questions[n % len(questions)], bundled_kb)
        numbered = match(question, bundled_kb)
        assert (numbered.kind, numbered.id) == (base.kind, base.id), question


def test_a_stream_needs_questions() -> None:
    with pytest.raises(ValueError, match="at least one"):
        QuestionStream([])
