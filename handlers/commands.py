"""The slash command: `/mlrole <question>` and its subcommands, answered in the ack itself.

A subcommand with Web API work (`reload` checks the admin with `users.info`, `recommend` alone opens a form
with `views.open`) has a follow-up: its handler acks at once (an interim "Reloading…", or nothing), then its
follow-up runs as a lazy listener (`handlers.lazy`) and what it returns goes out through the command's
`response_url`. Only such commands pay for a lazy listener; a question is answered in the ack alone.

Subcommands are rows of `SUBCOMMANDS`; `/mlrole` alone and `/mlrole help` render usage from that table, so
help cannot drift from the code. To add one, write its handler and add one `Subcommand` row. Anything that
is not a subcommand is a question.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from handlers import recommend, reload, review, share
from handlers.blocks import Message, build_notice, build_roles_list, build_usage, with_share_button
from handlers.command_request import CommandRequest, FollowUp, Handler
from handlers.conversation import plain
from handlers.deps import Deps, SlackIds
from handlers.lazy import Later
from handlers.pipeline import answer
from knowledge.match import Kind

SHAREABLE: Final[frozenset[Kind]] = frozenset({"role", "approach", "task", "compare"})
"""Answers worth sharing; "I don't know", did-you-mean and usage stay with the asker."""
QUESTION_USAGE: Final = ("<question>", "Ask who does what: a role, a team approach, or who owns a task.")
SORRY: Final = "Sorry, something went wrong on my side and I could not answer. Please try again."


@dataclass(frozen=True, slots=True)
class Subcommand:
    name: str
    usage: str
    """What follows the slash command, e.g. `roles` or `reload`."""
    help: str
    handler: Handler
    takes_args: bool = False
    """Without arguments, `/mlrole help me find a labeler` is a question, not this subcommand."""
    follow_up: FollowUp | None = None
    """Runs after the ack when the subcommand is sent alone (no arguments): the Web API work."""


async def ask(request: CommandRequest) -> Message:
    """A question: the pipeline's answer, with a "Share in channel" button when it is an answer."""
    deps = request.deps
    found, message = answer(
        request.args, deps.store.current, actions=request.ids.actions, channel_names=deps.channel_names
    )
    if found.kind == "help":
        return await show_usage(request)
    if found.kind in SHAREABLE:
        value = share.encode(share.ShareTarget(question=request.args))
        message = with_share_button(message, action_id=request.ids.share, value=value)
    return message


async def show_usage(request: CommandRequest) -> Message:
    return build_usage(request.ids.command, usages(), request.deps.store.current)


async def list_roles(request: CommandRequest) -> Message:
    return build_roles_list(request.deps.store.current)


SUBCOMMANDS: Final[tuple[Subcommand, ...]] = (
    Subcommand("roles", "roles", "List the roles and the team approaches.", list_roles),
    Subcommand(
        recommend.NAME,
        f"{recommend.NAME} [KEY=VALUE ...]",
        "Recommend a team: an approach, a roster and who owns what. Alone, it opens a form; with inputs "
        "(size=startup people=5 production=yes labeling=heavy ...) or in words, it answers at once.",
        recommend.recommend_team,
        takes_args=True,
        follow_up=recommend.open_form,
    ),
    Subcommand(
        "reload",
        "reload",
        "Admins: reload the knowledge base from its configured source.",
        reload.acknowledge_reload,
        takes_args=True,  # so that `reload <a path or URL>` is told the source is configuration
        follow_up=reload.reload_knowledge,
    ),
    Subcommand(
        review.NAME,
        review.NAME,
        "Admins: list the org.yaml mappings not reviewed for longer than MLROLE_REVIEW_DAYS.",
        review.acknowledge_stale,
        follow_up=review.list_stale,
    ),
    Subcommand("help", "help", "Show this help.", show_usage),
)


def usages() -> list[tuple[str, str]]:
    """`(usage, help)` for the question form and every subcommand, in table order."""
    return [QUESTION_USAGE, *((sub.usage, sub.help) for sub in SUBCOMMANDS)]


def _find(text: str) -> tuple[Subcommand | None, str]:
    words = text.split(maxsplit=1)
    if not words:
        return None, ""
    args = words[1] if len(words) > 1 else ""
    for sub in SUBCOMMANDS:
        if words[0].lower() == sub.name and (sub.takes_args or not args):
            return sub, args
    return None, " ".join(text.split())


def route(text: str) -> tuple[Handler, str]:
    """The handler for the command text and the arguments it gets: a subcommand, usage, or a question."""
    sub, args = _find(text)
    if sub is not None:
        return sub.handler, args
    return (ask if args else show_usage), args


def follow_up_of(text: str) -> FollowUp | None:
    """The follow-up the command text needs after its ack, if any."""
    sub, args = _find(text)
    return sub.follow_up if sub is not None and not args else None


def command_text(payload: Mapping[str, Any]) -> str:
    return plain(str(payload.get("text") or ""))


def _request(
    payload: Mapping[str, Any],
    args: str,
    *,
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
    received_at: float,
) -> CommandRequest:
    return CommandRequest(
        deps=deps,
        ids=ids,
        client=client,
        args=args,
        user_id=str(payload.get("user_id", "")),
        channel_id=str(payload.get("channel_id", "")),
        trigger_id=str(payload.get("trigger_id", "")),
        received_at=received_at,
    )


async def handle_command(
    *, ack: AsyncAck, payload: Mapping[str, Any], client: AsyncWebClient, deps: Deps, ids: SlackIds
) -> None:
    """Ack the slash command with its answer (or its interim message): ephemeral, no Web API call."""
    handler, args = route(command_text(payload))
    request = _request(payload, args, client=client, deps=deps, ids=ids, received_at=time.monotonic())
    try:
        message = await handler(request)
    except Exception:
        deps.logger.exception("slash command failed")
        message = build_notice(SORRY)
    if message is None:
        await ack()
    else:
        await ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")


async def follow_up(later: Later, *, deps: Deps, ids: SlackIds) -> None:
    """After the ack: the subcommand's follow-up, its message sent through the command's `response_url`."""
    payload = later.body
    work = follow_up_of(command_text(payload))
    if work is None:
        return
    request = _request(payload, "", client=later.client, deps=deps, ids=ids, received_at=later.received_at)
    try:
        message = await work(request)
    except Exception:
        deps.logger.exception("slash command failed")
        message = build_notice(SORRY)
    if message is not None:
        await later.respond(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
