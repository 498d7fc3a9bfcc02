"""Ack now, work lazily: how every listener answers Slack at once, however slow Slack's Web API is.

The app runs with `process_before_response=True`: Bolt runs a listener's ack function inline and answers
Slack's request with what it acked, then starts the listener's lazy functions as tasks (Bolt's lazy
listeners). So an ack function never calls the Web API or a `response_url`: a slow (or rate-limited) Slack
would hold the answer past the 3 s Slack waits. Whatever does call them runs lazily. `listen` registers the
pair under any of Bolt's listener decorators:

    listen(app.action(ids.SOME_BUTTON), later=do_the_work)                   # ack() empty, then the work
    listen(app.view(ids.SOME_FORM), acknowledge=check_the_form, later=post)  # ack with what is known now

- `acknowledge(ack, body)` answers Slack: `await ack()`, or an ack carrying what can be built at once (an
  answer, `response_action: errors`). Default: an empty ack.
- `later(Later)` runs after the ack, with the Web API client and `respond()`. It may take as long as it
  needs; what it raises goes to the app's error handler, logged with the request's context, like any
  listener's error.

A new button (say, feedback or "Ask the owners"): its action id in `handlers.ids`, a `later` function in the
surface's module, and one `listen(app.action(ids.NEW_BUTTON), later=...)` line in `handlers.routes`, above
`stale.register` (which takes every action no listener before it took). `Later.respond` posts ephemerally
to the click's `response_url`; `Later.seconds_left()` bounds a `views.open` by the `trigger_id`'s life.

A listener with nothing to do after its ack (the slash command's question) registers a plain ack function
instead: a lazy function costs a copy of the request and a task, which a question's answer need not pay.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

TRIGGER_LIFETIME_S: Final = 3.0
"""A `trigger_id` opens a modal only within 3 s of the click or command that brought it."""
RECEIVED_AT: Final = "mlrole_received_at"
"""The context key the ack function stamps with `time.monotonic()`; Bolt copies it to the lazy request."""

Acknowledge = Callable[[AsyncAck, Mapping[str, Any]], Awaitable[None]]
Register = Callable[..., Any]
"""A Bolt listener decorator, e.g. `app.action(ACTION_ID)`, called as `register(ack=..., lazy=[...])`."""


@dataclass(frozen=True, slots=True)
class Later:
    """What a lazy function gets: the request as Slack sent it, and the means to answer it."""

    body: Mapping[str, Any]
    client: AsyncWebClient
    respond: AsyncRespond
    """Posts to the request's `response_url` (retried; a final failure is logged and returned)."""
    context: AsyncBoltContext
    received_at: float
    """When the ack function ran (`time.monotonic()`): a `trigger_id` lives 3 s from about then."""

    def seconds_left(self, budget_s: float = TRIGGER_LIFETIME_S) -> float:
        """What is left of `budget_s` since the request arrived (negative once it has run out)."""
        return budget_s - (time.monotonic() - self.received_at)


async def ack_empty(ack: AsyncAck, body: Mapping[str, Any]) -> None:
    await ack()


def listen(
    register: Register,
    *,
    later: Callable[[Later], Awaitable[None]],
    acknowledge: Acknowledge = ack_empty,
) -> None:
    """Register `acknowledge` as the ack function and `later` as the lazy function of one listener."""

    # Bolt injects a listener's arguments by their names: these two wrappers name the ones they need.
    async def ack_now(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
        context[RECEIVED_AT] = time.monotonic()
        await acknowledge(ack, body)

    async def work_later(
        body: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
        context: AsyncBoltContext,
        request: AsyncBoltRequest,
    ) -> None:
        received_at = context.get(RECEIVED_AT)
        try:
            await later(
                Later(
                    body=body,
                    client=client,
                    respond=respond,
                    context=context,
                    received_at=received_at if isinstance(received_at, float) else time.monotonic(),
                )
            )
        except Exception as error:  # Bolt would log a lazy function's error on one line, without context
            handler = context.listener_runner.listener_error_handler
            await handler.handle(error=error, request=request, response=None)

    ack_now.__name__ = ack_now.__qualname__ = f"ack_{later.__name__}"
    work_later.__name__ = work_later.__qualname__ = later.__name__
    register(ack=ack_now, lazy=[work_later])
