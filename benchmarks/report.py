"""The benchmark report: the machine, the figures, and each target met or missed, as Markdown tables.

The output pastes straight into the README's Benchmarks section.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # http_bench imports benchmarks.matcher, which imports the figures below
    from benchmarks.http_bench import HttpResult, ServerResult

MATCHER_P99_MS: Final = 1.0
STARTUP_MS: Final = 500.0
"""`mlrole ask` answers from a cold start within half a second (the command-line issue's target)."""
THROUGHPUT_RATIO: Final = 0.9
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
    http: HttpResult,
    load_tool: str,
    rounds: int,
    duration_s: float,
    matcher_passes: int,
    matcher_rounds: int,
    load_average: tuple[float, float] | None = None,
) -> str:
    """The report. `load_average` is the machine's 1-minute load average before and after the run: with
    2 CPUs, anything much above 0 while the HTTP rounds ran was other work competing with the servers."""
    mlrole, bare, memoized = http.mlrole, http.bare, http.memoized
    peak = mlrole.memory.peak_bytes
    ratio = http.throughput_ratio
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
        f"| HTTP throughput, mlrole / bare Bolt | {ratio_against(ratio, THROUGHPUT_RATIO)} "
        f"({_rate(mlrole.rps)} / {_rate(bare.rps)} req/s) "
        f"| ≥ {THROUGHPUT_RATIO:.2f} | {_met(ratio >= THROUGHPUT_RATIO)} |",
        *_log_row(http),
        f"| HTTP throughput, mlrole with its answers memoized / bare Bolt (its wiring alone) "
        f"| {http.memoized_ratio:.2f} ({_rate(memoized.rps)} / {_rate(bare.rps)} req/s) | | |",
        f"| HTTP latency p99, mlrole (concurrency {http.concurrency}) | {_ms(mlrole.p99_ms)} "
        f"| < {HTTP_P99_MS:g} ms | {_met(mlrole.p99_ms < HTTP_P99_MS)} |",
        f"| Server CPU per request, mlrole / bare Bolt | {_us(mlrole.cpu_per_request_us)} / "
        f"{_us(bare.cpu_per_request_us)} ({cpu_ratio}x) | | |",
        f"| Server CPU per request, mlrole with its answers memoized | {_us(memoized.cpu_per_request_us)} "
        f"({_ratio(memoized.cpu_per_request_us, bare.cpu_per_request_us)}x bare Bolt) | | |",
        f"| Peak resident memory, `mlrole serve` after the run | {_mb(peak)} "
        f"| < {PEAK_RSS_BYTES // MB} MB | {'n/a' if peak is None else _met(peak < PEAK_RSS_BYTES)} |",
    ]
    detail = [
        "| Server | req/s | p50 | p99 | server CPU | CPU per request | peak RSS | req/s by round |",
        "|---|---|---|---|---|---|---|---|",
        _server_row(mlrole),
        _server_row(bare),
        _server_row(memoized),
        _ratio_row("mlrole / bare Bolt", mlrole, bare),
        _ratio_row("memoized / bare Bolt", memoized, bare),
        *(
            [_server_row(http.log_off), _ratio_row("question log on / off", mlrole, http.log_off)]
            if http.log_off is not None
            else []
        ),
    ]
    matcher_setup = (
        f"Matcher: every question matched {matcher_passes} times in process, in {matcher_rounds} "
        f"round{'s' if matcher_rounds != 1 else ''}, after a warm-up pass; medians over rounds."
    )
    setup = (
        f"HTTP: signed `/mlrole <question>` slash commands on loopback, {load_tool}, "
        f"concurrency {http.concurrency}, {rounds} alternating round{'s' if rounds != 1 else ''} "
        f"of {duration_s:g} s per server; medians over rounds."
    )
    header = f"Machine: {machine.describe()}."
    if load_average is not None:
        header += f" Load average before / after the run: {load_average[0]:.2f} / {load_average[1]:.2f}."
    return "\n".join([header, "", *summary, "", matcher_setup, setup, "", *detail, ""])


def _server_row(server: ServerResult) -> str:
    by_round = " · ".join(_rate(r.load.rps) for r in server.rounds)
    share = "n/a" if server.cpu_share is None else f"{server.cpu_share:.0%} of a core"
    return (
        f"| {server.name} | {_rate(server.rps)} | {_ms(server.p50_ms)} | {_ms(server.p99_ms)} "
        f"| {share} | {_us(server.cpu_per_request_us)} | {_mb(server.memory.peak_bytes)} | {by_round} |"
    )


def ratio_against(value: float, target: float) -> str:
    """`value` to two decimals, or three where two would round it onto a target it misses (0.897 is not
    0.90)."""
    shown = f"{value:.2f}"
    return f"{value:.3f}" if value < target <= float(shown) else shown


def _ratio_row(label: str, server: ServerResult, baseline: ServerResult) -> str:
    return (
        f"| {label} | {_ratio(server.rps, baseline.rps)} | {_ratio(server.p50_ms, baseline.p50_ms)} "
        f"| {_ratio(server.p99_ms, baseline.p99_ms)} | {_ratio(server.cpu_share, baseline.cpu_share)} "
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
        f"| HTTP throughput, question log on / off | {ratio_against(ratio, LOG_RATIO)} "
        f"({_rate(http.mlrole.rps)} / {_rate(off.rps)} req/s) "
        f"| ≥ {LOG_RATIO:.2f} | {_met(ratio >= LOG_RATIO)} |"
    ]
