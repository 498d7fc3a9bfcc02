"""`@mlrole <question>` in a channel: the answer goes into the thread of the mention."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from slack_sdk.web.async_client import AsyncWebClient

from handlers.conversation import post_reply, question_from, reply_for
from handlers.deps import Deps, SlackIds

DIRECT_CHANNEL_TYPES: Final = frozenset({"im", "mpim"})


async def handle_mention(
    *,
    event: Mapping[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
    bot_user_id: str | None,
    delivery: str | None = None,
) -> None:
    """`delivery` is the event's id (`event_id`): a retried delivery is recorded as one question."""
    if event.get("bot_id") or event.get("subtype"):
        return  # never answer a bot: two bots mentioning each other would never stop
    channel = str(event.get("channel", ""))
    if event.get("channel_type") in DIRECT_CHANNEL_TYPES or channel.startswith("D"):
        # Slack also sends a mention in a DM as a `message` event, which `messages` answers: answer once.
        return
    question = question_from(str(event.get("text", "")), bot_user_id)
    asker = str(event.get("user", ""))
    message, asked = reply_for(
        question, deps=deps, ids=ids, surface="mention", asker=asker, delivery=delivery
    )
    # In the thread the mention was made in, or a new thread under the mention.
    thread_ts = str(event.get("thread_ts") or event["ts"])
    await post_reply(client, channel=channel, thread_ts=thread_ts, message=message)
    if asked is not None:  # after the reply: the log only queues it
        deps.questions.record(asked)
