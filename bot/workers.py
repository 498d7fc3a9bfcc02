"""`mlrole serve --workers N`: N processes answer on one port, kept alive, stopped and reloaded together.

The supervisor is a small process that answers nothing itself. It binds the port first with `SO_REUSEPORT`
and never listens on it (so `PORT=0` means one free port for all, and a port taken by another program fails
at once), then starts N copies of `mlrole serve --workers 1`, each listening on that port with
`SO_REUSEPORT`: the kernel spreads connections over them. Each worker says it is listening through a pipe of
its own (`READY_FD`). Then:
- a worker that exits while the supervisor is not stopping is logged and started again (after
  `RESTART_BACKOFF_S`, doubling while it keeps dying young, up to `MAX_BACKOFF_S`);
- SIGTERM or SIGINT: every worker gets SIGTERM and finishes what it has in flight (`bot.shutdown`); one
  still running after `STOP_TIMEOUT_S` is killed;
- SIGHUP: passed to every worker, each reloads its knowledge base (`bot.sighup`).
A worker whose supervisor disappeared (killed with SIGKILL) stops by itself (`watch_supervisor`).

Workers share nothing but the port: without `REDIS_URL`, each de-duplicates Slack's retries on its own, so
a retry that lands on another worker is answered twice, and `/mlrole reload` reloads only the worker that
received it. Hence the warning when N > 1 and `REDIS_URL` is unset.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping
from typing import Final

from bot.settings import PORT, REDIS_URL, WEB_CONCURRENCY, Settings
from bot.shutdown import GRACE_S
from bot.startup import stop_on_signals

READY_FD: Final = "MLROLE_WORKER_READY_FD"
"""Set by the supervisor in a worker's environment: the pipe to write `READY_LINE` to once listening."""
READY_LINE: Final = b"ready\n"
RESTART_BACKOFF_S: Final = 0.5
MAX_BACKOFF_S: Final = 30.0
STABLE_S: Final = 10.0
"""A worker that ran this long before dying is restarted after the shortest backoff again."""
STOP_TIMEOUT_S: Final = GRACE_S + 5.0
"""How long workers have to stop after SIGTERM before they are killed (their own budget, plus a margin)."""
PARENT_POLL_S: Final = 1.0
NO_REDIS_WARNING: Final = (
    f"{REDIS_URL} is not set: each of the %d workers de-duplicates retried events on its own, so a retry "
    "may be answered twice, and /mlrole reload reaches one worker only (SIGHUP to the supervisor reaches all)"
)

logger: Final = logging.getLogger("mlrole.workers")


class WorkersUnsupported(Exception):
    """This platform cannot share a port between processes."""


