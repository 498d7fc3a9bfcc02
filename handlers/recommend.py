"""Team recommendations in Slack: `/mlrole recommend`, its form (a modal), and the "Adjust the inputs" button.

- `/mlrole recommend` alone opens the form (`views.open` with the command's `trigger_id`), every input set
  to its default; the ack carries nothing.
- `/mlrole recommend size=startup people=5 ...` answers at once, in the ack; an unknown key or value gets a
  message listing the allowed ones.
- `/mlrole recommend <words>` reads what it can from the words, as a question does
  (`handlers.blocks.build_recommendation_for`), and says what it assumed.
- "Adjust the inputs" under any recommendation opens the form set to that recommendation's inputs.
- Submitting the form answers `response_action: errors` for an input it cannot read, or closes the form and
  posts the recommendation where the person asked: ephemeral in that channel (in the thread, for a button
  under a threaded answer), or in their DM with the bot when they asked from a DM or the channel refuses it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
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
    """`/mlrole recommend [KEY=VALUE ... | words]`: the form, or the recommendation in the ack."""
    kb = request.deps.store.current
    adjust = request.ids.actions.adjust_recommendation
    command = f"{request.ids.command} {NAME}"
    text = request.args.strip()
    if not text:
        if kb.recommendation is None:
            return build_notice(NO_RECOMMENDATION_RULES)
        where = Where(channel=request.channel_id)
        opened = await _open_form(
            request.client,
            trigger_id=request.trigger_id,
            inputs=DEFAULTS,
            where=where,
            ids=request.ids,
            logger=request.deps.logger,
        )
        return None if opened else build_notice(CANNOT_OPEN.format(command=command))
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


async def handle_adjust(
    *,
    ack: AsyncAck,
    body: Mapping[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    deps: Deps,
    ids: SlackIds,
) -> None:
    """The "Adjust the inputs" button: the form, set to the inputs it carries, answering where it was."""
    await ack()
    action = (body.get("actions") or [{}])[0]
    try:
        inputs = parse_inputs(str(action.get("value", "")).split())
    except InputError:  # not a value of ours (or of an older version): start from the defaults
        inputs = DEFAULTS
    container = body.get("container") or {}
    message = body.get("message") or {}  # sent only for a message everyone sees, with its thread
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    thread_ts = message.get("thread_ts")
    where = Where(channel=str(channel), thread_ts=str(thread_ts) if thread_ts else None)
    trigger_id = str(body.get("trigger_id", ""))
    opened = await _open_form(
        client, trigger_id=trigger_id, inputs=inputs, where=where, ids=ids, logger=deps.logger
    )
    if not opened:
        notice = build_notice(CANNOT_OPEN.format(command=f"{ids.command} {NAME}"))
        await respond(
            text=notice["text"], blocks=notice["blocks"], response_type="ephemeral", replace_original=False
        )


async def handle_submission(
    *,
    ack: AsyncAck,
    body: Mapping[str, Any],
    view: Mapping[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
) -> None:
    """The submitted form: errors shown under their fields, or the recommendation posted where asked."""
    state = view.get("state") or {}
    given = read_form(state.get("values") or {}, ids=ids.form)
    errors = form_errors(given, ids=ids.form)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    inputs, assumptions = parse_request(pairs(given))  # cannot raise: every input passed `form_errors`
    kb = deps.store.current
    message = build_team_recommendation(
        inputs, kb, assumptions=assumptions, adjust_action_id=ids.actions.adjust_recommendation
    )
    user = str((body.get("user") or {}).get("id", ""))
    text = " ".join(pairs(given))
    asked = recommendation_asked(text, asker=user, kb_version=kb.version)
    if kb.recommendation is not None:
        replay = Replay(kind="i", text=text)
        message = with_feedback(
            message, kind=asked.kind, question_id=asked.id, replay=replay, deps=deps, ids=ids
        )
    where = decode_where(str(view.get("private_metadata") or ""))
    await deliver(client, user=user, where=where, message=message, logger=deps.logger)
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
    logger: logging.Logger,
) -> bool:
    """Open the form; False when Slack refuses (the trigger expired after 3 s, or was never valid)."""
    view = build_recommend_modal(inputs, ids=ids.form, private_metadata=encode_where(where))
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        logger.warning("views.open failed: %s", exc.response.get("error"))
        return False
    return True
