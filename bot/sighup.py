"""`kill -HUP <pid>`: the operator's way to reload the knowledge base, next to an admin's `/mlrole reload`.

Each SIGHUP schedules one `store.reload(actor="SIGHUP")` on the running loop; the store runs reloads one at a
time and logs each outcome (source, old and new version, every error), so a broken knowledge base is
reported in the log and the old one keeps serving. On shutdown, reloads still running are cancelled (the old
snapshot stays) and the handler is removed.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Final

from knowledge.base.store import KnowledgeStore, ReloadResult

ACTOR: Final = "SIGHUP"
"""Who the reload log names as having asked."""

logger: Final = logging.getLogger("mlrole.reload")


class ReloadOnSighup:
    """Installed by `reload_on_sighup`; `close()` it when the process stops serving."""

    def __init__(self, store: KnowledgeStore, loop: asyncio.AbstractEventLoop) -> None:
        self._store = store
        self._loop = loop
        self._tasks: set[asyncio.Task[ReloadResult]] = set()
        """Reloads in flight: the loop keeps only weak references to tasks."""
        self._installed = False

    def install(self) -> None:
        if not hasattr(signal, "SIGHUP"):  # Windows has no SIGHUP: reload from Slack there
            return
        self._loop.add_signal_handler(signal.SIGHUP, self._on_signal)
        self._installed = True

    def _on_signal(self) -> None:
        logger.info("SIGHUP received: reloading the knowledge base from %s", self._store.source.display)
        task = self._loop.create_task(self._store.reload(actor=ACTOR))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[ReloadResult]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # `reload` logs its own outcomes
            logger.error("SIGHUP reload failed unexpectedly", exc_info=task.exception())

    async def close(self) -> None:
        if self._installed:
            self._loop.remove_signal_handler(signal.SIGHUP)
            self._installed = False
        pending = list(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def reload_on_sighup(store: KnowledgeStore) -> ReloadOnSighup:
    """Reload `store` on every SIGHUP from now on (call it from the running loop)."""
    handler = ReloadOnSighup(store, asyncio.get_running_loop())
    handler.install()
    return handler
