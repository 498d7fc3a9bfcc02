"""Answers are pinned byte for byte: a refactor or a speed-up must not change a single one.

Every question of the dev set, of the matcher's held-out tables and of the labelled corpus is answered
through the one pipeline (`mlrole ask --json`'s record: the match and the exact Slack message), and a grid
of recommendation inputs through `knowledge.recommend`; each answer's SHA-256 is compared with
`pinned_answers.json`. A change that means to change answers (new knowledge, a better rule) regenerates the
file and shows the changed questions in its diff:

    python -m tests.bot.test_answers_pinned --update
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any, Final

from bot.commands.ask import record
from handlers.pipeline import answer
from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase
from knowledge.base.project_inputs import INPUT_VALUES
from knowledge.recommend import parse_request, recommend, to_dict
from tests.knowledge.expectations import DEV_QUESTIONS, load_dev_questions
from tests.knowledge.match.held_out import HELD_OUT
from tests.knowledge.match.test_corpus import corpus_questions

PINNED: Final = Path(__file__).with_name("pinned_answers.json")
TEAM_SIZES: Final = (1, 3, 8, 40, 1000)


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _questions() -> list[str]:
    seen: dict[str, None] = {}
    dev = load_dev_questions() if DEV_QUESTIONS.exists() else []
    for question, _ in [*dev, *HELD_OUT]:
        seen.setdefault(question, None)
    for item in corpus_questions():
        seen.setdefault(item.q, None)
    return list(seen)


def _input_grid() -> list[list[str]]:
    keys = ("size", "production", "labeling")
    grid = []
    for values in itertools.product(*(INPUT_VALUES[key] for key in keys)):
        for people in TEAM_SIZES:
            grid.append([*(f"{k}={v}" for k, v in zip(keys, values, strict=True)), f"people={people}"])
    return grid


def current(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    questions = {}
    for question in _questions():
        found, message = answer(question, kb)
        entry = record(question, found, message)
        questions[question] = f"{found.kind}:{found.id or ''} {_digest(entry)}"
    recommendations = {}
    for pairs in _input_grid():
        inputs, _ = parse_request(pairs)
        recommendations[" ".join(pairs)] = _digest(to_dict(recommend(inputs, kb)))
    return {"questions": questions, "recommendations": recommendations}


def test_answers_are_byte_identical_to_the_pinned_ones() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    now = current(load_bundled())
    for section in ("questions", "recommendations"):
        changed = {
            key: (pinned[section].get(key), value)
            for key, value in now[section].items()
            if pinned[section].get(key) != value
        }
        shown = "\n".join(f"  {key!r}: {old} -> {new}" for key, (old, new) in list(changed.items())[:20])
        assert not changed, f"{len(changed)} {section} changed (regenerate only if meant):\n{shown}"


def test_the_pin_covers_enough_to_mean_something() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert len(pinned["questions"]) >= 700
    assert len(pinned["recommendations"]) >= 100
    kinds = {value.split(":")[0] for value in pinned["questions"].values()}
    assert {"role", "task", "approach", "compare", "recommend", "none"} <= kinds


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.bot.test_answers_pinned --update")
    text = json.dumps(current(load_bundled()), indent=1, ensure_ascii=False)
    PINNED.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {PINNED}")
