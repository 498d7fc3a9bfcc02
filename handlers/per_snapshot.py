"""A memo for what depends on nothing but the knowledge-base snapshot: an entry's card, the comparison.

Answers repeat (the same few roles and tasks are asked about all day), and rendering one is pure: the same
snapshot and key always give the same value. So the value is kept, for the latest snapshot only: a reload
swaps in a new snapshot, the next lookup sees a different `KnowledgeBase` and starts afresh (the old one is
let go). Snapshots are told apart by identity, never by equality, and are frozen, so a kept value cannot
go stale. What is kept is bounded by `max_size` values, for a knowledge base with very many entries.

Only what a key fully determines may be kept: never anything that depends on the question itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Final, Generic, TypeVar

from knowledge.base.model import KnowledgeBase

V = TypeVar("V")

DEFAULT_MAX_SIZE: Final = 1024
"""Values kept at most; when full, all are dropped and rendered again as they are asked for."""


class PerSnapshot(Generic[V]):
    """`get(kb, key, make)` is `make()`, called once per key for the latest snapshot seen."""

    def __init__(self, *, max_size: int = DEFAULT_MAX_SIZE) -> None:
        if max_size <= 0:
            raise ValueError("max_size must be positive")
        self._max_size = max_size
        self._state: tuple[KnowledgeBase | None, dict[Hashable, V]] = (None, {})
        """The snapshot and its values, as one pair: replaced in one assignment, never half-updated."""

    def get(self, kb: KnowledgeBase, key: Hashable, make: Callable[[], V]) -> V:
        owner, values = self._state
        if owner is not kb:
            values = {}
            self._state = (kb, values)
        try:
            return values[key]
        except KeyError:
            pass
        value = make()
        if len(values) >= self._max_size:
            values.clear()
        values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._state[1])
