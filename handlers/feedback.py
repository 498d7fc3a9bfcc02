"""The feedback buttons: put under every answer a person can act on, and their clicks.

A button's value is our small JSON document: `{"f": question id, <replay kind>: text}` (`handlers.replay`),
within Slack's 2,000 characters. The question id names the row the question log wrote after the reply; the
replay lets a private (ephemeral) answer be sent again whole with "Thanks, noted" in place of the buttons,
since Slack cannot change part of one.

A click is acknowledged only to the person who clicked, and nothing is posted for others to see:
- a private answer (a slash command's, a form's) is replaced by itself with "Thanks, noted" for the buttons;
- an answer in a DM with the bot (only that person sees it) is updated the same way, from its own blocks;
- an answer others see too (a mention's, in a thread) keeps its buttons for them: the person who clicked
  gets "Thanks, noted" as a message only they see.
The vote goes to the question log after that; it counts once per person and answer, a later click replacing
the earlier one (the log enforces it: `QuestionLog.vote`).

Did-you-mean buttons name the question they resolve the same way: `{"id": entry id, "f": question id}`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from slack_bolt.context.respond.async_respond import AsyncRespond

from handlers.blocks import Message
from handlers.blocks.feedback import (
    NOTED,
    build_noted,
    with_choice_values,
    with_feedback_buttons,
    with_feedback_noted,
)
from handlers.deps import Deps, SlackIds
from handlers.question_log import ACTIONABLE, FeedbackVote, is_question_id
from handlers.recommend_form import DIRECT_MESSAGE_PREFIX
from handlers.replay import REPLAY_KINDS, Replay, render
from handlers.share import fit_value
from knowledge.match import Match

QUESTION_KEY: Final = "f"
ENTRY_KEY: Final = "id"


def encode(question_id: str, replay: Replay) -> str:
    return fit_value({QUESTION_KEY: question_id, replay.kind: replay.text}, replay.kind)


def decode(value: str) -> tuple[str, Replay | None] | None:
    """The question id and replay in a feedback button's value, or None if it is not one of ours."""
    data = _object(value)
    question_id = data.get(QUESTION_KEY) if data else None
    if not isinstance(question_id, str) or not is_question_id(question_id):
        return None
    for kind in REPLAY_KINDS:
        text = data.get(kind) if data else None
        if isinstance(text, str) and text:
            return question_id, Replay(kind=kind, text=text)
    return question_id, None


def with_feedback(
    message: Message, *, kind: str, question_id: str, replay: Replay, deps: Deps, ids: SlackIds
) -> Message:
    """`message` with the feedback buttons if it answers (`kind` is actionable) and the log is on."""
    if not deps.questions.enabled or kind not in ACTIONABLE:
        return message
    return with_feedback_buttons(message, ids=ids.feedback, value=encode(question_id, replay))


def with_choice_origin(message: Message, *, question_id: str, deps: Deps, ids: SlackIds) -> Message:
    """A did-you-mean prompt whose buttons also name the question (so a choice marks it resolved)."""
    if not deps.questions.enabled:
        return message
    return with_choice_values(
        message,
        choose_prefix=ids.actions.choose_entry,
        value_for=lambda entry_id: json.dumps({ENTRY_KEY: entry_id, QUESTION_KEY: question_id}),
    )


def decode_choice(value: str) -> tuple[str, str | None]:
    """The entry id a did-you-mean button carries, and the question it resolves if it names one."""
    data = _object(value)
    entry_id = data.get(ENTRY_KEY) if data else None
    if not isinstance(entry_id, str):
        return value, None  # a plain entry id: a prompt sent while the log was off
    origin = data.get(QUESTION_KEY) if data else None
    return entry_id, origin if isinstance(origin, str) and is_question_id(origin) else None


def _object(value: str) -> dict[str, Any] | None:
    if not value.startswith("{"):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


async def note_feedback(*, body: Mapping[str, Any], respond: AsyncRespond, deps: Deps, ids: SlackIds) -> None:
    """A click, after its empty ack (a lazy listener, `handlers.lazy`): "Thanks, noted" to the clicker, then
    the vote to the log."""
    action = (body.get("actions") or [{}])[0]
    decoded = decode(str(action.get("value", "")))
    user = str((body.get("user") or {}).get("id", ""))
    if decoded is None or not user:
        deps.logger.warning("ignored a feedback click that names no recorded question")
        return
    question_id, replay = decoded
    noted = _noted(body, replay, deps=deps, ids=ids)
    if noted is None:
        note = build_noted()
        await respond(
            text=note["text"], blocks=note["blocks"], response_type="ephemeral", replace_original=False
        )
    else:
        await respond(text=noted["text"], blocks=noted["blocks"], replace_original=True)
    helpful = action.get("action_id") == ids.feedback.up
    deps.questions.vote(FeedbackVote(question_id=question_id, voter=user, helpful=helpful))


def _noted(body: Mapping[str, Any], replay: Replay | None, *, deps: Deps, ids: SlackIds) -> Message | None:
    """The clicked message with "Thanks, noted" for its buttons, when only the clicker sees it; else None."""
    container = body.get("container") or {}
    if container.get("is_ephemeral"):
        if replay is None:
            return None
        again = render(replay, deps.store.current, ids, channel_names=deps.channel_names)
        marked = with_feedback_buttons(again, ids=ids.feedback, value="")
        return with_feedback_noted(marked, ids=ids.feedback)
    original = body.get("message") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id") or "")
    blocks = original.get("blocks")
    if channel.startswith(DIRECT_MESSAGE_PREFIX) and isinstance(blocks, list):
        message: Message = {"text": str(original.get("text") or NOTED), "blocks": blocks}
        return with_feedback_noted(message, ids=ids.feedback)
    return None


def decorate(message: Message, found: Match, *, question_id: str, deps: Deps, ids: SlackIds) -> Message:
    """A pipeline answer as Slack gets it: feedback buttons under an answer, and did-you-mean buttons that
    name the question. `mlrole ask` prints the message before this (see `handlers.pipeline`)."""
    replay = Replay(kind="q", text=found.query)
    message = with_feedback(
        message, kind=found.kind, question_id=question_id, replay=replay, deps=deps, ids=ids
    )
    if found.kind == "none" and found.alternatives:
        message = with_choice_origin(message, question_id=question_id, deps=deps, ids=ids)
    return message
