"""Button clicks: "Share in channel" and the did-you-mean choices.

Both are acked empty at once and do their posting after, as lazy listeners (`handlers.lazy`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from handlers import share
from handlers.blocks import build_entry, build_notice, build_shared
from handlers.deps import Deps, SlackIds
from handlers.feedback import decode_choice, with_feedback
from handlers.lazy import Later
from handlers.pipeline import answer
from handlers.question_log import chosen_entry
from handlers.replay import Replay, private_entry

CANNOT_SHARE: Final = "Sorry, I could not share that answer. Ask again and share the new one."


def _value(body: Mapping[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


async def share_answer(later: Later, *, deps: Deps) -> None:
    """Post the answer for everyone in the channel, then remove the asker's private copy.

    Through the click's `response_url`, not `chat.postMessage`: it works in every conversation the slash
    command works in (private channels, DMs, channels the bot was never invited to) with no extra scope.
    Two requests, because Slack does not both post a new `in_channel` message and delete the ephemeral one
    from a single response: first the share (so a failed delete never loses it), then the delete, only if
    the share arrived (`respond()` returns Slack's refusal of an expired `response_url`, logged already).
    """
    body, respond = later.body, later.respond
    target = share.decode(_value(body))
    kb = deps.store.current
    if target is None:
        notice = build_notice(CANNOT_SHARE)
        await respond(text=notice["text"], blocks=notice["blocks"], replace_original=False)
        return
    if target.entry_id is not None:
        message = build_entry(target.entry_id, kb)
    else:
        _, message = answer(target.question or "", kb)
    shared = build_shared(message, user_id=str(body.get("user", {}).get("id", "")))
    posted = await respond(
        text=shared["text"], blocks=shared["blocks"], response_type="in_channel", replace_original=False
    )
    if 200 <= posted.status_code < 300:
        await respond(delete_original=True)


async def choose_entry(later: Later, *, deps: Deps, ids: SlackIds) -> None:
    """A did-you-mean button: the prompt is replaced by the chosen entry's card."""
    body, respond = later.body, later.respond
    entry_id, origin = decode_choice(_value(body))
    kb = deps.store.current
    if body.get("container", {}).get("is_ephemeral"):
        # Only the asker sees it (a slash command answer): offer to share it, as any answer.
        message = private_entry(entry_id, kb, ids)
    else:
        message = build_entry(entry_id, kb)
    chosen = chosen_entry(entry_id, kb, resolves=origin, asker=str((body.get("user") or {}).get("id", "")))
    if chosen is not None:
        replay = Replay(kind="e", text=entry_id)
        message = with_feedback(
            message, kind=chosen.kind, question_id=chosen.id, replay=replay, deps=deps, ids=ids
        )
    await respond(text=message["text"], blocks=message["blocks"], replace_original=True)
    if chosen is not None:  # after the reply: the log only queues it
        deps.questions.record(chosen)
