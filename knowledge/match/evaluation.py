"""Score the matcher against a file of labelled questions: the knowledge maintainer's check (`mlrole eval`).

The file format is the shared dev set's (`../shared/eval/dev-questions.yaml`): a YAML list of
`{q: question, expect: answer}`, where `expect` is a role, approach or task id, or a kind (compare,
recommend, help, none), and a list means any of them. A match is right when its kind is the expected kind,
its id is the expected id, or it is a task whose owners include the expected role ("who owns X" questions
name a role that must own the task).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml

from knowledge.base.model import Approach, KnowledgeBase, Role, Task
from knowledge.match.matcher import Match, match

KINDS: Final = ("compare", "recommend", "help", "none")
"""The kinds an `expect` may name instead of an id."""


class QuestionFileError(ValueError):
    """A question file that cannot be read as a list of `{q, expect}` items."""


@dataclass(frozen=True, slots=True)
class Question:
    q: str
    expect: tuple[str, ...]
    """Any of these is right."""


@dataclass(frozen=True, slots=True)
class Result:
    question: Question
    found: Match
    right: bool
    kind: str
    """The expected kind (role, approach, task, or one of `KINDS`; "unknown" for an id the knowledge base
    lacks): what the per-kind accuracy groups by."""


@dataclass(frozen=True, slots=True)
class Report:
    results: tuple[Result, ...]

    @property
    def right(self) -> int:
        return sum(1 for result in self.results if result.right)

    @property
    def accuracy(self) -> float:
        return self.right / len(self.results) if self.results else 1.0

    @property
    def misses(self) -> tuple[Result, ...]:
        return tuple(result for result in self.results if not result.right)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Expected kind -> (right, total), in order of first appearance."""
        counts: dict[str, tuple[int, int]] = {}
        for result in self.results:
            right, total = counts.get(result.kind, (0, 0))
            counts[result.kind] = (right + result.right, total + 1)
        return counts


def is_right(found: Match, expect: Sequence[str] | str) -> bool:
    for answer in (expect,) if isinstance(expect, str) else expect:
        if answer in (found.kind, found.id):
            return True
        if found.kind == "task" and answer in found.owners:
            return True
    return False


def load_questions(path: Path) -> list[Question]:
    """The questions of a file; `QuestionFileError` (saying where) for a file that is not one."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise QuestionFileError(f"{path}: cannot read it: {exc}") from exc
    if not isinstance(items, list):
        raise QuestionFileError(f"{path}: expected a list of {{q, expect}} items")
    questions: list[Question] = []
    for number, item in enumerate(items, start=1):
        question = item.get("q") if isinstance(item, dict) else None
        expect = item.get("expect") if isinstance(item, dict) else None
        if isinstance(expect, str):
            expect = [expect]
        if (
            not isinstance(question, str)
            or not isinstance(expect, list)
            or not expect
            or not all(isinstance(e, str) for e in expect)
        ):
            raise QuestionFileError(f"{path}: item {number} is not {{q: text, expect: id or list}}: {item!r}")
        questions.append(Question(question, tuple(expect)))
    return questions


def expected_kind(expect: Sequence[str], kb: KnowledgeBase) -> str:
    """The kind the first expected answer names."""
    first = expect[0]
    if first in KINDS:
        return first
    entry = kb.entry(first)
    if isinstance(entry, Role):
        return "role"
    if isinstance(entry, Approach):
        return "approach"
    if isinstance(entry, Task):
        return "task"
    return "unknown"


def evaluate(questions: Sequence[Question], kb: KnowledgeBase) -> Report:
    results = []
    for question in questions:
        found = match(question.q, kb)
        kind = expected_kind(question.expect, kb)
        results.append(Result(question, found, is_right(found, question.expect), kind))
    return Report(tuple(results))


def unknown_ids(questions: Sequence[Question], kb: KnowledgeBase) -> list[str]:
    """Expected answers that are neither a kind nor an id of the knowledge base (typos in the file)."""
    seen: dict[str, None] = {}
    for question in questions:
        for answer in question.expect:
            if answer not in KINDS and kb.entry(answer) is None:
                seen.setdefault(answer, None)
    return list(seen)
