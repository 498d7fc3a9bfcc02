"""The store holds the knowledge base snapshot being served. (Minimal: reload arrives with its own issue.)"""

from __future__ import annotations

from datetime import UTC, datetime

from knowledge.model import KnowledgeBase


class KnowledgeStore:
    """Holds the current snapshot. Readers take `store.current` once per question and use only that."""

    def __init__(self, kb: KnowledgeBase, *, loaded_at: datetime | None = None) -> None:
        self._current = kb
        self._loaded_at = loaded_at or datetime.now(UTC)

    @property
    def current(self) -> KnowledgeBase:
        return self._current

    @property
    def loaded_at(self) -> datetime:
        return self._loaded_at
