"""A direct message to the bot: the answer goes into the DM (into the thread, if it was sent in one).

Only plain new messages from people are answered: any subtype (edits, deletions, bot messages, joins...),
anything sent by a bot, and the bot's own messages are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from handlers.conversation import post_reply, question_from, reply_for
from handlers.deps import Deps, SlackIds


def is_from_a_person(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    if event.get("subtype") is not None or event.get("bot_id") or event.get("bot_profile"):
        return False
    user = event.get("user")
    return bool(user) and user != bot_user_id


async def handle_message(
    *,
    event: Mapping[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
    bot_user_id: str | None,
    delivery: str | None = None,
) -> None:
    """`delivery` is the event's id (`event_id`): a retried delivery is recorded as one question."""
    if event.get("channel_type") != "im" or not is_from_a_person(event, bot_user_id):
        return
    question = question_from(str(event.get("text", "")), bot_user_id)
    asker = str(event.get("user", ""))
    message, asked = reply_for(question, deps=deps, ids=ids, surface="dm", asker=asker, delivery=delivery)
    thread_ts = str(event["thread_ts"]) if event.get("thread_ts") else None
    await post_reply(client, channel=str(event["channel"]), thread_ts=thread_ts, message=message)
    if asked is not None:  # after the reply: the log only queues it
        deps.questions.record(asked)
