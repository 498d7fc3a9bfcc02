"""A problem logged at most once per interval, however often it happens: a failing database, Redis away.

The next report says how many were left out in between, so a flood of failures costs one line a minute.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

Clock = Callable[[], float]


class Throttled:
    """Logs a problem at most once per `interval_s`, with how many were not logged in between."""

    def __init__(self, logger: logging.Logger, *, interval_s: float, clock: Clock = time.monotonic) -> None:
        self._logger = logger
        self._interval_s = interval_s
        self._clock = clock
        self._next = float("-inf")
        self._quiet = 0

    def exception(self, message: str) -> None:
        """Log with the exception being handled (call it in an `except` block)."""
        self._log(self._logger.exception, message)

    def warning(self, message: str, *, extra: Mapping[str, object] | None = None) -> None:
        self._log(self._logger.warning, message, extra)

    def _log(self, log: Callable[..., None], message: str, extra: Mapping[str, object] | None = None) -> None:
        now = self._clock()
        if now < self._next:
            self._quiet += 1
            return
        suffix = f" ({self._quiet} more since the last report)" if self._quiet else ""
        log("%s%s", message, suffix, extra=extra)
        self._next, self._quiet = now + self._interval_s, 0
