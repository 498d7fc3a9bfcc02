"""HTTP: `mlrole serve` against bare Bolt apps, same load, alternating, at each concurrency, in one run.

Three servers: mlrole, bare Bolt as most apps write it (Bolt's defaults: `process_before_response=False`,
which runs the listener as a task and polls for its ack every 10 ms), and bare Bolt acking inline
(`process_before_response=True`, as mlrole runs). They run at once as separate processes behind one fake
Slack API (which also takes `response_url` posts); the load generator is another process. Every load run
sends a stream of questions that never repeats (`benchmarks.question_stream`), pre-signed, cycled by the
load generator. Rounds alternate (mlrole, bare, inline, ...), so drift on a shared machine falls on all
alike, and the report quotes medians over rounds. A fourth server, `mlrole serve --workers 2`, is compared
with mlrole (one process): what a second core buys.
"""

from __future__ import annotations

import re
import secrets
import statistics
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import aiohttp

from benchmarks import cpu, fake_slack, procs
from benchmarks.loadgen import LoadResult, LoadSpec, Tool, run_load
from benchmarks.memory import Memory, read_tree_memory
from benchmarks.procs import mlrole_command
from benchmarks.question_stream import STREAM_SIZE, QuestionStream
from benchmarks.slack_requests import SignedRequest, signed_slash_commands
from bot.server import EVENTS_PATH, READY_MESSAGE

MLROLE: Final = "mlrole"
BARE: Final = "bare Bolt"
INLINE: Final = "bare Bolt, process_before_response"
WORKERS: Final = "mlrole, 2 workers"
LOG_OFF: Final = "mlrole, question log off"
"""`mlrole serve` with `MLROLE_QUESTION_LOG=off`; the other mlrole servers record every question (SQLite)."""
SERVERS: Final = (MLROLE, BARE, INLINE, WORKERS, LOG_OFF)
BOT_TOKEN: Final = "xoxb-benchmark-token"
HOST: Final = "127.0.0.1"


class BenchmarkInvalid(RuntimeError):
    """A run whose numbers would mean nothing: a server refused or failed requests."""


@dataclass(frozen=True, slots=True)
class HttpOptions:
    tool: Tool
    concurrencies: tuple[int, ...] = (32, 1)
    """Each is measured on the same servers, in this order: throughput at the first, latency at the last."""
    rounds: int = 3
    duration_s: float = 10.0
    warmup_s: float = 2.0
    max_requests: int | None = None
    """Cap each run at this many requests (aiohttp load generator only): for smoke tests."""
    wrk_threads: int = 1
    stream_size: int = STREAM_SIZE
    """Requests signed per load run (distinct questions); the load generator cycles through them."""


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
    """Read after the last round of the whole run, before the server is stopped."""

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
    """The servers at one concurrency."""

    tool: Tool
    concurrency: int
    servers: Mapping[str, ServerResult]

    @property
    def mlrole(self) -> ServerResult:
        return self.servers[MLROLE]

    @property
    def bare(self) -> ServerResult:
        return self.servers[BARE]

    @property
    def inline(self) -> ServerResult:
        return self.servers[INLINE]

    @property
    def workers(self) -> ServerResult:
        """`mlrole serve --workers 2`: CPU and memory are its supervisor's and workers' together."""
        return self.servers[WORKERS]

    @property
    def log_off(self) -> ServerResult | None:
        return self.servers.get(LOG_OFF)

    @property
    def log_ratio(self) -> float | None:
        """Throughput with the question log on over off: what recording costs (target: within 10%)."""
        off = self.log_off
        return self.mlrole.rps / off.rps if off is not None and off.rps else None

    @property
    def throughput_ratio(self) -> float:
        """mlrole's requests per second over bare Bolt's (defaults)."""
        return self.mlrole.rps / self.bare.rps if self.bare.rps else 0.0

    @property
    def inline_ratio(self) -> float:
        """Bare Bolt acking inline over bare Bolt with its defaults: what the 10 ms poll costs."""
        return self.inline.rps / self.bare.rps if self.bare.rps else 0.0

    @property
    def p50_ratio(self) -> float:
        """mlrole's median latency over bare Bolt's (defaults)."""
        return self.mlrole.p50_ms / self.bare.p50_ms if self.bare.p50_ms else 0.0

    @property
    def workers_ratio(self) -> float:
        """Throughput of 2 workers over 1 process."""
        return self.workers.rps / self.mlrole.rps if self.mlrole.rps else 0.0


def ready_url(prefix: str) -> Callable[[str], str | None]:
    """Readiness by a `<prefix>http://host:port` line (plain or JSON logging): the server's bound address."""
    pattern = re.compile(re.escape(prefix) + r"(https?://[\w.\-]+:\d+)")

    def match(line: str) -> str | None:
        found = pattern.search(line)
        return found.group(1) if found else None

    return match


