"""Answering a message in a conversation (a mention in a channel, a DM): shared by both surfaces."""

from __future__ import annotations

import re

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import Message, build_help
from handlers.deps import Deps, SlackIds
from handlers.pipeline import answer

_ANY_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def plain(text: str) -> str:
    """What a person typed, from Slack's text, which arrives with `&`, `<`, `>` as entities."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def question_from(text: str, bot_user_id: str | None) -> str:
    """The question in a message: the text without mentions of the bot, unescaped, whitespace collapsed."""
    # Without the bot's id (auth.test always gives it) all mentions go: at worst other people's names.
    pattern = re.compile(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>") if bot_user_id else _ANY_MENTION
    return " ".join(plain(pattern.sub(" ", text)).split())


def reply_for(question: str, *, deps: Deps, ids: SlackIds) -> Message:
    """The answer to a question, or usage for an empty one (a bare mention)."""
    kb = deps.store.current
    if not question:
        return build_help(kb)
    _, message = answer(question, kb, actions=ids.actions, channel_names=deps.channel_names)
    return message


async def post_reply(
    client: AsyncWebClient, *, channel: str, thread_ts: str | None, message: Message
) -> None:
    await client.chat_postMessage(
        channel=channel, thread_ts=thread_ts, text=message["text"], blocks=message["blocks"]
    )
