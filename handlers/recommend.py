"""Team recommendations in Slack: `/mlrole recommend`, its form (a modal), and the "Adjust the inputs" button.

- `/mlrole recommend` alone is acked empty at once; then (a lazy listener) the form opens, every input set to
  its default, in one `views.open` attempt bounded by what is left of the `trigger_id`'s 3 s. If Slack does
  not open it in time, how to give the inputs inline follows through the command's `response_url`.
- `/mlrole recommend size=startup people=5 ...` answers at once, in the ack; an unknown key or value gets a
  message listing the allowed ones.
- `/mlrole recommend <words>` reads what it can from the words, as a question does
  (`handlers.blocks.build_recommendation_for`), and says what it assumed.
- "Adjust the inputs" under any recommendation opens the form set to that recommendation's inputs (acked
  empty, then opened the same way).
- Submitting the form answers `response_action: errors` in the ack for an input it cannot read, or closes
  the form (an empty ack) and then posts the recommendation where the person asked: ephemeral in that
  channel (in the thread, for a button under a threaded answer), or in their DM with the bot when they asked
  from a DM or the channel refuses it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any, Final

import aiohttp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import (
    NO_RECOMMENDATION_RULES,
    Message,
    build_notice,
    build_recommend_input_error,
    build_recommend_modal,
    build_recommendation_for,
    build_team_recommendation,
)
from handlers.command_request import CommandRequest
from handlers.deps import Deps, SlackIds
from handlers.feedback import with_feedback
from handlers.lazy import TRIGGER_LIFETIME_S, Later
from handlers.question_log import recommendation_asked
from handlers.recommend_form import Where, decode_where, encode_where, form_errors, pairs, read_form
from handlers.replay import Replay
from knowledge.recommend import DEFAULTS, InputError, RecommendInputs, parse_inputs, parse_request

NAME: Final = "recommend"
"""The subcommand's name (`/mlrole recommend`), used by its row in `handlers.commands.SUBCOMMANDS`."""
CANNOT_OPEN: Final = (
    "Sorry, I could not open the form. Try again, or give the inputs right away: "
    "`{command} size=startup people=5`."
)


async def recommend_team(request: CommandRequest) -> Message | None:
    """`/mlrole recommend [KEY=VALUE ... | words]`: the recommendation in the ack, or (alone) an empty ack
    before the follow-up (`open_form`) opens the form."""
    kb = request.deps.store.current
    adjust = request.ids.actions.adjust_recommendation
    command = f"{request.ids.command} {NAME}"
    text = request.args.strip()
    if not text:
        return build_notice(NO_RECOMMENDATION_RULES) if kb.recommendation is None else None
    words = text.split()
    given = [word for word in words if "=" in word]
    try:  # a KEY=VALUE pair is read strictly, also among words: a typo is pointed out, not ignored
        inputs, assumptions = parse_request(given)
    except InputError as exc:
        return build_recommend_input_error(str(exc), command=command)
    if len(given) < len(words):
        message = build_recommendation_for(text, kb, adjust_action_id=adjust)
        replay = Replay(kind="w", text=text)
    else:
        message = build_team_recommendation(inputs, kb, assumptions=assumptions, adjust_action_id=adjust)
        replay = Replay(kind="i", text=text)
    if kb.recommendation is None:
        return message
    asked = recommendation_asked(text, asker=request.user_id, kb_version=kb.version)
    request.asked.append(asked)
    return with_feedback(
        message, kind=asked.kind, question_id=asked.id, replay=replay, deps=request.deps, ids=request.ids
    )


async def open_form(request: CommandRequest) -> Message | None:
    """After `/mlrole recommend`'s empty ack: the form, or (when it cannot open) how to give the inputs."""
    if request.deps.store.current.recommendation is None:
        return None  # the ack said so already
    opened = await _open_form(
        request.client,
        trigger_id=request.trigger_id,
        inputs=DEFAULTS,
        where=Where(channel=request.channel_id),
        ids=request.ids,
        seconds_left=TRIGGER_LIFETIME_S - (time.monotonic() - request.received_at),
        logger=request.deps.logger,
    )
    return None if opened else build_notice(CANNOT_OPEN.format(command=f"{request.ids.command} {NAME}"))


