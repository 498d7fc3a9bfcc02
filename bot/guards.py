"""What stands between Slack's requests and the handlers, in every mode: Bolt global middleware and the
app's error handler.

- Slack's retries: an event whose `event_id` was already received (a retry after a slow ack, or a duplicate
  delivery) is acked with 200 and goes no further. It is marked as seen the moment it first arrives, so a
  retry that comes while the first delivery is still being answered is dropped too; the first one answers.
  With `REDIS_URL`, so is a retry that lands on another instance (`bot.dedup`). Bolt itself does not
  de-duplicate.
- `respond()` is replaced by `RetryingRespond`: retried like Web API calls, a final failure logged with the
  request's context.
- Deliveries no listener takes (`app_rate_limited`, an event the app did not subscribe to): 200, logged
  (a warning with its minute for `app_rate_limited`). Slack disables apps failing 5% of deliveries.
- Errors: whatever a listener or middleware raises (a Web API call that failed after its retries, a payload
  Bolt cannot read) is logged once, with the request's context. If Slack is still waiting for its answer,
  nothing was acked, so the request could not be taken (a timestamp that is not a number fails Bolt's
  signature check this way): it gets an empty 400, never Bolt's 500.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any, Final

from slack_bolt.async_app import AsyncApp
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler

from bot.dedup import SharedIds
from bot.logging_setup import LogFields, event_id_of, start_request
from bot.retries import RetryingRespond

RATE_LIMITED: Final = "app_rate_limited"
"""The delivery Slack sends when it drops an app's events for a minute (`minute_rate_limited`: its start)."""
RETRY_NUM_HEADER: Final = "x-slack-retry-num"
RETRY_REASON_HEADER: Final = "x-slack-retry-reason"


class RequestGuard(AsyncMiddleware):
    """The global middleware: repeated deliveries stop here, and `respond()` becomes `RetryingRespond`.

    A class rather than a function: Bolt hands a class its request as is, where a middleware function gets
    its arguments injected by name, and Bolt builds every injectable argument to do so, on every request.
    """

    def __init__(
        self, *, seen: SharedIds, retry_handlers: Sequence[AsyncRetryHandler], logger: logging.Logger
    ) -> None:
        self._seen = seen
        self._retry_handlers = retry_handlers
        self._logger = logger

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # Bolt passes it by this name
    ) -> BoltResponse | None:
        body = req.body
        event_id = event_id_of(body)
        if req.mode == "socket_mode":  # over HTTP, the server has already started the request
            start_request(event_id)
        if event_id is not None and not await self._seen.first_time(event_id):
            self._logger.info("ignored a repeated delivery of an event", extra=_retry_context(req))
            return BoltResponse(status=200, body="")
        context = req.context
        # Every request, even those without a `response_url`: Bolt's `respond()` would raise there. Its
        # log context is only worked out if a post fails.
        context["respond"] = RetryingRespond(
            response_url=context.response_url,
            handlers=self._retry_handlers,
            logger=self._logger,
            log_context=partial(request_context, body),
            proxy=context.client.proxy,
            ssl=context.client.ssl,
        )
        await next()
        return None


def install_guards(
    app: AsyncApp, *, seen: SharedIds, retry_handlers: Sequence[AsyncRetryHandler], logger: logging.Logger
) -> None:
    async def on_error(
        error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        if isinstance(error, BoltUnhandledRequestError):
            log_unhandled(body, logger)
            return BoltResponse(status=200, body="")
        logger.exception(
            "could not handle a Slack request",
            exc_info=error,
            extra=request_context(body) | error_context(error),
        )
        if response is None:
            return None  # already acked: Slack has its 200
        return BoltResponse(status=400, body="")

    app.use(RequestGuard(seen=seen, retry_handlers=retry_handlers, logger=logger))
    app.error(on_error)


def log_unhandled(body: Mapping[str, Any], logger: logging.Logger) -> None:
    """A delivery no listener takes, answered 200 all the same: `app_rate_limited` (Slack sends it to every
    app, subscribed or not) is a warning naming the minute; anything else is noted at INFO."""
    if body.get("type") == RATE_LIMITED:
        minute = body.get("minute_rate_limited")
        started = (
            datetime.fromtimestamp(minute, tz=UTC).isoformat()
            if isinstance(minute, int | float) and not isinstance(minute, bool)
            else "unknown"
        )
        logger.warning(
            "Slack rate-limited the app's events for the minute starting %s: some events were not delivered",
            started,
            extra=request_context(body),
        )
        return
    logger.info("answered a delivery the bot does not act on", extra=request_context(body))


def _retry_context(request: AsyncBoltRequest) -> LogFields:
    context: LogFields = {}
    for header, field in ((RETRY_NUM_HEADER, "retry_num"), (RETRY_REASON_HEADER, "retry_reason")):
        values = request.headers.get(header) or []
        if values:
            context[field] = str(values[0])[:100]
    return context


def _text(value: object) -> str | None:
    return value[:100] if isinstance(value, str) and value else None


def request_context(body: Mapping[str, Any]) -> LogFields:
    """What a log line needs to find the request: its kind, channel, user, event type, action or command.

    Never the payload itself: it carries a `response_url` (a credential for posting) and user text.
    """
    event = body.get("event")
    event = event if isinstance(event, Mapping) else {}
    actions = body.get("actions")
    first_action = actions[0] if isinstance(actions, list) and actions else None
    channel = body.get("channel")
    user = body.get("user")
    team = body.get("team")
    found = {
        "request_type": _text(body.get("type")) or ("slash_command" if body.get("command") else None),
        "command": _text(body.get("command")),
        "event_type": _text(event.get("type")),
        "action_id": _text(first_action.get("action_id")) if isinstance(first_action, Mapping) else None,
        "channel": _text(event.get("channel"))
        or _text(body.get("channel_id"))
        or (_text(channel.get("id")) if isinstance(channel, Mapping) else None),
        "user": _text(event.get("user"))
        or _text(body.get("user_id"))
        or (_text(user.get("id")) if isinstance(user, Mapping) else None),
        "team": _text(body.get("team_id")) or (_text(team.get("id")) if isinstance(team, Mapping) else None),
    }
    return {name: value for name, value in found.items() if value is not None}


def error_context(error: Exception) -> LogFields:
    """The error's type, and what Slack answered when it was Slack that refused."""
    context: LogFields = {"error_type": type(error).__name__}
    if isinstance(error, SlackApiError):
        context["http_status"] = int(error.response.status_code)
        slack_error = error.response.get("error") if isinstance(error.response.data, dict) else None
        if isinstance(slack_error, str):
            context["slack_error"] = slack_error
    return context
