"""How mlrole grows with its knowledge base: the bundled one, then 250, 2,500 and 25,000 entries.

    python -m benchmarks.scale            # up to 25,000 entries: about 5 minutes on 2 cores
    python -m benchmarks.scale --quick    # stops at 2,500

The sizes are the issue's (10x, 100x and 1000x the 25 entries the bundled knowledge base had when it was
written). For each size, a knowledge base is generated (`benchmarks.kb_gen`: deterministic, seeded) and
measured: `mlrole check` on it (a whole process), the matcher's index build, the latency of `match` over a
stream of questions that never repeats (so no cache stands in for the matcher), the peak RSS of an `mlrole
ask` process and its start-up (load, index, one answer). The last row is each column's growth exponent: the
slope of log(figure) over log(entries), so 1 is linear, 0 flat, 2 quadratic.

Times are CPU seconds (user + system) of the process, and per-question CPU time of the matching thread:
on a shared machine the wall clock measures the neighbours as much as mlrole. Figures are printed, never
asserted (`tests/benchmarks/test_scale.py` runs the code paths at tiny sizes).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from benchmarks import kb_gen
from benchmarks.matcher import load_questions
from benchmarks.procs import child_env, mlrole_command
from knowledge.base.loader import load_path
from knowledge.base.model import Entry, KnowledgeBase
from knowledge.match import match, prepare
from knowledge.match.index import Index

SIZES: Final = (0, 250, 2_500, 25_000)
"""Entries; 0 is the bundled knowledge base as it is."""
QUICK_SIZES: Final = SIZES[:3]
QUESTIONS: Final = 2_000
SEED: Final = 14
STARTUP_QUESTION: Final = "who owns deployment?"
CHILD_TIMEOUT_S: Final = 600.0
TEMPLATES: Final = (
    "who owns {}?",
    "who does {}",
    "what does a {} do?",
    "{}",
    "who is responsible for {} at a startup",
    "is {} part of the team",
    "{} or {}?",
    "who handles {} and {}",
)
OUT_OF_SCOPE: Final = (
    "how do I change my password",
    "is the cafeteria open",
    "where is the parking lot",
    "when is the next holiday",
    "who pays for lunch on fridays",
)


@dataclass(frozen=True, slots=True)
class Row:
    entries: int
    check_s: float
    build_s: float
    p50_ms: float
    p99_ms: float
    peak_mb: float
    startup_s: float


@dataclass(frozen=True, slots=True)
class Child:
    """What one finished process cost."""

    wall_s: float
    cpu_s: float
    peak_mb: float


PEAK_FILE_SETTING: Final = "MLROLE_BENCH_PEAK_FILE"
MLROLE_REPORTING_PEAK: Final = (
    "import atexit, os, sys\n"
    "def _peak():\n"
    "    with open('/proc/self/status') as lines, open(os.environ['"
    + PEAK_FILE_SETTING
    + "'], 'w') as out:\n"
    "        out.write(next(line for line in lines if line.startswith('VmHWM:')).split()[1])\n"
    "if os.path.exists('/proc/self/status'):\n"
    "    atexit.register(_peak)\n"
    "from bot.cli import main\n"
    "sys.argv[0] = 'mlrole'\n"
    "sys.exit(main())\n"
)
"""The `mlrole` CLI, writing its own peak RSS (`VmHWM`, kB) to a file as it exits. `wait4`'s `ru_maxrss`
would not do: Linux folds the parent's resident set at the fork into the child's, and this process holds
a whole knowledge base and its index by then."""


def mlrole_reporting_peak() -> list[str]:
    return [sys.executable, "-c", MLROLE_REPORTING_PEAK]


def run_child(command: Sequence[str]) -> Child:
    """Run a command to its end; its wall time, CPU time (user + system) and peak RSS (what it reports
    through `PEAK_FILE_SETTING`, 0 if nothing)."""
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile("r") as peak:
        env = child_env({PEAK_FILE_SETTING: peak.name})
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            detail = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {detail}")
        reported = peak.read().strip()
    return Child(wall, usage.ru_utime + usage.ru_stime, int(reported) / 1024 if reported else 0.0)


def questions(kb: KnowledgeBase, count: int, *, seed: int = SEED) -> list[str]:
    """`count` distinct questions about the knowledge base's entries (names, aliases, keywords, in a few
    shapes), the dev set's and some out of scope, shuffled; deterministic for a seed."""
    rng = random.Random(seed)
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    phrases = sorted({text for entry in entries for text in (entry.name, *entry.aliases, *entry.keywords)})
    found: dict[str, None] = dict.fromkeys([*load_questions(), *OUT_OF_SCOPE])
    attempts = 0
    while len(found) < count and attempts < count * 20:
        attempts += 1
        template = rng.choice(TEMPLATES)
        found[template.format(*rng.sample(phrases, k=template.count("{}")))] = None
    chosen = list(found)[:count]
    rng.shuffle(chosen)
    return chosen


