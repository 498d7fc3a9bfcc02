"""Held-out questions (see `held_out`) are answered right, out-of-scope ones without a guess."""

from __future__ import annotations

import pytest

from knowledge.base.model import KnowledgeBase
from knowledge.match.matcher import match
from tests.knowledge.expectations import Expect, describe_misses, expected, guesses, is_right
from tests.knowledge.match.held_out import (
    HELD_OUT,
    HELD_OUT_ACCURACY,
    HELD_OUT_FIRST,
    HELD_OUT_FOURTH,
    HELD_OUT_SECOND,
    HELD_OUT_THIRD,
    check_sane,
)

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
            assert (found.kind, guesses(found, bundled_kb)) == ("none", ()), f"{question!r}: {found}"


def test_every_held_out_match_is_well_formed(bundled_kb: KnowledgeBase) -> None:
    for question, _ in HELD_OUT:
        check_sane(match(question, bundled_kb), bundled_kb)
