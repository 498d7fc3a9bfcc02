"""The memoized yardstick answers exactly as the pipeline does, computing each answer once."""

from __future__ import annotations

import pytest

from benchmarks.memoized import memoize_answers
from handlers import commands, pipeline
from handlers.ids import ACTIONS
from knowledge.base.loader import load_bundled


def test_answers_are_the_pipelines_and_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(commands, "answer", pipeline.answer)  # restored after the test
    calls: list[str] = []

    def counted(question: str, kb: object, **kwargs: object) -> object:
        calls.append(question)
        return pipeline.answer(question, kb, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("benchmarks.memoized.answer", counted)
    memoize_answers()
    kb = load_bundled()
    first = commands.answer("who owns deployment?", kb, actions=ACTIONS)  # type: ignore[attr-defined]
    again = commands.answer("who owns deployment?", kb, actions=ACTIONS)  # type: ignore[attr-defined]
    assert first == pipeline.answer("who owns deployment?", kb, actions=ACTIONS)
    assert again is first
    assert calls == ["who owns deployment?"]
    commands.answer("labeler", kb, actions=ACTIONS)  # type: ignore[attr-defined]
    assert calls == ["who owns deployment?", "labeler"]