async def adjust_inputs(later: Later, *, deps: Deps, ids: SlackIds) -> None:
    """The "Adjust the inputs" button, after its empty ack: the form, set to the inputs it carries,
    answering where it was."""
    body = later.body
    action = (body.get("actions") or [{}])[0]
    try:
        inputs = parse_inputs(str(action.get("value", "")).split())
    except InputError:  # not a value of ours (or of an older version): start from the defaults
        inputs = DEFAULTS
    container = body.get("container") or {}
    message = body.get("message") or {}  # sent only for a message everyone sees, with its thread
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    thread_ts = message.get("thread_ts")
    opened = await _open_form(
        later.client,
        trigger_id=str(body.get("trigger_id", "")),
        inputs=inputs,
        where=Where(channel=str(channel), thread_ts=str(thread_ts) if thread_ts else None),
        ids=ids,
        seconds_left=later.seconds_left(),
        logger=deps.logger,
    )
    if not opened:
        notice = build_notice(CANNOT_OPEN.format(command=f"{ids.command} {NAME}"))
        await later.respond(
            text=notice["text"], blocks=notice["blocks"], response_type="ephemeral", replace_original=False
        )


def _submitted(view: Mapping[str, Any], ids: SlackIds) -> tuple[dict[str, str], dict[str, str]]:
    """The inputs given in a submitted form, and the errors to show under their fields (none: empty)."""
    state = view.get("state") or {}
    given = read_form(state.get("values") or {}, ids=ids.form)
    return given, form_errors(given, ids=ids.form)


async def check_submission(ack: AsyncAck, body: Mapping[str, Any], *, ids: SlackIds) -> None:
    """The submission's ack: errors shown under their fields, or the form closes (an empty ack)."""
    _, errors = _submitted(body.get("view") or {}, ids)
    if errors:
        await ack(response_action="errors", errors=errors)
    else:
        await ack()


async def post_submission(later: Later, *, deps: Deps, ids: SlackIds) -> None:
    """After a valid submission's ack: the recommendation, posted where the person asked."""
    view = later.body.get("view") or {}
    given, errors = _submitted(view, ids)
    if errors:
        return  # the ack showed them; the form stays open
    inputs, assumptions = parse_request(pairs(given))  # cannot raise: every input passed `form_errors`
    kb = deps.store.current
    message = build_team_recommendation(
        inputs, kb, assumptions=assumptions, adjust_action_id=ids.actions.adjust_recommendation
    )
    user = str((later.body.get("user") or {}).get("id", ""))
    text = " ".join(pairs(given))
    asked = recommendation_asked(text, asker=user, kb_version=kb.version)
    if kb.recommendation is not None:
        replay = Replay(kind="i", text=text)
        message = with_feedback(
            message, kind=asked.kind, question_id=asked.id, replay=replay, deps=deps, ids=ids
        )
    where = decode_where(str(view.get("private_metadata") or ""))
    await deliver(later.client, user=user, where=where, message=message, logger=deps.logger)
    if kb.recommendation is not None:  # after the reply: the log only queues it
        deps.questions.record(asked)


async def deliver(
    client: AsyncWebClient, *, user: str, where: Where, message: Message, logger: logging.Logger
) -> None:
    """Post `message` for `user` only: ephemeral where they asked, else (a DM, or a channel that refuses the
    bot) in their DM with the bot, which `chat.postMessage` opens when given the user's id."""
    if not where.is_direct:
        try:
            await client.chat_postEphemeral(
                channel=where.channel,
                user=user,
                thread_ts=where.thread_ts,
                text=message["text"],
                blocks=message["blocks"],
            )
            return
        except SlackApiError as exc:
            logger.warning(
                "could not post the recommendation in %s (%s): sending it to %s's DM instead",
                where.channel,
                exc.response.get("error"),
                user,
            )
    try:
        await client.chat_postMessage(channel=user, text=message["text"], blocks=message["blocks"])
    except SlackApiError:
        logger.exception("could not send the recommendation to %s's DM", user)


async def _open_form(
    client: AsyncWebClient,
    *,
    trigger_id: str,
    inputs: RecommendInputs,
    where: Where,
    ids: SlackIds,
    seconds_left: float,
    logger: logging.Logger,
) -> bool:
    """Open the form in one `views.open` attempt, given up when the `trigger_id` expires (`seconds_left`):
    retrying a rate-limited or slow call would only retry with a dead trigger. False when it did not open."""
    if seconds_left <= 0:
        logger.warning("views.open not attempted: the trigger_id has expired")
        return False
    view = build_recommend_modal(inputs, ids=ids.form, private_metadata=encode_where(where))
    once = AsyncWebClient(
        token=client.token, base_url=client.base_url, logger=client.logger, retry_handlers=[]
    )
    try:
        await asyncio.wait_for(once.views_open(trigger_id=trigger_id, view=view), timeout=seconds_left)
    except SlackApiError as exc:
        logger.warning("views.open failed: %s", exc.response.get("error") or exc.response.status_code)
        return False
    except TimeoutError:
        logger.warning("views.open gave no answer before the trigger_id expired")
        return False
    except aiohttp.ClientError as exc:
        logger.warning("views.open failed: %s", type(exc).__name__)
        return False
    return True
