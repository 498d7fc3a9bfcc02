"""`PerSnapshot`: a value is made once per key for the snapshot being served, and never outlives it."""

from __future__ import annotations

import dataclasses

import pytest

from handlers.per_snapshot import PerSnapshot
from knowledge.base.model import KnowledgeBase


class Maker:
    """Makes `f"{label} {n}"`, counting its calls."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"{self.label} {self.calls}"


def test_a_value_is_made_once_per_key_for_a_snapshot(bundled_kb: KnowledgeBase) -> None:
    memo: PerSnapshot[str] = PerSnapshot()
    a, b = Maker("a"), Maker("b")

    assert [memo.get(bundled_kb, "a", a) for _ in range(3)] == ["a 1"] * 3
    assert memo.get(bundled_kb, "b", b) == "b 1"
    assert (a.calls, b.calls, len(memo)) == (1, 1, 2)


def test_a_none_is_kept_like_any_other_value(bundled_kb: KnowledgeBase) -> None:
    memo: PerSnapshot[str | None] = PerSnapshot()
    calls: list[None] = []

    def nothing() -> None:
        calls.append(None)

    assert memo.get(bundled_kb, "missing", nothing) is None
    assert memo.get(bundled_kb, "missing", nothing) is None
    assert len(calls) == 1


def test_another_snapshot_starts_afresh_even_with_the_same_content(bundled_kb: KnowledgeBase) -> None:
    memo: PerSnapshot[str] = PerSnapshot()
    maker = Maker("value")
    reloaded = dataclasses.replace(bundled_kb)  # the same content, as a reload of an unchanged file gives

    first = memo.get(bundled_kb, "key", maker)
    second = memo.get(reloaded, "key", maker)
    third = memo.get(bundled_kb, "key", maker)  # only the latest snapshot's values are kept

    assert (first, second, third) == ("value 1", "value 2", "value 3")
    assert len(memo) == 1


def test_it_keeps_at_most_max_size_values(bundled_kb: KnowledgeBase) -> None:
    memo: PerSnapshot[str] = PerSnapshot(max_size=3)
    for key in range(10):
        assert memo.get(bundled_kb, key, Maker(str(key))) == f"{key} 1"
        assert 1 <= len(memo) <= 3


def test_a_size_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="max_size"):
        PerSnapshot(max_size=0)
