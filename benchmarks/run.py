"""The one benchmark command: matcher, `mlrole ask` start-up, HTTP against bare Bolt (its defaults, and acking
inline) and `mlrole serve --workers 2` against one process, at 32 connections and at 1, and memory.

    python -m benchmarks.run            # the full run: about five minutes on 2 cores
    python -m benchmarks.run --quick    # one short round of everything, for a first look

It prints Markdown tables (the README's Benchmarks section is one such output) and exits 0 when every
measurement was valid, whether or not the targets were met; 1 when a run was invalid (a server refused
requests, a process failed). Timings are never asserted anywhere: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from benchmarks import procs
from benchmarks.http_bench import BenchmarkInvalid, HttpOptions, HttpResult, run_http
from benchmarks.loadgen import choose_tool, tool_version
from benchmarks.matcher import DEV_QUESTIONS, load_questions, measure_startup, run_matcher_bench
from benchmarks.report import Machine, MatcherFigures, StartupFigures, describe_machine, render
from knowledge.base.loader import load_bundled


@dataclass(frozen=True, slots=True)
class Options:
    questions: Path = DEV_QUESTIONS
    loadgen: Literal["auto", "wrk", "aiohttp"] = "auto"
    concurrencies: tuple[int, ...] = (32, 1)
    rounds: int = 3
    duration_s: float = 10.0
    warmup_s: float = 3.0
    max_requests: int | None = None
    wrk_threads: int = 1
    startup_runs: int = 7
    matcher_repeats: int = 200
    json_path: Path | None = None


MATCHER_ROUNDS: Final = 5
"""The matcher passes are split into rounds and each figure is the median over rounds, so a burst of load
from elsewhere on a shared machine moves one round's p99, not the reported one."""

QUICK: Final = {"rounds": 1, "duration_s": 3.0, "warmup_s": 1.0, "startup_runs": 3, "matcher_repeats": 20}


