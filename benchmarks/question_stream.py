"""A stream of slash-command questions that never repeats: the dev questions, each with a number of its own.

`/mlrole <question> #<n>` reads as a question with a ticket number: the matcher reads the same entry as for
the question alone (`tests/benchmarks/test_question_stream.py` checks it), but no two requests carry the
same text, so nothing keyed by the question (a cache anywhere between the load generator and the answer)
can help. Each load run takes the next `count` numbers, so no question repeats across runs either; within a
run the load generator cycles through its requests only if it sends more than `count`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Final

STREAM_SIZE: Final = 60_000
"""Requests signed per load run: more than any server here answers in one 10 s round."""


class QuestionStream:
    """`take(count)`: the next `count` questions, numbered on from the last ones taken."""

    def __init__(self, questions: Sequence[str]) -> None:
        if not questions:
            raise ValueError("at least one question is needed for a stream")
        self._questions = tuple(questions)
        self._numbers: Iterator[int] = itertools.count()

    def take(self, count: int) -> list[str]:
        base = self._questions
        return [f"{base[n % len(base)]} #{n}" for n in itertools.islice(self._numbers, count)]
