"""Child processes for a benchmark run: start one, learn when it is ready, keep its output, stop it.

Every server and load generator is its own process, so the one measuring never competes with the one
measured for the interpreter. A child's output goes to a log file, not a pipe: a server logs a line per
request, and a pipe would make this process wake up for every one of them, on the same two cores the
measured server and the load generator share. Only while a child starts is its log read, for the line
that says it is ready.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S: Final = 60.0
READY_POLL_S: Final = 0.02
"""How often a starting child's log is read for its ready line (only until it is ready, or has exited)."""
STOP_TIMEOUT_S: Final = 10.0
TAIL_BYTES: Final = 16 * 1024
ERROR_MARK: Final = re.compile(r'"level": "(ERROR|CRITICAL)"|\b(ERROR|CRITICAL)\b|^Traceback ')


class ProcessFailed(RuntimeError):
    """A child process did not start, or failed; the message carries its last output."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment plus the repository on `PYTHONPATH`, so `python -m benchmarks.<x>` works anywhere."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


@dataclass(eq=False)
class Child:
    name: str
    process: asyncio.subprocess.Process
    log: Path
    """Everything the child wrote to stdout and stderr."""

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def tail(self, lines: int = 40) -> str:
        try:
            with self.log.open("rb") as file:
                file.seek(max(0, file.seek(0, os.SEEK_END) - TAIL_BYTES))
                text = file.read().decode(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def error_lines(self, limit: int = 20) -> list[str]:
        """Lines of the log that report an error (JSON or plain logging) or start a traceback."""
        found: list[str] = []
        try:
            with self.log.open("r", encoding="utf-8", errors="replace") as file:
                for line in file:
                    if ERROR_MARK.search(line):
                        found.append(line.rstrip())
                        if len(found) >= limit:
                            break
        except OSError:
            pass
        return found

    def failure(self, what: str) -> ProcessFailed:
        return ProcessFailed(f"{self.name} {what}; its last output:\n{self.tail()}")

    async def stop(self) -> None:
        if self.running:
            try:
                self.process.terminate()
                await asyncio.wait_for(self.process.wait(), STOP_TIMEOUT_S)
            except ProcessLookupError:
                pass
            except TimeoutError:
                self.process.kill()
        await self.process.wait()


async def start(
    name: str,
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    log: Path,
    ready: Callable[[str], str | None] | None = None,
    ready_within_s: float = READY_TIMEOUT_S,
) -> tuple[Child, str | None]:
    """Start `argv`, its output going to `log`. With `ready`, wait for the first line of output that `ready`
    maps to a value (a server's address, say) and return that value too."""
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out, env=dict(env), cwd=ROOT
        )
    child = Child(name, process, log)
    if ready is None:
        return child, None
    try:
        return child, await _ready(child, ready, within_s=ready_within_s)
    except BaseException:
        await child.stop()
        raise


async def _ready(child: Child, ready: Callable[[str], str | None], *, within_s: float) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    exited = asyncio.ensure_future(child.process.wait())
    offset, pending = 0, b""
    try:
        while True:
            with child.log.open("rb") as file:
                file.seek(offset)
                data = file.read()
            offset += len(data)
            *lines, pending = (pending + data).split(b"\n")
            for line in lines:
                if (value := ready(line.decode(errors="replace"))) is not None:
                    return value
            if exited.done():
                raise child.failure(f"exited with status {child.process.returncode} before it was ready")
            if loop.time() > deadline:
                raise child.failure(f"was not ready within {within_s:.0f} s")
            # Wakes at once if the child exits; otherwise reads the log again shortly.
            await asyncio.wait([exited], timeout=READY_POLL_S)
    finally:
        exited.cancel()


async def run_to_end(
    name: str, argv: Sequence[str], *, env: Mapping[str, str], log: Path, limit_s: float
) -> str:
    """Run a short-lived child to completion and return its output; raise if it fails."""
    child, _ = await start(name, argv, env=env, log=log)
    try:
        await asyncio.wait_for(child.process.wait(), limit_s)
    except TimeoutError:
        await child.stop()
        raise child.failure(f"did not finish within {limit_s:.0f} s") from None
    if child.process.returncode != 0:
        raise child.failure(f"exited with status {child.process.returncode}")
    return child.output()


async def stop_all(children: Sequence[Child]) -> None:
    for child in reversed(children):
        await child.stop()


def free_port() -> int:
    """A loopback port the OS just handed out (for experiments with servers that can only be told one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def mlrole_command() -> list[str]:
    """The installed `mlrole` script beside this interpreter, or the same CLI through `python -c`."""
    script = shutil.which("mlrole", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