def parse_args(argv: Sequence[str] | None) -> Options:
    defaults = Options()
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Measure what an mlrole answer costs, against bare Bolt."
    )
    parser.add_argument("--quick", action="store_true", help="one short round of everything")
    parser.add_argument("--questions", type=Path, help=f"the questions YAML (default: {DEV_QUESTIONS})")
    parser.add_argument(
        "--loadgen",
        choices=("auto", "wrk", "aiohttp"),
        help="the load generator (default: auto, wrk when installed, else an aiohttp client process)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        nargs="+",
        help="requests in flight, one run per value; throughput is judged at the first, median latency at "
        f"the last (default: {' '.join(map(str, defaults.concurrencies))})",
    )
    parser.add_argument(
        "--rounds", type=int, help=f"rounds per server, alternating (default: {defaults.rounds})"
    )
    parser.add_argument(
        "--duration", type=float, help=f"seconds per round (default: {defaults.duration_s:g})"
    )
    parser.add_argument(
        "--warmup", type=float, help=f"warm-up seconds per server (default: {defaults.warmup_s:g})"
    )
    parser.add_argument(
        "--max-requests", type=int, help="cap each round at N requests (aiohttp load generator)"
    )
    parser.add_argument("--wrk-threads", type=int, help=f"wrk threads (default: {defaults.wrk_threads})")
    parser.add_argument(
        "--startup-runs", type=int, help=f"`mlrole ask` runs (default: {defaults.startup_runs})"
    )
    parser.add_argument(
        "--matcher-repeats",
        type=int,
        help=f"passes over the questions, in {MATCHER_ROUNDS} rounds (default: {defaults.matcher_repeats})",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write every figure to PATH as JSON")
    args = parser.parse_args(argv)
    chosen: dict[str, Any] = dict(QUICK) if args.quick else {}
    given = {
        "questions": args.questions,
        "loadgen": args.loadgen,
        "concurrencies": tuple(args.concurrency) if args.concurrency else None,
        "rounds": args.rounds,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "max_requests": args.max_requests,
        "wrk_threads": args.wrk_threads,
        "startup_runs": args.startup_runs,
        "matcher_repeats": args.matcher_repeats,
        "json_path": args.json,
    }
    chosen.update({name: value for name, value in given.items() if value is not None})
    for name in ("rounds", "startup_runs", "matcher_repeats", "wrk_threads"):
        if name in chosen and chosen[name] < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if any(concurrency < 1 for concurrency in chosen.get("concurrencies", ())):
        parser.error("--concurrency must be at least 1")
    return Options(**chosen)


def measure_matcher(questions: Sequence[str], *, repeats: int) -> MatcherFigures:
    """`run_matcher_bench` in rounds, on one loaded knowledge base; the median of each figure."""
    kb = load_bundled()
    rounds = min(MATCHER_ROUNDS, repeats)
    results = [run_matcher_bench(questions, max(1, repeats // rounds), kb=kb) for _ in range(rounds)]
    return MatcherFigures(
        questions=len(questions),
        per_second=statistics.median(r.per_second for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    try:
        questions = load_questions(options.questions)
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        print(f"benchmarks: cannot read the questions from {options.questions}: {error!r}", file=sys.stderr)
        return 2
    try:
        tool = choose_tool(options.loadgen)
    except RuntimeError as error:
        print(f"benchmarks: {error}", file=sys.stderr)
        return 2
    machine = describe_machine()
    load_before = _load_average()
    print(f"Machine: {machine.describe()}", file=sys.stderr)
    print(f"Matcher: {len(questions)} questions x {options.matcher_repeats} ...", file=sys.stderr)
    matcher = measure_matcher(questions, repeats=options.matcher_repeats)
    print(f"`mlrole ask` start-up: {options.startup_runs} runs ...", file=sys.stderr)
    try:
        startup = measure_startup(options.startup_runs)
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        print(f"benchmarks: `mlrole ask` failed: {error}\n{detail.decode(errors='replace')}", file=sys.stderr)
        return 1
    print(
        f"HTTP: {tool}, concurrency {' and '.join(map(str, options.concurrencies))}, {options.rounds} x "
        f"{options.duration_s:g} s per server, alternating ...",
        file=sys.stderr,
    )
    http_options = HttpOptions(
        tool=tool,
        concurrencies=options.concurrencies,
        rounds=options.rounds,
        duration_s=options.duration_s,
        warmup_s=options.warmup_s,
        max_requests=options.max_requests,
        wrk_threads=options.wrk_threads,
    )
    try:
        http = asyncio.run(run_http(http_options, questions))
    except (BenchmarkInvalid, procs.ProcessFailed) as error:
        print(f"benchmarks: the HTTP run is invalid: {error}", file=sys.stderr)
        return 1
    load_after = _load_average()
    load_tool = tool_version(tool)
    if tool == "wrk":
        load_tool += f" ({options.wrk_threads} thread{'s' if options.wrk_threads != 1 else ''})"
    print(
        render(
            machine=machine,
            matcher=matcher,
            startup=startup,
            http=http,
            load_tool=load_tool,
            rounds=options.rounds,
            duration_s=options.duration_s,
            matcher_passes=options.matcher_repeats,
            matcher_rounds=min(MATCHER_ROUNDS, options.matcher_repeats),
            load_average=None if load_before is None or load_after is None else (load_before, load_after),
        )
    )
    if options.json_path is not None:
        options.json_path.write_text(
            json.dumps(_document(options, machine, matcher, startup, http), indent=2, default=str),
            encoding="utf-8",
        )
    return 0


def _load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def _document(
    options: Options,
    machine: Machine,
    matcher: MatcherFigures,
    startup: StartupFigures,
    http: Sequence[HttpResult],
) -> dict[str, Any]:
    return {
        "options": asdict(options),
        "machine": asdict(machine),
        "matcher": asdict(matcher),
        "startup": asdict(startup),
        "http": [_http_document(result) for result in http],
    }


def _http_document(http: HttpResult) -> dict[str, Any]:
    servers = {
        server.name: {
            "rps": server.rps,
            "p50_ms": server.p50_ms,
            "p99_ms": server.p99_ms,
            "cpu_per_request_us": server.cpu_per_request_us,
            "cpu_share": server.cpu_share,
            "rounds": [
                {**asdict(r.load), "rps": r.load.rps, "server_cpu_s": r.server_cpu_s} for r in server.rounds
            ],
            "memory": asdict(server.memory),
        }
        for server in http.servers.values()
    }
    return {
        "tool": http.tool,
        "concurrency": http.concurrency,
        "throughput_ratio": http.throughput_ratio,
        "inline_ratio": http.inline_ratio,
        "log_ratio": http.log_ratio,
        "workers_ratio": http.workers_ratio,
        "p50_ratio": http.p50_ratio,
        "servers": servers,
    }


if __name__ == "__main__":
    sys.exit(main())
