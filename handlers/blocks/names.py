"""A snapshot's entry names by id, escaped once per snapshot: cards and recommendations name the same few."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Final

from handlers.blocks.core import escape
from handlers.per_snapshot import PerSnapshot
from knowledge.base.model import KnowledgeBase


@dataclass(frozen=True, slots=True)
class _Names:
    """A snapshot's names by id, escaped once: the same few are shown in every recommendation."""

    roles: dict[str, str]
    tasks: dict[str, str]
    approaches: dict[str, str]


def _names_of(kb: KnowledgeBase) -> _Names:
    # Reversed, so the first of a repeated id wins, as `kb.role(...)` finds it.
    return _Names(
        roles={r.id: escape(r.name) for r in reversed(kb.roles)},
        tasks={t.id: escape(t.name) for t in reversed(kb.tasks)},
        approaches={a.id: escape(a.name) for a in reversed(kb.approaches)},
    )


_NAMES: Final[PerSnapshot[_Names]] = PerSnapshot(max_size=1)


def _names(kb: KnowledgeBase) -> _Names:
    return _NAMES.get(kb, "names", partial(_names_of, kb))


def _escaped_name(names: dict[str, str], entry_id: str) -> str:
    """The escaped name of `entry_id`, or the escaped id itself when the snapshot lacks it."""
    name = names.get(entry_id)
    return escape(entry_id) if name is None else name


def _role_names(role_ids: Iterable[str], kb: KnowledgeBase) -> list[str]:
    roles = _names(kb).roles
    return [_escaped_name(roles, role_id) for role_id in role_ids]
