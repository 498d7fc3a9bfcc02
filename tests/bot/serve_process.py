"""`mlrole serve` as a real subprocess on a loopback port, its stderr collected line by line as it runs."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from tests.fakes.env import deployment_env
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack

SLACK_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "PORT",
    "MLROLE_KNOWLEDGE",
    "MLROLE_ADMINS",
    "MLROLE_DATABASE_URL",
    "MLROLE_LOG_SECRET",
    "MLROLE_RETENTION_DAYS",
    "MLROLE_QUESTION_LOG",
    "REDIS_URL",
    "MLROLE_REDIS_PREFIX",
    "WEB_CONCURRENCY",
    "MLROLE_MAX_CONNECTIONS",
)
"""Every variable mlrole reads: cleared from the inherited environment so only the test's values count."""
LISTENING = re.compile(r"listening on (http://[\d.]+:\d+)")


class Process:
    """`mlrole serve` in a subprocess; its stderr is collected as it runs."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.url: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._changed = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode(errors="replace")
            async with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
            found = LISTENING.search(line)
            if found and not self.url.done():
                self.url.set_result(found.group(1))
        if not self.url.done():
            self.url.set_exception(RuntimeError("mlrole serve exited:\n" + "".join(self.lines)))
        async with self._changed:
            self._changed.notify_all()

    async def wait_for_line(self, wanted: Callable[[str], bool], *, after: int = 0) -> str:
        """The first line from index `after` on that is `wanted`, waiting for the process to write it."""

        def found() -> str | None:
            return next((line for line in self.lines[after:] if wanted(line)), None)

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: found() is not None or self._reader.done()), WAIT_TIMEOUT
            )
        line = found()
        assert line is not None, "mlrole serve exited without logging it:\n" + "".join(self.lines)
        return line

    async def drained(self) -> None:
        """Wait until every line the process wrote has been read (after it exited)."""
        await self._reader

    async def stop(self) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), WAIT_TIMEOUT)
        await self.drained()
        return code


@asynccontextmanager
async def start_serve(
    fake_slack: FakeSlack, *, serve_args: tuple[str, ...] = (), **env: str
) -> AsyncIterator[Process]:
    """`mlrole serve --host 127.0.0.1` on a free port, configured for `fake_slack`, plus `env` (and
    `serve_args` after `serve`)."""
    async with start_mlrole(fake_slack, "serve", "--host", "127.0.0.1", *serve_args, **env) as process:
        yield process


@asynccontextmanager
async def start_mlrole(fake_slack: FakeSlack, *args: str, **env: str) -> AsyncIterator[Process]:
    """`mlrole ARGS...` configured for `fake_slack` (and port 0), plus `env`."""
    environ = {
        **{k: v for k, v in os.environ.items() if k not in SLACK_VARIABLES},
        **deployment_env(fake_slack),
        "PORT": "0",
        "MLROLE_QUESTION_LOG": "off",  # a test that wants the log turns it on with a database of its own
        **env,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        *args,
        env=environ,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    process = Process(proc)
    try:
        yield process
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        await process.drained()
        if process.url.done():
            process.url.exception()  # retrieved: a command that never listens is not an error here
