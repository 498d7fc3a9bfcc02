"""The routing table: which Slack request goes to which handler, under the ids `handlers.ids` writes.

Each listener below is a thin adapter: Bolt injects the arguments it knows by name (`ack`, `command`,
`event`, `body`, `respond`, `client`, `context`) and the adapter hands them, with `Deps` and the ids, to a
plain async function in the surface's module.
"""

from __future__ import annotations

import re
from typing import Any, Final

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from handlers import actions, commands, feedback, home, mentions, messages, recommend
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

IDS: Final = SlackIds(command=COMMAND, share=SHARE_ACTION, actions=ACTIONS, form=FORM, feedback=FEEDBACK)


def register_all(app: AsyncApp, deps: Deps) -> None:
    ids = IDS

    @app.command(COMMAND)
    async def on_command(
        ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await commands.handle_command(
            ack=ack, respond=respond, payload=command, client=client, deps=deps, ids=ids
        )

    @app.event("app_mention")
    async def on_mention(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await mentions.handle_mention(
            event=event,
            client=client,
            deps=deps,
            ids=ids,
            bot_user_id=context.bot_user_id,
            delivery=_event_id(body),
        )

    # `message.im` is a subscription, not an event type: every message event arrives as `message`, and the
    # handler keeps the DMs. Listening to all of them also acks the ones it ignores (edits, deletions).
    @app.event("message")
    async def on_message(
        event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await messages.handle_message(
            event=event,
            client=client,
            deps=deps,
            ids=ids,
            bot_user_id=context.bot_user_id,
            delivery=_event_id(body),
        )

    @app.event("app_home_opened")
    async def on_home_opened(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await home.handle_home_opened(
            event=event, client=client, deps=deps, ids=ids, bot_user_id=context.bot_user_id
        )

    @app.action(SHARE_ACTION)
    async def on_share(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await actions.handle_share(ack=ack, body=body, respond=respond, deps=deps)

    @app.action(re.compile(rf"^{re.escape(CHOOSE_ACTION)}-\d+$"))
    async def on_choice(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await actions.handle_choice(ack=ack, body=body, respond=respond, deps=deps, ids=ids)

    @app.action(ADJUST_ACTION)
    async def on_adjust(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await recommend.handle_adjust(ack=ack, body=body, client=client, respond=respond, deps=deps, ids=ids)

    @app.action(FEEDBACK_UP_ACTION)
    @app.action(FEEDBACK_DOWN_ACTION)
    async def on_feedback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await feedback.handle_feedback(ack=ack, body=body, respond=respond, deps=deps, ids=ids)

    @app.view(RECOMMEND_FORM)
    async def on_recommend_form(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await recommend.handle_submission(ack=ack, body=body, view=view, client=client, deps=deps, ids=ids)


def _event_id(body: dict[str, Any]) -> str | None:
    event_id = body.get("event_id")
    return event_id if isinstance(event_id, str) and event_id else None