SERVER_READY: Final = ready_url(READY_MESSAGE + " ")
"""`mlrole serve` and the baseline both log `listening on http://host:port` once they accept connections."""
POOL_PATTERN: Final = re.compile(re.escape(READY_MESSAGE) + r" (https?://[\w.\-]+:\d+) with \d+ workers")


def pool_ready(line: str) -> str | None:
    """`mlrole serve --workers N` is ready when its supervisor says every worker listens (not the first)."""
    found = POOL_PATTERN.search(line)
    return found.group(1) if found else None


def pool_memory(pid: int) -> Memory:
    """A server's memory with its workers' (a single process has none)."""
    return read_tree_memory(pid, cpu.children(pid))


async def run_http(options: HttpOptions, questions: Sequence[str]) -> tuple[HttpResult, ...]:
    """One `HttpResult` per concurrency, in `options.concurrencies` order."""
    with tempfile.TemporaryDirectory(prefix="mlrole-bench-") as tmp:
        return await _run_http(options, questions, workdir=Path(tmp))


async def _run_http(
    options: HttpOptions, questions: Sequence[str], *, workdir: Path
) -> tuple[HttpResult, ...]:
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
        serve = [*mlrole_command(), "serve", "--host", HOST]
        bare = procs.python_module("benchmarks.bare_bolt", "--host", HOST)
        log_off = {"MLROLE_QUESTION_LOG": "off"}

        def log_on(name: str) -> dict[str, str]:  # recording, as deployed
            return {"MLROLE_DATABASE_URL": f"sqlite:///{workdir / name}"}

        for name, argv, log, ready, extra in (
            (MLROLE, serve, "mlrole.log", SERVER_READY, log_on("mlrole.db")),
            (BARE, bare, "bare-bolt.log", SERVER_READY, log_off),
            (
                INLINE,
                [*bare, "--process-before-response"],
                "bare-bolt-inline.log",
                SERVER_READY,
                log_off,
            ),
            (WORKERS, [*serve, "--workers", "2"], "workers.log", pool_ready, log_on("workers.db")),
            (LOG_OFF, serve, "mlrole-log-off.log", SERVER_READY, log_off),
        ):
            child, url = await procs.start(name, argv, env={**env, **extra}, log=workdir / log, ready=ready)
            children.append(child)
            assert url is not None
            servers[name] = (child, url)

        stream = QuestionStream(questions)

        def requests(count: int) -> tuple[SignedRequest, ...]:
            # Signed afresh for every run (a signature is good for five minutes), with new questions.
            return signed_slash_commands(
                stream.take(count), secret=secret, response_url=f"{fake_url}{fake_slack.RESPONSE_PATH}"
            )

        for name, (child, url) in servers.items():
            await _check_accepted(name, child, url + EVENTS_PATH, requests(1)[0])

        async def load(url: str, duration_s: float, concurrency: int) -> LoadResult:
            spec = LoadSpec(
                url=url + EVENTS_PATH,
                concurrency=concurrency,
                duration_s=duration_s,
                max_requests=options.max_requests,
                threads=options.wrk_threads,
            )
            count = min(options.stream_size, options.max_requests or options.stream_size)
            return await run_load(spec, requests(count), tool=options.tool, workdir=workdir)

        rounds: dict[tuple[int, str], list[Round]] = {}
        for concurrency in options.concurrencies:
            if options.warmup_s > 0:
                for _, url in servers.values():
                    await load(url, options.warmup_s, concurrency)
            for _ in range(options.rounds):
                for name, (child, url) in servers.items():
                    cpu_before = cpu.tree_cpu_seconds(child.pid)
                    result = await load(url, options.duration_s, concurrency)
                    cpu_after = cpu.tree_cpu_seconds(child.pid)
                    if result.errors or not result.requests:
                        raise BenchmarkInvalid(
                            f"{name}: {result.errors} of {result.requests + result.errors} requests failed "
                            f"at concurrency {concurrency}; its last output:\n{child.tail()}"
                        )
                    used = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
                    rounds.setdefault((concurrency, name), []).append(Round(result, used))
        for name, (child, _) in servers.items():
            if not child.running:
                raise child.failure("stopped during the run")
            if errors := child.error_lines():
                # Answers that failed still get a 200 ("Sorry, something went wrong"): the log tells.
                raise BenchmarkInvalid(f"{name} logged errors during the run:\n" + "\n".join(errors))
        memory = {name: pool_memory(child.pid) for name, (child, _) in servers.items()}
    finally:
        await procs.stop_all(children)
    return tuple(
        HttpResult(
            options.tool,
            concurrency,
            {name: ServerResult(name, tuple(rounds[concurrency, name]), memory[name]) for name in SERVERS},
        )
        for concurrency in options.concurrencies
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
