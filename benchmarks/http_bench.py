"""HTTP: `mlrole serve` against a bare Bolt app, same load, same concurrency, alternating, in one run.

The servers run at once as separate processes behind one fake Slack API (which also takes mlrole's
`response_url` posts); the load generator is another process. Rounds alternate (mlrole, bare, ...), so
drift on a shared machine falls on all alike, and the report quotes medians over rounds. A third server,
mlrole with its answers memoized (`benchmarks.memoized`), splits mlrole's cost: its wiring against its
answers.
"""

from __future__ import annotations

import re
import secrets
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import aiohttp

from benchmarks import fake_slack, procs
from benchmarks.cpu import cpu_seconds
from benchmarks.loadgen import LoadResult, LoadSpec, Tool, run_load
from benchmarks.memory import Memory, read_memory
from benchmarks.procs import mlrole_command
from benchmarks.slack_requests import SignedRequest, signed_slash_commands
from bot.server import EVENTS_PATH, READY_MESSAGE

MLROLE: Final = "mlrole"
BARE: Final = "bare Bolt"
MEMOIZED: Final = "mlrole, answers memoized"
LOG_OFF: Final = "mlrole, question log off"
"""`mlrole serve` with `MLROLE_QUESTION_LOG=off`: the question log's cost is mlrole's against this."""
BOT_TOKEN: Final = "xoxb-benchmark-token"
HOST: Final = "127.0.0.1"


class BenchmarkInvalid(RuntimeError):
    """A run whose numbers would mean nothing: a server refused or failed requests."""


@dataclass(frozen=True, slots=True)
class HttpOptions:
    tool: Tool
    concurrency: int = 32
    rounds: int = 3
    duration_s: float = 10.0
    warmup_s: float = 2.0
    max_requests: int | None = None
    """Cap each run at this many requests (aiohttp load generator only): for smoke tests."""
    wrk_threads: int = 1


@dataclass(frozen=True, slots=True)
class Round:
    """One load run against one server, and the CPU time the server spent on it."""

    load: LoadResult
    server_cpu_s: float | None
    """None where /proc is missing."""

    @property
    def cpu_per_request_us(self) -> float | None:
        if self.server_cpu_s is None or not self.load.requests:
            return None
        return self.server_cpu_s / self.load.requests * 1e6

    @property
    def cpu_share(self) -> float | None:
        """The server's CPU time over the run's wall time: 1.0 is one core kept busy."""
        if self.server_cpu_s is None or self.load.duration_s <= 0:
            return None
        return self.server_cpu_s / self.load.duration_s


@dataclass(frozen=True, slots=True)
class ServerResult:
    """Medians over rounds, so one noisy round on a shared machine does not move the figures."""

    name: str
    rounds: tuple[Round, ...]
    memory: Memory
    """Read after the last round, before the server is stopped."""

    @property
    def rps(self) -> float:
        return statistics.median(r.load.rps for r in self.rounds)

    @property
    def p50_ms(self) -> float:
        return statistics.median(r.load.p50_ms for r in self.rounds)

    @property
    def p99_ms(self) -> float:
        return statistics.median(r.load.p99_ms for r in self.rounds)

    @property
    def cpu_per_request_us(self) -> float | None:
        values = [v for r in self.rounds if (v := r.cpu_per_request_us) is not None]
        return statistics.median(values) if values else None

    @property
    def cpu_share(self) -> float | None:
        values = [v for r in self.rounds if (v := r.cpu_share) is not None]
        return statistics.median(values) if values else None


@dataclass(frozen=True, slots=True)
class HttpResult:
    tool: Tool
    concurrency: int
    mlrole: ServerResult
    bare: ServerResult
    memoized: ServerResult
    """mlrole with its answers memoized: everything mlrole costs but the answers."""
    log_off: ServerResult | None = None
    """mlrole recording nothing (mlrole itself records every question in a SQLite file)."""

    @property
    def log_ratio(self) -> float | None:
        """Throughput with the question log on over off: the log's cost (target: within 10%)."""
        if self.log_off is None or not self.log_off.rps:
            return None
        return self.mlrole.rps / self.log_off.rps

    @property
    def throughput_ratio(self) -> float:
        return self.mlrole.rps / self.bare.rps if self.bare.rps else 0.0

    @property
    def memoized_ratio(self) -> float:
        return self.memoized.rps / self.bare.rps if self.bare.rps else 0.0


def ready_url(prefix: str) -> Callable[[str], str | None]:
    """Readiness by a `<prefix>http://host:port` line (plain or JSON logging): the server's bound address."""
    pattern = re.compile(re.escape(prefix) + r"(https?://[\w.\-]+:\d+)")

    def match(line: str) -> str | None:
        found = pattern.search(line)
        return found.group(1) if found else None

    return match


