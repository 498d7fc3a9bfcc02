"""The benchmark report: the machine, the figures, and each target met or missed, as Markdown tables.

The output pastes straight into the README's Benchmarks section.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # http_bench imports benchmarks.matcher, which imports the figures below
    from benchmarks.http_bench import HttpResult, ServerResult

MATCHER_P99_MS: Final = 1.0
STARTUP_MS: Final = 500.0
"""`mlrole ask` answers from a cold start within half a second (the command-line issue's target)."""
THROUGHPUT_RATIO: Final = 1.0
WORKERS_RATIO: Final = 1.7
"""`mlrole serve --workers 2` against one process, on 2 cores (the load generator shares them)."""
"""mlrole's requests per second over bare Bolt's with its defaults, at the run's first concurrency."""
P50_RATIO: Final = 1 / 3
"""mlrole's median latency over bare Bolt's with its defaults, at one connection, at most."""
HTTP_P99_MS: Final = 50.0
PEAK_RSS_BYTES: Final = 100 * 1000 * 1000
MB: Final = 1000 * 1000


@dataclass(frozen=True, slots=True)
class MatcherFigures:
    questions: int
    """Distinct questions, each matched many times."""
    per_second: float
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class StartupFigures:
    runs: int
    median_ms: float


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    cpu_model: str
    system: str
    python: str
    packages: str

    def describe(self) -> str:
        return f"{self.cpus} CPUs ({self.cpu_model}), {self.system}, Python {self.python}; {self.packages}"


def describe_machine(cpuinfo: Path = Path("/proc/cpuinfo")) -> Machine:
    model = platform.processor() or platform.machine()
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            name, _, value = line.partition(":")
            if name.strip() == "model name" and value.strip():
                model = value.strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0
    packages = ", ".join(f"{name} {_version(name)}" for name in ("slack-bolt", "aiohttp", "rapidfuzz"))
    return Machine(
        cpus=cpus,
        cpu_model=model,
        system=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        packages=packages,
    )


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _ms(value: float) -> str:
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms"


def _us(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} µs"


def _mb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / MB:.0f} MB"


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def render(
    *,
    machine: Machine,
    matcher: MatcherFigures,
    startup: StartupFigures,
    http: Sequence[HttpResult],
    load_tool: str,
    rounds: int,
    duration_s: float,
    matcher_passes: int,
    matcher_rounds: int,
    load_average: tuple[float, float] | None = None,
) -> str:
    """The report. `http` holds one result per concurrency: throughput is judged at the first, median
    latency at the last. `load_average` is the machine's 1-minute load average before and after the run:
    with 2 CPUs, anything much above 0 while the HTTP rounds ran was other work competing with the servers."""
    busy, quiet = http[0], http[-1]
    mlrole, bare, inline = busy.mlrole, busy.bare, busy.inline
    peak = mlrole.memory.peak_bytes
    ratio, p50_ratio = busy.throughput_ratio, quiet.p50_ratio
    cpu_ratio = _ratio(mlrole.cpu_per_request_us, bare.cpu_per_request_us)
    summary = [
        "| Measure | Result | Target | Met |",
        "|---|---|---|---|",
        f"| Matcher throughput ({matcher.questions} dev questions, in process) "
        f"| {_rate(matcher.per_second)} questions/s | | |",
        f"| Matcher latency per question, p50 / p99 | {_ms(matcher.p50_ms)} / {_ms(matcher.p99_ms)} "
        f"| p99 < {MATCHER_P99_MS:g} ms | {_met(matcher.p99_ms < MATCHER_P99_MS)} |",
        f"| `mlrole ask` start-up, whole process (median of {startup.runs}) | {_ms(startup.median_ms)} "
        f"| < {STARTUP_MS / 1000:g} s | {_met(startup.median_ms < STARTUP_MS)} |",
        f"| HTTP throughput at concurrency {busy.concurrency}, mlrole / bare Bolt (defaults) "
        f"| {ratio_against(ratio, THROUGHPUT_RATIO)} ({_rate(mlrole.rps)} / {_rate(bare.rps)} req/s) "
        f"| ≥ {THROUGHPUT_RATIO:.2f} | {_met(ratio >= THROUGHPUT_RATIO)} |",
        *_log_row(busy),
        f"| HTTP throughput at concurrency {busy.concurrency}, bare Bolt acking inline / with defaults "
        f"| {busy.inline_ratio:.2f} ({_rate(inline.rps)} / {_rate(bare.rps)} req/s) | | |",
        f"| HTTP throughput at concurrency {busy.concurrency}, mlrole 2 workers / 1 process "
        f"| {ratio_against(busy.workers_ratio, WORKERS_RATIO)} "
        f"({_rate(busy.workers.rps)} / {_rate(mlrole.rps)} req/s) "
        f"| ≥ {WORKERS_RATIO:.1f} | {_met(busy.workers_ratio >= WORKERS_RATIO)} |",
        f"| HTTP latency p50 at concurrency {quiet.concurrency}, mlrole / bare Bolt (defaults) "
        f"| {p50_ratio:.2f} ({_ms(quiet.mlrole.p50_ms)} / {_ms(quiet.bare.p50_ms)}) "
        f"| ≤ 0.33 | {_met(p50_ratio <= P50_RATIO)} |",
        f"| HTTP latency p99, mlrole (concurrency {busy.concurrency}) | {_ms(mlrole.p99_ms)} "
        f"| < {HTTP_P99_MS:g} ms | {_met(mlrole.p99_ms < HTTP_P99_MS)} |",
        f"| Server CPU per request, mlrole / bare Bolt (defaults) | {_us(mlrole.cpu_per_request_us)} / "
        f"{_us(bare.cpu_per_request_us)} ({cpu_ratio}x) | | |",
        f"| Peak resident memory, `mlrole serve` after the run | {_mb(peak)} "
        f"| < {PEAK_RSS_BYTES // MB} MB | {'n/a' if peak is None else _met(peak < PEAK_RSS_BYTES)} |",
    ]
    detail = [
        "| Connections | Server | req/s | p50 | p99 | server CPU | CPU per request | peak RSS "
        "| req/s by round |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in http:
        detail += [_server_row(result.concurrency, server) for server in result.servers.values()]
        detail += [
            _ratio_row(result.concurrency, "mlrole / bare Bolt", result.mlrole, result.bare),
            _ratio_row(result.concurrency, "inline / bare Bolt", result.inline, result.bare),
            _ratio_row(result.concurrency, "2 workers / mlrole", result.workers, result.mlrole),
        ]
        if result.log_off is not None:
            detail.append(
                _ratio_row(result.concurrency, "question log on / off", result.mlrole, result.log_off)
            )
    matcher_setup = (
        f"Matcher: every question matched {matcher_passes} times in process, in {matcher_rounds} "
        f"round{'s' if matcher_rounds != 1 else ''}, after a warm-up pass; medians over rounds."
    )
    concurrencies = " and ".join(str(result.concurrency) for result in http)
    setup = (
        f"HTTP: signed `/mlrole <question> #<n>` slash commands on loopback, a stream of questions that "
        f"never repeats, {load_tool}, concurrency {concurrencies}, {rounds} alternating "
        f"round{'s' if rounds != 1 else ''} of {duration_s:g} s per server; medians over rounds."
    )
    header = f"Machine: {machine.describe()}."
    if load_average is not None:
        header += f" Load average before / after the run: {load_average[0]:.2f} / {load_average[1]:.2f}."
    return "\n".join([header, "", *summary, "", matcher_setup, setup, "", *detail, ""])


def _server_row(concurrency: int, server: ServerResult) -> str:
    by_round = " · ".join(_rate(r.load.rps) for r in server.rounds)
    share = "n/a" if server.cpu_share is None else f"{server.cpu_share:.0%} of a core"
    return (
        f"| {concurrency} | {server.name} | {_rate(server.rps)} | {_ms(server.p50_ms)} "
        f"| {_ms(server.p99_ms)} | {share} | {_us(server.cpu_per_request_us)} "
        f"| {_mb(server.memory.peak_bytes)} | {by_round} |"
    )


def ratio_against(value: float, target: float) -> str:
    """`value` to two decimals, or three where two would round it onto a target it misses (0.897 is not
    0.90)."""
    shown = f"{value:.2f}"
    return f"{value:.3f}" if value < target <= float(shown) else shown


def _ratio_row(concurrency: int, label: str, server: ServerResult, baseline: ServerResult) -> str:
    return (
        f"| {concurrency} | {label} | {_ratio(server.rps, baseline.rps)} "
        f"| {_ratio(server.p50_ms, baseline.p50_ms)} | {_ratio(server.p99_ms, baseline.p99_ms)} "
        f"| {_ratio(server.cpu_share, baseline.cpu_share)} "
        f"| {_ratio(server.cpu_per_request_us, baseline.cpu_per_request_us)} "
        f"| {_ratio(server.memory.peak_bytes, baseline.memory.peak_bytes)} | |"
    )


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "n/a"


LOG_RATIO: Final = 0.90
"""Recording every question may cost at most 10% of the throughput."""


def _log_row(http: HttpResult) -> list[str]:
    """Throughput with the question log on over off, when the run measured both."""
    ratio, off = http.log_ratio, http.log_off
    if ratio is None or off is None:
        return []
    return [
        f"| HTTP throughput at concurrency {http.concurrency}, mlrole with the question log on / off "
        f"| {ratio_against(ratio, LOG_RATIO)} ({_rate(http.mlrole.rps)} / {_rate(off.rps)} req/s) "
        f"| ≥ {LOG_RATIO:.2f} | {_met(ratio >= LOG_RATIO)} |"
    ]
