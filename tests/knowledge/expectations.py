"""How a match is scored against an expected answer, as /work/shared/eval/dev-questions.yaml defines it.

`expect` is a role id, an approach id or a kind (compare, recommend, help, none); a list means any of them.
A match is right when its kind is the expected kind, or its id is the expected id, or it is a task whose
owners include the expected role ("who owns X" questions name a role that must own the task).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import yaml

from knowledge.base.model import KnowledgeBase
from knowledge.match.evaluation import is_right
from knowledge.match.matcher import Match
from knowledge.match.missing import missing_role

Expect = str | Sequence[str]

__all__ = [
    "DEV_QUESTIONS",
    "Expect",
    "describe_misses",
    "expected",
    "guesses",
    "is_right",
    "load_dev_questions",
]

DEV_QUESTIONS: Final = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev-questions.yaml"
"""The shared dev set: `shared/` beside the repository root (read-only, not part of the repo)."""


def expected(expect: Expect) -> tuple[str, ...]:
    return (expect,) if isinstance(expect, str) else tuple(expect)


def load_dev_questions(path: Path = DEV_QUESTIONS) -> list[tuple[str, Expect]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(items, list):
        raise ValueError(f"{path}: expected a list of {{q, expect}} items")
    questions: list[tuple[str, Expect]] = []
    for item in items:
        question, expect = item["q"], item["expect"]
        if not isinstance(question, str) or not isinstance(expect, str | list):
            raise ValueError(f"{path}: bad item {item!r}")
        questions.append((question, expect if isinstance(expect, str) else [str(e) for e in expect]))
    return questions


def guesses(found: Match, kb: KnowledgeBase) -> tuple[str, ...]:
    """A none's alternatives, but for a role the knowledge base lacks: naming its closest roles is its
    honest answer (the `missing_roles` section), no guess."""
    missing = missing_role(found.query, kb)
    if found.reason == "missing-role" and missing is not None and found.alternatives == missing.closest:
        return ()
    return found.alternatives


def describe_misses(misses: Sequence[tuple[str, Expect, Match]]) -> str:
    return "\n".join(
        f"  {question!r}: expected {expect}, got {found.kind} {found.id or ''} "
        f"(score {found.score}, alternatives {list(found.alternatives)})"
        for question, expect, found in misses
    )