SERVER_READY: Final = ready_url(READY_MESSAGE + " ")
"""`mlrole serve` and the baseline both log `listening on http://host:port` once they accept connections."""


async def run_http(options: HttpOptions, questions: Sequence[str]) -> HttpResult:
    with tempfile.TemporaryDirectory(prefix="mlrole-bench-") as tmp:
        return await _run_http(options, questions, workdir=Path(tmp))


async def _run_http(options: HttpOptions, questions: Sequence[str], *, workdir: Path) -> HttpResult:
    secret = secrets.token_hex(32)
    children: list[procs.Child] = []
    try:
        fake, fake_url = await procs.start(
            "fake Slack API",
            procs.python_module("benchmarks.fake_slack"),
            env=procs.child_env(),
            log=workdir / "fake-slack.log",
            ready=ready_url(fake_slack.READY_PREFIX),
        )
        children.append(fake)
        env = procs.child_env(
            {
                "PORT": "0",
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": secret,
                "SLACK_API_URL": f"{fake_url}{fake_slack.API_PATH}",
            }
        )
        servers: dict[str, tuple[procs.Child, str]] = {}
        log_on = {"MLROLE_DATABASE_URL": f"sqlite:///{workdir / 'mlrole.db'}"}
        log_off = {"MLROLE_QUESTION_LOG": "off"}
        for name, argv, log, extra in (
            (MLROLE, [*mlrole_command(), "serve", "--host", HOST], "mlrole.log", log_on),
            (BARE, procs.python_module("benchmarks.bare_bolt", "--host", HOST), "bare-bolt.log", log_off),
            (MEMOIZED, procs.python_module("benchmarks.memoized", "--host", HOST), "memoized.log", log_off),
            (LOG_OFF, [*mlrole_command(), "serve", "--host", HOST], "mlrole-log-off.log", log_off),
        ):
            child, url = await procs.start(
                name, argv, env={**env, **extra}, log=workdir / log, ready=SERVER_READY
            )
            children.append(child)
            assert url is not None
            servers[name] = (child, url)

        def requests() -> tuple[SignedRequest, ...]:
            # Signed afresh for every run: a signature is good for five minutes.
            return signed_slash_commands(
                questions, secret=secret, response_url=f"{fake_url}{fake_slack.RESPONSE_PATH}"
            )

        for name, (child, url) in servers.items():
            await _check_accepted(name, child, url + EVENTS_PATH, requests()[0])

        async def load(url: str, duration_s: float) -> LoadResult:
            spec = LoadSpec(
                url=url + EVENTS_PATH,
                concurrency=options.concurrency,
                duration_s=duration_s,
                max_requests=options.max_requests,
                threads=options.wrk_threads,
            )
            return await run_load(spec, requests(), tool=options.tool, workdir=workdir)

        if options.warmup_s > 0:
            for _, url in servers.values():
                await load(url, options.warmup_s)
        rounds: dict[str, list[Round]] = {name: [] for name in servers}
        for _ in range(options.rounds):
            for name, (child, url) in servers.items():
                cpu_before = cpu_seconds(child.pid)
                result = await load(url, options.duration_s)
                cpu_after = cpu_seconds(child.pid)
                if result.errors or not result.requests:
                    raise BenchmarkInvalid(
                        f"{name}: {result.errors} of {result.requests + result.errors} requests failed; "
                        f"its last output:\n{child.tail()}"
                    )
                used = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
                rounds[name].append(Round(result, used))
        for name, (child, _) in servers.items():
            if not child.running:
                raise child.failure("stopped during the run")
            if errors := child.error_lines():
                # Answers that failed still get a 200 ("Sorry, something went wrong"): the log tells.
                raise BenchmarkInvalid(f"{name} logged errors during the run:\n" + "\n".join(errors))
        results = {
            name: ServerResult(name, tuple(rounds[name]), read_memory(child.pid))
            for name, (child, _) in servers.items()
        }
    finally:
        await procs.stop_all(children)
    return HttpResult(
        options.tool, options.concurrency, results[MLROLE], results[BARE], results[MEMOIZED], results[LOG_OFF]
    )


async def _check_accepted(name: str, child: procs.Child, url: str, request: SignedRequest) -> None:
    """One signed request before any load: a server that refuses it would make the run meaningless."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.post(url, data=request.body.encode(), headers=dict(request.headers)) as resp:
                body = await resp.text()
                status = resp.status
        except aiohttp.ClientError as error:
            raise child.failure(f"did not answer a signed slash command ({error})") from error
    if status != 200:
        raise BenchmarkInvalid(
            f"{name} answered a signed slash command with {status} {body[:200]!r}; "
            f"its last output:\n{child.tail()}"
        )
