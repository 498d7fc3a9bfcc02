"""Answering a message in a conversation (a mention in a channel, a DM): shared by both surfaces."""

from __future__ import annotations

import re

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import Message, build_help
from handlers.deps import Deps, SlackIds
from handlers.pipeline import answer

_ANY_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_ADDRESS = re.compile(r"<[@#!][^<>]*>")
"""Slack's markup for a mention of a person, a channel, a user group or everyone (`<@U…>`, `<#C…|name>`,
`<!subteam^S…>`, `<!here>`): it says who is addressed, not what is asked."""
_LINK = re.compile(r"<(?:https?|mailto):[^<>|]*\|([^<>]*)>|<((?:https?|mailto):[^<>]*)>")


def plain(text: str) -> str:
    """What a person asked, from Slack's text: mentions go, a link keeps its label (or its address), then
    `&`, `<` and `>`, which arrive as entities, are unescaped. Markup is removed before unescaping, so what a
    person typed as `<!channel>` (sent as `&lt;!channel&gt;`) stays text, and is escaped again when echoed."""
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), _ADDRESS.sub(" ", text))
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
