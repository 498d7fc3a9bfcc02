"""Two or three roles side by side: what each does, what each owns, and where they hand work over."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from handlers.blocks.core import (
    BULLET,
    Message,
    _context,
    _header,
    _join,
    _message,
    _section,
    escape,
)
from handlers.blocks.help import build_help
from handlers.blocks.names import _role_names
from knowledge.base.model import KnowledgeBase, Role, Task

MAX_OWNED: Final = 8
"""Tasks named per role at most ("and 4 more" after): the card compares, it does not list everything."""
MAX_SHARED: Final = 8
"""Hand-over tasks listed at most."""


def _owned(role: Role, kb: KnowledgeBase) -> str:
    owned = [escape(task.name) for task in kb.tasks if task.owners[:1] == (role.id,)]
    if not owned:
        return ""
    shown = owned[:MAX_OWNED]
    more = len(owned) - len(shown)
    return f"*Owns:* {', '.join(shown)}" + (f" and {more} more" if more else "")


def _column(role: Role, kb: KnowledgeBase) -> str:
    lines = [f"*{escape(role.name)}*", escape(role.summary)]
    owned = _owned(role, kb)
    if owned:
        lines.append(owned)
    return "\n".join(lines)


def _shared(task: Task, ids: Sequence[str], kb: KnowledgeBase) -> str:
    names = _role_names([owner for owner in task.owners if owner in ids], kb)
    lead = task.owners[0] in ids
    who = f"{names[0]} leads, with {_join(names[1:])}" if lead else f"{_join(names)} contribute"
    return f"{BULLET} *{escape(task.name)}:* {who}"


def _hand_over(roles: Sequence[Role], kb: KnowledgeBase) -> str:
    ids = [role.id for role in roles]
    shared = [task for task in kb.tasks if sum(1 for owner in task.owners if owner in ids) >= 2]
    lines = [_shared(task, ids, kb) for task in shared[:MAX_SHARED]]
    if len(shared) > MAX_SHARED:
        lines.append(f"{BULLET} and {len(shared) - MAX_SHARED} more")
    together = [
        f"{BULLET} {escape(role.name)} works with {_join(_role_names(others, kb))}"
        for role in roles
        if (others := [i for i in role.works_with if i in ids and i != role.id])
    ]
    if not lines and not together:
        return "*Where they hand work over*\nNo task of the knowledge base is shared between them."
    return "*Where they hand work over*\n" + "\n".join([*lines, *together])


def build_role_comparison(role_ids: Sequence[str], kb: KnowledgeBase) -> Message:
    """The roles side by side; help when the snapshot lacks any of them (a stale match)."""
    roles = [role for role in (kb.role(i) for i in role_ids) if role is not None]
    if len(roles) < 2 or len(roles) != len(role_ids):
        return build_help(kb)
    names = _join([escape(role.name) for role in roles])
    blocks = [
        _header(f"{names} side by side"),
        *(_section(_column(role, kb)) for role in roles),
        _section(_hand_over(roles, kb)),
        _context(["Ask about one of them for its full card."]),
    ]
    summaries = " ".join(f"{escape(role.name)}: {escape(role.summary)}" for role in roles)
    return _message(f"{names} side by side. {summaries}", blocks)