def match_latency(kb: KnowledgeBase, asked: Sequence[str]) -> tuple[float, float]:
    """p50 and p99 of the CPU time of one `match` (milliseconds), each question asked once, after a warm-up
    on other questions (the index built, the interpreter warm)."""
    prepare(kb)
    for question in OUT_OF_SCOPE:
        match(question + " please", kb)
    clock = time.thread_time_ns
    timings: list[int] = []
    for question in asked:
        before = clock()
        match(question, kb)
        timings.append(clock() - before)
    timings.sort()
    return statistics.median(timings) / 1e6, timings[min(len(timings) - 1, int(len(timings) * 0.99))] / 1e6


def build_time(kb: KnowledgeBase, runs: int) -> float:
    """The median CPU time of building the matcher's index (a fresh one each run)."""
    times: list[float] = []
    for _ in range(runs):
        before = time.process_time()
        Index(kb)
        times.append(time.process_time() - before)
    return statistics.median(times)


def measure(size: int, workdir: Path, *, question_count: int = QUESTIONS, runs: int = 3) -> Row:
    """`size` entries (0: the bundled knowledge base)."""
    entries = size or kb_gen.entry_count(kb_gen.bundled_files())
    directory = kb_gen.write(entries, workdir / str(entries))
    runs = runs if entries < 10_000 else 1
    check = statistics.median(
        run_child([*mlrole_command(), "check", str(directory)]).cpu_s for _ in range(runs)
    )
    kb = load_path(directory)
    entries = len(kb.roles) + len(kb.approaches) + len(kb.tasks)
    build = build_time(kb, runs)
    p50, p99 = match_latency(kb, questions(kb, question_count))
    ask = [*mlrole_reporting_peak(), "ask", "--knowledge", str(directory), STARTUP_QUESTION]
    asked = [run_child(ask) for _ in range(runs)]
    return Row(
        entries=entries,
        check_s=check,
        build_s=build,
        p50_ms=p50,
        p99_ms=p99,
        peak_mb=max(child.peak_mb for child in asked),
        startup_s=statistics.median(child.cpu_s for child in asked),
    )


def exponent(sizes: Sequence[float], values: Sequence[float]) -> float:
    """The least-squares slope of log(value) over log(size): how a figure grows with the size."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(value, 1e-9)) for value in values]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


COLUMNS: Final = (
    "entries",
    "`mlrole check` (CPU s)",
    "index build (CPU s)",
    "match p50 / p99 (CPU ms)",
    "peak RSS of `mlrole ask` (MB)",
    "`mlrole ask` start-up (CPU s)",
)


def render(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = (
            f"{row.entries:,}",
            f"{row.check_s:.2f}",
            f"{row.build_s:.3f}",
            f"{row.p50_ms:.3f} / {row.p99_ms:.3f}",
            f"{row.peak_mb:.0f}",
            f"{row.startup_s:.2f}",
        )
        lines.append("| " + " | ".join(cells) + " |")
    if len(rows) > 1:
        sizes = [row.entries for row in rows]

        def slope(values: Sequence[float]) -> str:
            return f"{exponent(sizes, values):.2f}"

        cells = (
            "growth exponent",
            slope([row.check_s for row in rows]),
            slope([row.build_s for row in rows]),
            f"{slope([row.p50_ms for row in rows])} / {slope([row.p99_ms for row in rows])}",
            slope([row.peak_mb for row in rows]),
            slope([row.startup_s for row in rows]),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at 2,500 entries")
    parser.add_argument("--questions", type=int, default=QUESTIONS, help="questions per size (default 2,000)")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES if args.quick else SIZES
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="mlrole-scale-") as workdir:
        for size in sizes:
            rows.append(measure(size, Path(workdir), question_count=args.questions))
            print(f"measured {rows[-1].entries:,} entries", file=sys.stderr, flush=True)
    load = os.getloadavg()[0]
    print(render(rows))
    print(f"\n{os.cpu_count()} cores, load average {load:.1f} at the end; seed {SEED}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
