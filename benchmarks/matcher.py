"""Matcher latency over the dev questions, and the start-up time of `mlrole ask`.

    python -m benchmarks.matcher [--repeat 200] [--runs 7] [--questions PATH]

Prints the figures; `run_matcher_bench` and `measure_startup` return them (as `benchmarks.report`'s
`MatcherFigures` / `StartupFigures`) for a combined benchmark run. Machines are shared and noisy: quote the
medians and ratios of one run, never use these as pass/fail test timings.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import yaml

from benchmarks.procs import ROOT, child_env, mlrole_command
from benchmarks.report import MATCHER_P99_MS, MatcherFigures, StartupFigures
from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase
from knowledge.match import match, prepare

DEV_QUESTIONS: Final = ROOT.parent / "shared" / "eval" / "dev-questions.yaml"
FALLBACK_QUESTIONS: Final = (
    "who owns deployment?",
    "labeller",
    "what does a data engineer do all day?",
    "who tags the training examples",
    "scientists+SWE or ML engineers?",
    "help me staff a new ML team",
    "is the vpn down",
    "engineer",
)
"""Used when the shared dev set is not beside the repository."""
STARTUP_QUESTION: Final = "who owns deployment?"
STARTUP_TIMEOUT_S: Final = 60.0


def load_questions(path: Path = DEV_QUESTIONS) -> list[str]:
    """The dev set's questions, or a small built-in set if the file is absent."""
    if not path.is_file():
        return list(FALLBACK_QUESTIONS)
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [str(item["q"]) for item in items]


def run_matcher_bench(
    questions: Sequence[str], repeat: int = 200, *, kb: KnowledgeBase | None = None
) -> MatcherFigures:
    """Match every question `repeat` times, in process, after one warm-up pass (index built, spelling
    corrections cached: the steady state of a running bot). Latency is per `match` call."""
    if not questions:
        raise ValueError("no questions to match")
    kb = kb or load_bundled()
    prepare(kb)
    for question in questions:
        match(question, kb)
    timings: list[int] = []
    clock = time.perf_counter_ns
    started = clock()
    for _ in range(repeat):
        for question in questions:
            before = clock()
            match(question, kb)
            timings.append(clock() - before)
    elapsed_s = (clock() - started) / 1e9
    timings.sort()
    return MatcherFigures(
        questions=len(questions),
        per_second=len(timings) / elapsed_s,
        p50_ms=statistics.median(timings) / 1e6,
        p99_ms=timings[min(len(timings) - 1, int(len(timings) * 0.99))] / 1e6,
    )


def measure_startup(runs: int = 7, question: str = STARTUP_QUESTION) -> StartupFigures:
    """Wall time of whole `mlrole ask "<question>"` processes (interpreter start, imports, loading the
    bundled knowledge base, matching, rendering); the median of `runs`, after one unmeasured run."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    command = [*mlrole_command(), "ask", question]
    env = child_env()
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=STARTUP_TIMEOUT_S)
    times_ms: list[float] = []
    for _ in range(runs):
        before = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True, check=True, timeout=STARTUP_TIMEOUT_S)
        times_ms.append((time.perf_counter() - before) * 1000)
    return StartupFigures(runs=runs, median_ms=statistics.median(times_ms))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matcher", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="passes over the questions (default 200)")
    parser.add_argument("--runs", type=int, default=7, help="`mlrole ask` processes to time (default 7)")
    parser.add_argument("--questions", type=Path, default=DEV_QUESTIONS, help="a dev-questions YAML file")
    args = parser.parse_args(argv)
    questions = load_questions(args.questions)
    figures = run_matcher_bench(questions, args.repeat)
    startup = measure_startup(args.runs)
    met = "met" if figures.p99_ms < MATCHER_P99_MS else "MISSED"
    print(f"matcher: {figures.questions} questions x {args.repeat}")
    print(
        f"  p50 {figures.p50_ms:.3f} ms, p99 {figures.p99_ms:.3f} ms "
        f"(target p99 < {MATCHER_P99_MS:g} ms: {met})"
    )
    print(f"  {figures.per_second:,.0f} questions/s")
    print(
        f'`mlrole ask "{STARTUP_QUESTION}"` start-up: median {startup.median_ms:.0f} ms '
        f"of {startup.runs} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
