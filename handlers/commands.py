"""The slash command: `/mlrole <question>` and its subcommands, answered in the ack itself.

A subcommand whose work may outlast Slack's 3 s (`reload` fetching a URL) acks early with an interim message
(`CommandRequest.acknowledge`); what its handler then returns goes out through the command's `response_url`.

Subcommands are rows of `SUBCOMMANDS`; `/mlrole` alone and `/mlrole help` render usage from that table, so
help cannot drift from the code. To add one, write its handler and add one `Subcommand` row. Anything that
is not a subcommand is a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from handlers import gaps_command, recommend
from handlers.blocks import Message, build_notice, build_roles_list, build_usage
from handlers.command_request import CommandRequest, Handler
from handlers.conversation import plain
from handlers.deps import Deps, SlackIds
from handlers.feedback import decorate
from handlers.question_log import AskedQuestion, new_question_id
from handlers.reload import reload_knowledge
from handlers.replay import private_answer

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


async def ask(request: CommandRequest) -> Message:
    """A question: the pipeline's answer, with "Share in channel" and feedback buttons under an answer."""
    kb = request.deps.store.current
    found, message = private_answer(request.args, kb, request.ids)
    if found.kind == "help":
        return await show_usage(request)
    question_id = new_question_id()
    request.asked.append(
        AskedQuestion.of(
            found, question_id=question_id, surface="slash", asker=request.user_id, kb_version=kb.version
        )
    )
    return decorate(message, found, question_id=question_id, deps=request.deps, ids=request.ids)


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
    ),
    Subcommand(
        "reload",
        "reload",
        "Admins: reload the knowledge base from its configured source.",
        reload_knowledge,
        takes_args=True,  # so that `reload <a path or URL>` is told the source is configuration
    ),
    Subcommand(
        gaps_command.NAME,
        f"{gaps_command.NAME} [days]",
        "Admins: what people asked that the knowledge base could not answer, and answers marked unhelpful, "
        "over the last 30 days (or the days given).",
        gaps_command.show_gaps,
        takes_args=True,
    ),
    Subcommand("help", "help", "Show this help.", show_usage),
)


def usages() -> list[tuple[str, str]]:
    """`(usage, help)` for the question form and every subcommand, in table order."""
    return [QUESTION_USAGE, *((sub.usage, sub.help) for sub in SUBCOMMANDS)]


def route(text: str) -> tuple[Handler, str]:
    """The handler for the command text and the arguments it gets: a subcommand, usage, or a question."""
    words = text.split(maxsplit=1)
    if not words:
        return show_usage, ""
    args = words[1] if len(words) > 1 else ""
    for sub in SUBCOMMANDS:
        if words[0].lower() == sub.name and (sub.takes_args or not args):
            return sub.handler, args
    return ask, " ".join(text.split())


async def handle_command(
    *,
    ack: AsyncAck,
    respond: AsyncRespond,
    payload: Mapping[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
) -> None:
    """Ack the slash command with its answer: one round trip, ephemeral, no Web API call. A handler that
    acked early (`acknowledge`) has its answer sent with `respond`."""
    handler, args = route(plain(str(payload.get("text") or "")))
    acked = False

    async def acknowledge(interim: Message) -> None:
        nonlocal acked
        acked = True
        await ack(text=interim["text"], blocks=interim["blocks"], response_type="ephemeral")

    request = CommandRequest(
        deps=deps,
        ids=ids,
        client=client,
        args=args,
        user_id=str(payload.get("user_id", "")),
        channel_id=str(payload.get("channel_id", "")),
        trigger_id=str(payload.get("trigger_id", "")),
        acknowledge=acknowledge,
    )
    try:
        message = await handler(request)
    except Exception:
        deps.logger.exception("slash command failed")
        message = build_notice(SORRY)
    if acked:
        if message is not None:
            await respond(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
    elif message is None:
        await ack()
    else:
        await ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
    for question in request.asked:  # after the reply: the log only queues it
        deps.questions.record(question)