def reserve_port(host: str, port: int) -> socket.socket:
    """A socket bound to host:port with `SO_REUSEPORT` that never listens: it fixes the port for workers."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise WorkersUnsupported("--workers above 1 needs SO_REUSEPORT (Linux, macOS, BSD)")
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise
    return sock


class Worker:
    """One `mlrole serve --workers 1` child; `index` stays the same across restarts."""

    def __init__(self, index: int, *, host: str, port: int) -> None:
        self.index = index
        main = "import sys; from bot.cli import main; sys.exit(main())"
        self._argv = [sys.executable, "-c", main, "serve", "--host", host, "--workers", "1"]
        self._env = {**os.environ, PORT: str(port), WEB_CONCURRENCY: "1"}
        self.proc: asyncio.subprocess.Process | None = None
        self.started_at = 0.0

    async def start(self) -> bool:
        """Start the process; True once it listens, False if it exited first."""
        read_fd, write_fd = os.pipe()
        try:
            self.proc = await asyncio.create_subprocess_exec(
                *self._argv, env={**self._env, READY_FD: str(write_fd)}, pass_fds=(write_fd,)
            )
        finally:
            os.close(write_fd)
        self.started_at = time.monotonic()
        logger.info("worker %d started (pid %d)", self.index, self.proc.pid, extra={"worker": self.index})
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader()
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_fd, "rb", buffering=0)
        )
        try:
            ready = await reader.readline() == READY_LINE  # EOF first: it exited before listening
        finally:
            transport.close()
        if not ready:
            await self.proc.wait()
        return ready

    def signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(sig)

    async def wait(self) -> int:
        assert self.proc is not None
        return await self.proc.wait()


async def supervise(settings: Settings, *, host: str, workers: int) -> int:
    """Run `workers` worker processes on `settings.port` until SIGTERM or SIGINT; the exit code."""
    if not settings.redis_url:
        logger.warning(NO_REDIS_WARNING, workers)
    try:
        reserved = reserve_port(host, settings.port)
    except (WorkersUnsupported, OSError) as exc:
        where = f"{host}:{settings.port}"
        print(f"mlrole: cannot serve on {where} with {workers} workers: {exc}", file=sys.stderr)
        return 1
    with reserved:
        port = int(reserved.getsockname()[1])
        stop = stop_on_signals()
        loop = asyncio.get_running_loop()
        pool = [Worker(index, host=host, port=port) for index in range(1, workers + 1)]
        loop.add_signal_handler(signal.SIGHUP, lambda: _forward(pool, signal.SIGHUP))
        try:
            started = await asyncio.gather(*(worker.start() for worker in pool))
            if not all(started):
                failed = [worker.proc.returncode for worker in pool if worker.proc and worker.proc.returncode]
                logger.error("a worker exited before it was listening: stopping")
                await _stop(pool)
                return failed[0] if failed else 1
            logger.info("listening on http://%s:%d with %d workers", host, port, workers)
            await _keep_alive(pool, stop)
            logger.info("shutting down %d workers", workers)
            return await _stop(pool)
        finally:
            loop.remove_signal_handler(signal.SIGHUP)


def _forward(pool: list[Worker], sig: int) -> None:
    logger.info("passing %s to %d workers", signal.Signals(sig).name, len(pool))
    for worker in pool:
        worker.signal(sig)


async def _keep_alive(pool: list[Worker], stop: asyncio.Event) -> None:
    """Restart any worker that exits, until `stop` is set."""
    stopping = asyncio.create_task(stop.wait())
    watching = {asyncio.create_task(worker.wait()): worker for worker in pool}
    backoff = {worker.index: RESTART_BACKOFF_S for worker in pool}
    try:
        while True:
            done, _ = await asyncio.wait({stopping, *watching}, return_when=asyncio.FIRST_COMPLETED)
            if stop.is_set():
                return
            for task in done:
                worker = watching.pop(task)
                code = task.result()
                lived = time.monotonic() - worker.started_at
                wait = RESTART_BACKOFF_S if lived >= STABLE_S else backoff[worker.index]
                backoff[worker.index] = min(wait * 2, MAX_BACKOFF_S)
                logger.warning(
                    "worker %d (pid %d) exited with status %d after %.1f s: restarting it in %.1f s",
                    worker.index,
                    worker.proc.pid if worker.proc else 0,
                    code,
                    lived,
                    wait,
                    extra={"worker": worker.index},
                )
                restart = asyncio.create_task(_restart(worker, wait, stop))
                watching[restart] = worker
    finally:
        stopping.cancel()
        for task in watching:
            task.cancel()
        await asyncio.gather(stopping, *watching, return_exceptions=True)


async def _restart(worker: Worker, wait: float, stop: asyncio.Event) -> int:
    """Start `worker` again after `wait` (unless stopping), then wait for it to exit: its exit code."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), wait)
    if stop.is_set():
        return 0
    if await worker.start():
        logger.info("worker %d is listening again", worker.index, extra={"worker": worker.index})
    return await worker.wait()


async def _stop(pool: list[Worker]) -> int:
    """SIGTERM every worker, kill those still running after `STOP_TIMEOUT_S`; 0 if all stopped cleanly."""
    running = [worker for worker in pool if worker.proc is not None and worker.proc.returncode is None]
    for worker in running:
        worker.signal(signal.SIGTERM)
    codes: list[int] = []
    for worker in running:
        try:
            codes.append(await asyncio.wait_for(worker.wait(), STOP_TIMEOUT_S))
        except TimeoutError:
            logger.error("worker %d did not stop in %.0f s: killing it", worker.index, STOP_TIMEOUT_S)
            worker.signal(signal.SIGKILL)
            codes.append(await worker.wait())
    return 0 if all(code == 0 for code in codes) else 1


def notify_ready(environ: Mapping[str, str]) -> None:
    """In a worker: tell the supervisor this process is listening (nothing outside a supervisor)."""
    raw = environ.get(READY_FD)
    if not raw:
        return
    fd = int(raw)
    try:
        os.write(fd, READY_LINE)
    finally:
        os.close(fd)


async def watch_supervisor(parent: int, *, poll_s: float = PARENT_POLL_S) -> None:
    """In a worker: SIGTERM this process when its supervisor (`parent`) is gone, so no worker is orphaned."""
    while os.getppid() == parent:  # noqa: ASYNC110 -- no event tells a process its parent is gone
        await asyncio.sleep(poll_s)
    logger.warning("the supervisor (pid %d) is gone: stopping", parent)
    os.kill(os.getpid(), signal.SIGTERM)
