"""Whether someone is a workspace admin or owner (`Deps.is_admin` also reads `MLROLE_ADMINS`).

Workspace roles come from `users.info` (`is_admin`, `is_owner`), remembered for `ADMIN_CACHE_TTL_S` so an
admin's repeated reloads cost one Web API call, and a demoted admin loses the right within a minute. Any
failure to ask (an API error, a timeout, a user Slack does not know) means "not an admin": it is logged, and
not remembered, so the next attempt asks again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Final

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

ADMIN_CACHE_TTL_S: Final = 60.0
"""How long a `users.info` answer about someone's workspace role is trusted."""

Clock = Callable[[], float]
"""Seconds from an arbitrary origin, never going back: `time.monotonic`, or a test's own."""


class WorkspaceAdmins:
    """Whether a user is a workspace admin or owner, per `users.info`, cached for `ttl_s` per user."""

    def __init__(self, *, ttl_s: float = ADMIN_CACHE_TTL_S, clock: Clock = time.monotonic) -> None:
        self._ttl_s = ttl_s
        self._clock = clock
        self._known: dict[str, tuple[bool, float]] = {}
        """user id -> (is an admin or owner, when that answer expires)."""

    async def check(self, user_id: str, client: AsyncWebClient, *, logger: logging.Logger) -> bool:
        now = self._clock()
        known = self._known.get(user_id)
        if known is not None and now < known[1]:
            return known[0]
        try:
            response = await client.users_info(user=user_id)
        except SlackApiError as exc:
            data = exc.response.data
            reason = data.get("error") if isinstance(data, dict) else None
            reason = reason or f"HTTP {exc.response.status_code}"
            logger.warning("users.info failed for %s (%s): treating them as not an admin", user_id, reason)
            return False
        except Exception:
            logger.exception("users.info failed for %s: treating them as not an admin", user_id)
            return False
        user: Any = response.get("user") or {}
        admin = bool(user.get("is_admin") or user.get("is_owner")) and not user.get("deleted")
        self._forget_expired(now)
        self._known[user_id] = (admin, now + self._ttl_s)
        return admin

    def _forget_expired(self, now: float) -> None:
        for user_id in [user_id for user_id, (_, expires) in self._known.items() if expires <= now]:
            del self._known[user_id]
