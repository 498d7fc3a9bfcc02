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
    """Valid for 3 seconds: for opening a modal (`views.open`), in a follow-up."""
    received_at: float
    """When the command reached the bot (`time.monotonic()`): the `trigger_id` lives 3 s from about then."""
    asked: list[AskedQuestion] = field(default_factory=list)
    """Questions the handler answered: handed to the question log once the reply is on its way."""


Handler = Callable[[CommandRequest], Awaitable[Message | None]]
"""Runs in the ack, so never calls the Web API: returns the ephemeral reply sent with the ack (an answer, or
an interim "Reloading…"), or None to ack with nothing (before a follow-up opens a modal)."""
FollowUp = Callable[[CommandRequest], Awaitable[Message | None]]
"""Runs after the ack (a lazy listener): may call the Web API and take its time; returns the ephemeral
message sent through the command's `response_url`, or None to send nothing."""
