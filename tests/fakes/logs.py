"""Log records as the test sees them: collected from a logger, and awaited instead of slept for."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .slack_api import WAIT_TIMEOUT

Wanted = Callable[[logging.LogRecord], bool]


class LogRecorder(logging.Handler):
    """Every record that reaches it, at every level; `await recorder.wait_for(...)` for one to come."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._waiters: list[tuple[Wanted, asyncio.Future[logging.LogRecord]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        for wanted, waiter in self._waiters:
            if not waiter.done() and wanted(record):
                waiter.set_result(record)

    def matching(self, wanted: Wanted) -> list[logging.LogRecord]:
        return [record for record in self.records if wanted(record)]

    async def wait_for(self, wanted: Wanted) -> logging.LogRecord:
        """The first record (already logged, or still to come) that is `wanted`."""
        found = self.matching(wanted)
        if found:
            return found[0]
        waiter: asyncio.Future[logging.LogRecord] = asyncio.get_running_loop().create_future()
        entry = (wanted, waiter)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(waiter, WAIT_TIMEOUT)
        finally:
            self._waiters.remove(entry)


@contextmanager
def recording(name: str = "mlrole", level: int = logging.DEBUG) -> Iterator[LogRecorder]:
    """Record what logger `name` (and its children) logs at `level` and above, while inside."""
    logger = logging.getLogger(name)
    recorder = LogRecorder()
    old_level = logger.level
    logger.addHandler(recorder)
    logger.setLevel(level)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(old_level)
