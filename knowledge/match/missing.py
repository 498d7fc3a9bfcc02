"""Roles people ask about that the knowledge base does not describe (its `missing_roles`): a question that
names one ("what does a product manager do", "PM") gets an honest "none" naming the closest roles.

The names are matched as words in order, stemmed ("product managers" is "product manager"), in a per-snapshot
table built once (cached by identity, like the matcher's index).
"""

from __future__ import annotations

import threading
import weakref
from typing import Final

from knowledge.base.model import KnowledgeBase, MissingRole
from knowledge.match.text import fold, stem, words

_Table = dict[str, tuple[tuple[tuple[str, ...], MissingRole], ...]]
"""First stem -> (name as stems, the missing role), longest names first."""

_TABLES: Final[weakref.WeakKeyDictionary[KnowledgeBase, _Table]] = weakref.WeakKeyDictionary()
_LOCK: Final = threading.Lock()


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(part) for word in words(fold(text)) for part in word.split("-") if part)


def _table(kb: KnowledgeBase) -> _Table:
    table = _TABLES.get(kb)
    if table is None:
        grouped: dict[str, list[tuple[tuple[str, ...], MissingRole]]] = {}
        for missing in kb.missing_roles:
            for name in (missing.name, *missing.aliases):
                stems = _stems(name)
                if stems:
                    grouped.setdefault(stems[0], []).append((stems, missing))
        table = {first: tuple(sorted(names, key=lambda n: -len(n[0]))) for first, names in grouped.items()}
        with _LOCK:
            _TABLES[kb] = table
    return table


def missing_role(question: str, kb: KnowledgeBase) -> MissingRole | None:
    """The missing role the question names (the first, by position), if any."""
    if not kb.missing_roles:
        return None
    table = _table(kb)
    stems = _stems(question[:1000])
    for i, first in enumerate(stems):
        for name, missing in table.get(first, ()):
            if stems[i : i + len(name)] == name:
                return missing
    return None
