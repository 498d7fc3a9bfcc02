"""How the bot talks to a flaky Slack: bounded retries with backoff, for the Web API and `respond()` alike.

`slack_sdk` retries only connection errors by default, once. `retry_handlers(policy)` gives every Slack
client of the bot the same three handlers, sharing one budget of `policy.max_retries` retries per call:
- connection errors (refused, reset, dropped): exponential backoff with jitter;
- 429 Too Many Requests: wait exactly what `Retry-After` says (plus a little jitter, so rate-limited calls
  do not all come back in the same instant); a wait longer than `max_retry_after_s` is not worth holding an
  answer for, so the call fails instead;
- 500, 502, 503 and 504: exponential backoff with jitter.
When the budget is spent the client raises as it would have (`SlackApiError`, `aiohttp.ClientError`), and the
app's error handler logs it with the request's context.

Waiting goes through `policy.sleep`, so tests can check every wait without waiting.

`RetryingRespond` is Bolt's `respond()` with these handlers. When the post finally fails (an expired or used
`response_url` answers 404; a dead host refuses connections) it logs the failure with the request's context
and returns the failed response, as Bolt's `respond()` does for an HTTP error, instead of raising: a click
listener that raises right after `ack()` races Bolt's runner, which then answers Slack 404 three seconds
later. A handler checks `status_code` when what it does next depends on the post.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from aiohttp import ClientError, ClientOSError, ServerConnectionError, ServerDisconnectedError
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.models.attachments import Attachment
from slack_sdk.models.blocks import Block
from slack_sdk.webhook.async_client import AsyncWebhookClient
from slack_sdk.webhook.webhook_response import WebhookResponse

from bot.logging_setup import LogFields

MAX_RETRIES: Final = 3
"""Retries per call after the first attempt, whatever the mix of faults: 4 attempts in all."""
BACKOFF_S: Final = 0.5
"""The first backoff; it doubles with each retry (0.5, 1, 2 s), plus up to as much again in jitter."""
MAX_RETRY_AFTER_S: Final = 30.0
"""The longest `Retry-After` honoured. Longer, and the answer would come too late to matter."""
RETRYABLE_STATUSES: Final = frozenset({500, 502, 503, 504})
"""Server errors that are worth another try (501 Not Implemented is not going to change)."""
CONNECTION_ERRORS: Final = (ServerConnectionError, ServerDisconnectedError, ClientOSError)
"""aiohttp's connection failures (refused and reset are `ClientOSError`s), as slack_sdk's own handler."""
NO_RESPONSE: Final = 0
"""The `status_code` of what `RetryingRespond` returns when no HTTP response came back at all."""

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = MAX_RETRIES
    backoff_s: float = BACKOFF_S
    max_retry_after_s: float = MAX_RETRY_AFTER_S
    sleep: Sleep = asyncio.sleep
    """How to wait; tests pass one that records the wait and returns at once."""
    jitter: Callable[[], float] = random.random
    """A number in [0, 1): the share of the base wait added as jitter."""

    def __deepcopy__(self, memo: dict[int, Any]) -> RetryPolicy:
        """The policy itself, not a copy: Bolt deep-copies a request (its client and `respond` included)
        for each lazy listener, and a copy of `sleep` would not be the same recorder in a test."""
        return self

    def backoff(self, attempt: int) -> float:
        """The wait before retry number `attempt + 1` (from 0)."""
        base: float = self.backoff_s * 2**attempt
        return base + base * self.jitter()


def retry_after(response: HttpResponse | None) -> float | None:
    """`Retry-After` in seconds, if the response says (Slack sends whole seconds)."""
    if response is None:
        return None
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                seconds = float(values[0])
            except ValueError:
                return None  # an HTTP date: Slack does not send those; fall back to the backoff
            return max(seconds, 0.0)
    return None


class _PolicyRetry(AsyncRetryHandler):
    """Retries the faults `handles` accepts, waiting what the policy says, through `policy.sleep`."""

    def __init__(self, policy: RetryPolicy) -> None:
        super().__init__(max_retry_count=policy.max_retries)
        self.policy = policy

    def handles(self, response: HttpResponse | None, error: Exception | None) -> bool:
        """Whether this handler retries a call that ended with `response` or `error`."""
        raise NotImplementedError

    def wait_s(self, state: RetryState, response: HttpResponse | None) -> float:
        return self.policy.backoff(state.current_attempt)

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return self.handles(response, error)

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        await self.policy.sleep(self.wait_s(state, response))
        state.increment_current_attempt()


class ConnectionErrorRetry(_PolicyRetry):
    def handles(self, response: HttpResponse | None, error: Exception | None) -> bool:
        return isinstance(error, CONNECTION_ERRORS)


class RateLimitRetry(_PolicyRetry):
    def handles(self, response: HttpResponse | None, error: Exception | None) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = retry_after(response)
        return wait is None or wait <= self.policy.max_retry_after_s

    def wait_s(self, state: RetryState, response: HttpResponse | None) -> float:
        wait = retry_after(response)
        if wait is None:
            return self.policy.backoff(state.current_attempt)
        return wait + self.policy.jitter()


class ServerErrorRetry(_PolicyRetry):
    def handles(self, response: HttpResponse | None, error: Exception | None) -> bool:
        return response is not None and response.status_code in RETRYABLE_STATUSES


def retry_handlers(policy: RetryPolicy) -> list[AsyncRetryHandler]:
    return [ConnectionErrorRetry(policy), RateLimitRetry(policy), ServerErrorRetry(policy)]


class RetryingRespond(AsyncRespond):
    """Bolt's `respond()`, retried like Web API calls; a final failure is logged and returned, not raised.

    `log_context` (the request's channel, user, action...) goes into that log line; the `response_url`
    itself never does: it is a credential for posting into the conversation. It may be given as a function,
    called the first time a log line needs it: most requests never log one, and every request gets a
    `RetryingRespond`.
    """

    def __init__(
        self,
        *,
        response_url: str | None,
        handlers: Sequence[AsyncRetryHandler],
        logger: logging.Logger,
        log_context: LogFields | Callable[[], LogFields] | None = None,
        **kwargs: Any,
    ):
        super().__init__(response_url=response_url, **kwargs)
        self.handlers = list(handlers)
        self.logger = logger
        self._log_context = log_context if callable(log_context) else dict(log_context or {})

    @property
    def log_context(self) -> LogFields:
        if callable(self._log_context):
            self._log_context = dict(self._log_context())
        return self._log_context

    async def __call__(  # noqa: PLR0917 -- Bolt's `respond()` parameters, in Bolt's order
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any] | Block] | None = None,
        attachments: Sequence[dict[str, Any] | Attachment] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        if self.response_url is None:  # an event, a modal's button, or a payload Slack did not send
            self.logger.error("no response_url to respond to", extra=self.log_context)
            return WebhookResponse(url="", status_code=NO_RESPONSE, body="", headers={})
        if isinstance(text, dict):
            message = _build_message(**text)
        else:
            message = _build_message(
                text=text,
                blocks=blocks,
                attachments=attachments,
                response_type=response_type,
                replace_original=replace_original,
                delete_original=delete_original,
                unfurl_links=unfurl_links,
                unfurl_media=unfurl_media,
                thread_ts=thread_ts,
                metadata=metadata,
            )
        client = AsyncWebhookClient(
            url=self.response_url, proxy=self.proxy, ssl=self.ssl, retry_handlers=self.handlers
        )
        try:
            response = await client.send_dict(message)
        except (ClientError, TimeoutError) as error:
            self.logger.exception(
                "could not post to a response_url",
                extra=self.log_context | {"error_type": type(error).__name__},
            )
            url = self.response_url
            return WebhookResponse(url=url, status_code=NO_RESPONSE, body=str(error), headers={})
        if not 200 <= response.status_code < 300:
            self.logger.error(
                "a response_url refused the message",
                extra=self.log_context
                | {"http_status": response.status_code, "slack_error": response.body[:100]},
            )
        return response
