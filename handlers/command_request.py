"""One invocation of the slash command, as its subcommand handlers see it.

Its own module so that `handlers.commands` (the routing table) and the subcommands it routes to
(`handlers.recommend`, `handlers.reload`) all import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import Message, build_notice
from handlers.deps import Deps, SlackIds
from handlers.question_log import AskedQuestion

ADMINS_SETTING: Final = "MLROLE_ADMINS"
"""Named for the person refused (`bot.settings.ADMINS`, which handlers do not import)."""
ADMIN_ONLY: Final = (
    f"Sorry, only mlrole admins can {{action}}: the people listed in {ADMINS_SETTING}, "
    "and the workspace's admins and owners."
)
"""The refusal of an admin subcommand; `{action}` says what was asked ("reload the knowledge base")."""


@dataclass(frozen=True, slots=True)
class CommandRequest:
    """One invocation of the slash command, as a subcommand handler sees it."""

    deps: Deps
    ids: SlackIds
    client: AsyncWebClient
    args: str
    """The text after the subcommand's name (for a question: the whole question)."""
    user_id: str
    channel_id: str
    trigger_id: str
    """Valid for 3 seconds: for opening a modal (`views.open`), in a follow-up."""
    received_at: float
    """When the command reached the bot (`time.monotonic()`): the `trigger_id` lives 3 s from about then."""
    asked: list[AskedQuestion] = field(default_factory=list)
    """Questions the handler answered: handed to the question log once the reply is on its way."""

    async def refusal_unless_admin(self, action: str) -> Message | None:
        """None when the asker may run admin subcommands (`Deps.is_admin`: may call `users.info`, so only
        after the ack); otherwise the polite refusal to send them, logged. `action`: "reload the knowledge
        base"."""
        if await self.deps.is_admin(self.user_id, self.client):
            return None
        self.deps.logger.warning("refused to %s: user %s is not an admin", action, self.user_id)
        return build_notice(ADMIN_ONLY.format(action=action))


Handler = Callable[[CommandRequest], Awaitable[Message | None]]
"""Runs in the ack, so never calls the Web API: returns the ephemeral reply sent with the ack (an answer, or
an interim "Reloading…"), or None to ack with nothing (before a follow-up opens a modal)."""
FollowUp = Callable[[CommandRequest], Awaitable[Message | None]]
"""Runs after the ack (a lazy listener): may call the Web API and take its time; returns the ephemeral
message sent through the command's `response_url`, or None to send nothing."""
