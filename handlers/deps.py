"""What handlers need, handed to them by closure (Bolt injects only the argument names it knows)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from handlers.blocks import ActionIds
from knowledge.store import KnowledgeStore


@dataclass(frozen=True, slots=True)
class Deps:
    """Built once by `bot.app.create_app`."""

    store: KnowledgeStore
    """Read `store.current` once per request and use only that snapshot."""
    admins: frozenset[str] = frozenset()
    """Slack user ids allowed to run admin subcommands."""
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("mlrole"))


@dataclass(frozen=True, slots=True)
class SlackIds:
    """The Slack ids handlers put into what they send, fixed in one place: `handlers.routes`."""

    command: str
    """The slash command, e.g. `/mlrole`: usage text names it."""
    share: str
    """The action id of the "Share in channel" button."""
    actions: ActionIds
    """The action ids of the buttons answers may carry (did-you-mean)."""
