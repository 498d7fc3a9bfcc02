"""One invocation of the slash command, as its subcommand handlers see it.

Its own module so that `handlers.commands` (the routing table) and the subcommands it routes to
(`handlers.recommend`, `handlers.reload`) all import it without importing each other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import Message
from handlers.deps import Deps, SlackIds
from handlers.question_log import AskedQuestion


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
    """Valid for 3 seconds: for opening a modal (`views.open`)."""
    acknowledge: Callable[[Message], Awaitable[None]]
    """Ack now, once, with an interim ephemeral message, for work that may take longer than Slack's 3 s;
    what the handler then returns is sent through the command's `response_url` instead of the ack."""
    asked: list[AskedQuestion] = field(default_factory=list)
    """Questions the handler answered: handed to the question log once the reply is on its way."""


Handler = Callable[[CommandRequest], Awaitable[Message | None]]
"""Returns the ephemeral reply sent with the ack, or None to ack with nothing (e.g. after opening a modal)."""
