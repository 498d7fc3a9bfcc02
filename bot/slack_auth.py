"""Asking Slack at start-up whether the tokens work, and retrying Slack patiently when it cannot be reached.

`mlrole serve` and `mlrole socket` call `check_bot_token` before they take traffic: `auth.test`, once, with a
short timeout and no retries. A token Slack rejects (`invalid_auth`, `not_authed`, ...) raises
`TokenRejected` naming `SLACK_BOT_TOKEN`, and the command exits 2: better than finding out on the first
request, after Bolt's own retries. A Slack that cannot be reached is logged, and checked again in the
background with `Backoff`, while the bot starts anyway (Slack may be back before the first request); a
rejection found then stops the bot, which exits 2 all the same.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import BOT_TOKEN, Settings
from bot.shutdown import BACKGROUND

REJECTED: Final = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
    }
)
"""Slack's answers meaning the token itself is wrong: retrying cannot help."""
CHECK_TIMEOUT_S: Final = 3.0
"""How long the start-up `auth.test` may take before the bot starts anyway."""

logger: Final = logging.getLogger("mlrole")


class TokenRejected(Exception):
    """Slack refused a token. The message names the variable and Slack's error code, never the token."""

    def __init__(self, variable: str, error: str) -> None:
        super().__init__(f"Slack rejected {variable} ({error}): check the token in the app's settings")
        self.variable = variable
        self.error = error


@dataclass(frozen=True, slots=True)
class Backoff:
    """Waits between attempts: `first_s`, doubling up to `max_s`, each with up to 25% jitter."""

    first_s: float = 1.0
    max_s: float = 60.0

    def delay(self, attempt: int) -> float:
        base = min(self.first_s * 2.0**attempt, self.max_s)
        return base * (1 + random.random() / 4)  # noqa: S311 -- jitter, not a secret


async def ask(call: Callable[[], Awaitable[Any]], *, variable: str) -> str | None:
    """Make one Web API call: None when Slack answered ok, else why it could not be asked.

    Raises `TokenRejected` when Slack's answer says the token is wrong."""
    try:
        await call()
    except SlackApiError as exc:
        error = str(exc.response.get("error") or exc.response.status_code)
        if error in REJECTED:
            raise TokenRejected(variable, error) from None
        return f"Slack answered {error}"
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        return type(exc).__name__
    return None


def one_shot_client(settings: Settings, *, token: str | None = None) -> AsyncWebClient:
    """A Web API client that tries once, quickly: start-up checks retry on their own terms."""
    return AsyncWebClient(
        token=token, base_url=settings.slack_api_url, timeout=int(CHECK_TIMEOUT_S), retry_handlers=[]
    )


Check = asyncio.Task[TokenRejected | None]
"""The background check, when the first one could not reach Slack: see `finish_check`."""


async def check_bot_token(settings: Settings, *, backoff: Backoff | None = None) -> Check | None:
    """`auth.test` with the bot token. Raises `TokenRejected`; when Slack cannot be reached, logs it and
    returns the task that keeps checking in the background. If Slack rejects the token then, the task logs
    it and stops the process as SIGTERM does; `finish_check` tells the command to exit 2."""
    client = one_shot_client(settings, token=settings.bot_token)
    reason = await ask(client.auth_test, variable=BOT_TOKEN)
    if reason is None:
        return None
    logger.warning("could not check %s with Slack (%s); starting anyway", BOT_TOKEN, reason)
    return asyncio.create_task(_keep_checking(client, backoff or Backoff()), name=f"{BACKGROUND}auth.test")


def finish_check(check: Check | None) -> TokenRejected | None:
    """At shutdown: stop the background check if it still runs; the rejection, if that is how it ended."""
    if check is None:
        return None
    if not check.done():
        check.cancel()
        return None
    return None if check.cancelled() else check.result()


async def _keep_checking(client: AsyncWebClient, backoff: Backoff) -> TokenRejected | None:
    attempt = 0
    while True:
        delay = backoff.delay(attempt)
        await asyncio.sleep(delay)
        attempt += 1
        try:
            reason = await ask(client.auth_test, variable=BOT_TOKEN)
        except TokenRejected as exc:
            logger.error("%s; stopping", exc)  # a refusal, not a crash: no traceback
            os.kill(os.getpid(), signal.SIGTERM)  # the command's own graceful stop
            return exc
        if reason is None:
            logger.info("Slack is reachable again and accepted %s", BOT_TOKEN)
            return None
        logger.warning("could not check %s with Slack (%s); trying again", BOT_TOKEN, reason)
