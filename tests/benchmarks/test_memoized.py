"""The memoized yardstick answers exactly as the pipeline does, computing each answer once, on the path
the slash command really takes (`handlers.replay.private_answer`)."""

from __future__ import annotations

import pytest

from benchmarks import memoized
from handlers import pipeline, replay
from handlers.routes import IDS
from knowledge.base.loader import load_bundled


def test_the_slash_commands_answers_are_the_pipelines_and_computed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(replay, "answer", pipeline.answer)  # restored after the test
    calls: list[str] = []

    def counted(question: str, kb: object, **kwargs: object) -> object:
        calls.append(question)
        return pipeline.answer(question, kb, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(memoized, "answer", counted)
    monkeypatch.setattr(replay, "answer", counted)  # what the yardstick finds, and replaces
    memoized.memoize_answers()
    kb = load_bundled()
    first = replay.private_answer("who owns deployment?", kb, IDS)
    again = replay.private_answer("who owns deployment?", kb, IDS)
    monkeypatch.setattr(replay, "answer", pipeline.answer)
    assert first == replay.private_answer("who owns deployment?", kb, IDS), "the same answer as unmemoized"
    assert calls == ["who owns deployment?"], "computed once, then remembered"
    assert again == first


def test_the_yardstick_refuses_a_path_that_no_longer_calls_the_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(replay, "answer", lambda *args, **kwargs: None)
    with pytest.raises(RuntimeError, match="no longer calls"):
        memoized.memoize_answers()
