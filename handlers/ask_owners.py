"""The "Ask the owners" button: post the asker's question in the owners' channel, and tell the asker where.

The click is acked at once; the Web API work follows, lazily. The channel comes from the snapshot serving
at click time (`org.yaml`), never from the click. `chat.postMessage` posts who asks (a mention), the
question and the answer's entry; `chat.getPermalink` gives the asker a link, sent only to them through the
click's `response_url`. Once per question per person, across every instance (`Deps.once`; this process
also keeps the link it posted, `handlers.escalation.SentQuestions`): a second click says it was already
sent. `chat:write` posts only where the bot is a member: on `not_in_channel` the asker is told to ask in
the channel directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers import escalation
from handlers.blocks import Message, build_notice
from handlers.blocks.org import (
    build_already_sent,
    build_escalation,
    build_escalation_sent,
    build_no_channel,
    build_not_in_channel,
    build_not_sent,
    mapping_for,
)
from handlers.deps import Deps
from handlers.ids import ASK_OWNERS_ACTION
from handlers.lazy import Later, listen

CANNOT_ASK: Final = "Sorry, I could not read that button. Ask your question again and use the new one."
NOT_IN_CHANNEL: Final = "not_in_channel"
"""Slack's answer when the bot is not a member: the asker is told to ask in the channel directly."""


def register(app: AsyncApp, deps: Deps) -> None:
    """The click is acked at once (empty); the Web API work runs lazily after the ack (`handlers.lazy`).
    Register it before `handlers.stale`, which takes every action no listener before it took."""

    async def ask_the_owners(later: Later) -> None:
        await ask_owners(body=later.body, client=later.client, respond=later.respond, deps=deps)

    listen(app.action(ASK_OWNERS_ACTION), later=ask_the_owners)


async def ask_owners(
    *, body: Mapping[str, Any], client: AsyncWebClient, respond: AsyncRespond, deps: Deps
) -> None:
    """After the ack: post the question in the owners' channel (once), then tell the asker."""
    reply = await _escalate(body, client, deps)
    await respond(
        text=reply["text"], blocks=reply["blocks"], response_type="ephemeral", replace_original=False
    )


def _value(body: Mapping[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


async def _escalate(body: Mapping[str, Any], client: AsyncWebClient, deps: Deps) -> Message:
    target = escalation.decode(_value(body))
    user_id = str((body.get("user") or {}).get("id", ""))
    if target is None or not user_id:
        return build_notice(CANNOT_ASK)
    kb = deps.store.current
    entry = kb.entry(target.entry_id)
    mapping = mapping_for(entry, kb)
    if entry is None or mapping is None or mapping.channel is None:
        return build_no_channel()
    channel = mapping.channel
    key = escalation.key_of(user_id, target)
    state, link = deps.sent_questions.claim(key)
    if state != "new":
        return build_already_sent(channel, link)
    subject = escalation.subject_of(key)
    if not await deps.once.first_time(subject, user_id):  # sent through another instance
        deps.sent_questions.sent(key, None)
        return build_already_sent(channel, None)
    post = build_escalation(question=target.question, asker=user_id, entry=entry, kb=kb)
    try:
        posted = await client.chat_postMessage(channel=channel, text=post["text"], blocks=post["blocks"])
    except SlackApiError as exc:
        await _release(deps, key, subject, user_id)
        error = str(exc.response.get("error", ""))
        deps.logger.warning("ask the owners: chat.postMessage to %s failed (%s)", channel, error)
        return build_not_in_channel(channel) if error == NOT_IN_CHANNEL else build_not_sent(channel)
    except Exception:
        await _release(deps, key, subject, user_id)
        deps.logger.exception("ask the owners: chat.postMessage to %s failed", channel)
        return build_not_sent(channel)
    link = await _permalink(client, channel, str(posted.get("ts", "")), deps)
    deps.sent_questions.sent(key, link)
    return build_escalation_sent(channel, link)


async def _release(deps: Deps, key: escalation.Key, subject: str, user_id: str) -> None:
    """Posting failed: the next click, on any instance, may try again."""
    deps.sent_questions.release(key)
    await deps.once.forget(subject, user_id)


async def _permalink(client: AsyncWebClient, channel: str, ts: str, deps: Deps) -> str | None:
    """The posted message's link, or None (the asker is still told where it went)."""
    try:
        response = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except Exception:
        deps.logger.exception("ask the owners: chat.getPermalink failed for %s", channel)
        return None
    link = response.get("permalink")
    return link if isinstance(link, str) and link.startswith("https://") else None
