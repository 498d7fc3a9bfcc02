"""A graceful stop on SIGTERM: refuse new connections, finish what is in flight, then exit.

What is in flight is more than the HTTP requests aiohttp knows about. Bolt acks an event at once and
answers it in a task of its own (`chat.postMessage` after the 200), so a mention that arrived just before a
deploy would lose its reply if the process exited when the last response was written. `finish_in_flight`
waits for those tasks too, within the same budget, and cancels whatever is still running at the end.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Final, Protocol

GRACE_S: Final = 5.0
"""The whole shutdown's budget: short, so a stuck request cannot hold a deploy (platforms send SIGKILL 30 s
after SIGTERM, Heroku and Kubernetes by default); a reply takes well under a second."""

BACKGROUND: Final = "mlrole-background:"
"""Tasks named with this prefix (a token check retrying an unreachable Slack) are not work in flight:
`finish_in_flight` does not wait for them; whoever started them cancels them."""

logger: Final = logging.getLogger("mlrole")


class Stoppable(Protocol):
    """What a shutdown needs of a server (`bot.server.RunningServer` is one)."""

    async def stop_accepting(self) -> None: ...

    async def close(self) -> None: ...


async def finish_in_flight(*, grace_s: float = GRACE_S) -> int:
    """Wait up to `grace_s` for every other task on the loop (Bolt's listeners) to finish; cancel the rest.

    Returns how many were cancelled. Tasks started while waiting (a listener's own) are waited for too.
    """
    current = asyncio.current_task()
    deadline = time.monotonic() + grace_s
    announced = False
    while True:
        pending = {
            task
            for task in asyncio.all_tasks()
            if task is not current and not task.done() and not task.get_name().startswith(BACKGROUND)
        }
        if not pending:
            return 0
        if not announced:
            logger.info("finishing %d task(s) in flight", len(pending), extra={"in_flight": len(pending)})
            announced = True
        left = deadline - time.monotonic()
        if left <= 0:
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            logger.warning("cancelled %d task(s) still running at shutdown", len(pending))
            return len(pending)
        await asyncio.wait(pending, timeout=left)


async def stop_serving(server: Stoppable, *, grace_s: float = GRACE_S) -> None:
    """Refuse new connections, let the requests in flight and their listeners finish, close the server."""
    started = time.monotonic()
    await server.stop_accepting()
    logger.info("stopped accepting connections; finishing the requests in flight")
    await server.close()  # waits for HTTP requests in flight (`ServerLimits.shutdown_grace_s` at most)
    await finish_in_flight(grace_s=max(grace_s - (time.monotonic() - started), 0.0))
