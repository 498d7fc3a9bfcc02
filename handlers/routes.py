"""The routing table: which Slack request goes to which handler, under the ids `handlers.ids` writes.

Every listener acks at once, with what it can answer without the Web API (the question's answer, an interim
"Reloading…", an empty ack before a modal or a post), and does its Web API and `response_url` work after, as a
lazy listener (`handlers.lazy.listen`): the app runs with `process_before_response=True`, so the ack is what
Slack gets back, and a slow Slack never delays it. Each listener is a thin adapter handing Bolt's arguments,
with `Deps` and the ids, to a plain async function in the surface's module.

Order matters: Bolt gives a request to the first listener that matches. The slash command's follow-up
listener comes before the plain one, and `handlers.stale` (any action, any form) comes last.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, Protocol

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from handlers import actions, ask_owners, commands, feedback, home, mentions, messages, recommend, stale
from handlers.deps import Deps, SlackIds
from handlers.ids import (
    ACTIONS,
    ADJUST_ACTION,
    CHOOSE_ACTION,
    COMMAND,
    FEEDBACK,
    FEEDBACK_DOWN_ACTION,
    FEEDBACK_UP_ACTION,
    FORM,
    RECOMMEND_FORM,
    SHARE_ACTION,
)
from handlers.lazy import Later, listen

IDS: Final = SlackIds(command=COMMAND, share=SHARE_ACTION, actions=ACTIONS, form=FORM, feedback=FEEDBACK)


class Conversation(Protocol):
    """A mention's or a DM's handler (`handlers.mentions`, `handlers.messages`)."""

    async def __call__(
        self,
        *,
        event: Mapping[str, Any],
        client: AsyncWebClient,
        deps: Deps,
        ids: SlackIds,
        bot_user_id: str | None,
        delivery: str | None = None,
    ) -> None: ...


def register_all(app: AsyncApp, deps: Deps) -> None:
    ids = IDS
    ask_owners.register(app, deps)

    # The slash command: a subcommand with Web API work (`reload`, `recommend` alone) acks, then follows up
    # lazily; everything else (a question above all) is answered in the ack, with no lazy listener to pay for.
    async def needs_follow_up(body: dict[str, Any]) -> bool:
        return commands.follow_up_of(commands.command_text(body)) is not None

    async def acknowledge_command(ack: AsyncAck, body: Mapping[str, Any]) -> None:
        await commands.handle_command(ack=ack, payload=body, client=app.client, deps=deps, ids=ids)

    async def follow_up_command(later: Later) -> None:
        await commands.follow_up(later, deps=deps, ids=ids)

    listen(
        app.command(COMMAND, matchers=[needs_follow_up]),
        acknowledge=acknowledge_command,
        later=follow_up_command,
    )

    @app.command(COMMAND)
    async def on_command(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await commands.handle_command(ack=ack, payload=command, client=client, deps=deps, ids=ids)

    # Events: acked at once (Bolt acks them itself), answered after.
    def answer_with(handle: Conversation) -> Callable[[Later], Awaitable[None]]:
        async def answer(later: Later) -> None:
            await handle(
                event=later.body["event"],
                client=later.client,
                deps=deps,
                ids=ids,
                bot_user_id=later.context.bot_user_id,
                delivery=_event_id(later.body),
            )

        return answer

    listen(app.event("app_mention"), later=answer_with(mentions.handle_mention))
    # `message.im` is a subscription, not an event type: every message event arrives as `message`, and the
    # handler keeps the DMs. Listening to all of them also acks the ones it ignores (edits, deletions).
    listen(app.event("message"), later=answer_with(messages.handle_message))

    async def publish_home(later: Later) -> None:
        event, bot_user_id = later.body["event"], later.context.bot_user_id
        await home.handle_home_opened(
            event=event, client=later.client, deps=deps, ids=ids, bot_user_id=bot_user_id
        )

    listen(app.event("app_home_opened"), later=publish_home)

    # Buttons: an empty ack, then the work.
    async def share_answer(later: Later) -> None:
        await actions.share_answer(later, deps=deps)

    listen(app.action(SHARE_ACTION), later=share_answer)

    async def choose_entry(later: Later) -> None:
        await actions.choose_entry(later, deps=deps, ids=ids)

    listen(app.action(re.compile(rf"^{re.escape(CHOOSE_ACTION)}-\d+$")), later=choose_entry)

    async def adjust_inputs(later: Later) -> None:
        await recommend.adjust_inputs(later, deps=deps, ids=ids)

    listen(app.action(ADJUST_ACTION), later=adjust_inputs)

    async def note_feedback(later: Later) -> None:
        await feedback.note_feedback(body=later.body, respond=later.respond, deps=deps, ids=ids)

    listen(app.action(FEEDBACK_UP_ACTION), later=note_feedback)
    listen(app.action(FEEDBACK_DOWN_ACTION), later=note_feedback)

    # The recommendation form: its errors in the ack, or an empty ack (the form closes) and the post after.
    async def check_submission(ack: AsyncAck, body: Mapping[str, Any]) -> None:
        await recommend.check_submission(ack, body, ids=ids)

    async def post_submission(later: Later) -> None:
        await recommend.post_submission(later, deps=deps, ids=ids)

    listen(app.view(RECOMMEND_FORM), acknowledge=check_submission, later=post_submission)

    stale.register(app, deps)  # last: it takes any action and any form the listeners above did not


def _event_id(body: Mapping[str, Any]) -> str | None:
    event_id = body.get("event_id")
    return event_id if isinstance(event_id, str) and event_id else None
