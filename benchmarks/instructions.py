"""Instructions, not seconds: what a request costs each server, counted by valgrind's callgrind.

Timings on a shared machine move with the neighbours' load; instruction counts do not: the same code, inputs
and hash seed give the same count run after run, whatever else the machine is doing. So this is the figure
to compare before and after a change to the matcher or the handlers (it does not see cache misses, which
the HTTP benchmark's CPU time does).

Each figure is the difference between two runs of one driver, with few and with many requests (or matcher
passes), divided by the difference: start-up and warm-up cancel out. The drivers dispatch signed slash
commands to the app in process (`app.async_dispatch`, as the server does, without the HTTP layer, which is
the same for every app): bare Bolt (acking inline, as mlrole does, so that the two differ only in what mlrole
adds), mlrole with its answers memoized (`benchmarks.memoized`), and mlrole.

    python -m benchmarks.instructions          # about two minutes on 2 cores; needs valgrind
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from benchmarks import fake_slack
from benchmarks.bare_bolt import create_bare_app
from benchmarks.matcher import load_questions
from benchmarks.memoized import memoize_answers
from benchmarks.slack_requests import signed_slash_commands
from bot.app import create_app
from bot.questionlog.database import async_url, create_engine
from bot.questionlog.recorder import SqlQuestionLog
from bot.settings import Settings
from knowledge.base.loader import load_bundled
from knowledge.base.store import KnowledgeStore
from knowledge.match import match

BARE: Final = "bare"
MEMOIZED: Final = "memoized"
MLROLE: Final = "mlrole"
LOGGED: Final = "logged"
MATCH: Final = "match"
APPS: Final = (BARE, MEMOIZED, MLROLE, LOGGED)
LABELS: Final = {
    BARE: "bare Bolt",
    MEMOIZED: "mlrole, answers memoized",
    MLROLE: "mlrole",
    LOGGED: "mlrole, question log on (SQLite)",
}
CONCURRENCY: Final = 32
SECRET: Final = "instructions-benchmark-signing-secret"
_COLLECTED: Final = re.compile(r"Collected\s*:\s*(\d+)")
CALLGRIND: Final = ("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null")
"""What runs a driver and prints its instruction count (`==pid== Collected : N`) on stderr."""


# --- the drivers: run in a process of their own, under valgrind ------------------------------------------


async def drive_dispatch(app_name: str, requests: int) -> None:
    """Warm `app_name` up on every dev question twice, then dispatch `requests` more, `CONCURRENCY` at a
    time."""
    with tempfile.TemporaryDirectory(prefix="mlrole-instructions-") as workdir:
        await _drive_dispatch(app_name, requests, workdir=Path(workdir))


async def _drive_dispatch(app_name: str, requests: int, *, workdir: Path) -> None:
    fake = web.AppRunner(fake_slack.build_app(), access_log=None)
    await fake.setup()
    site = web.TCPSite(fake, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{fake.addresses[0][1]}"
    try:
        settings = Settings.from_env(
            {
                "SLACK_BOT_TOKEN": "xoxb-instructions",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": base + fake_slack.API_PATH,
            },
            mode="http",
        )
        log = await _question_log(app_name, workdir)
        app = _app(app_name, settings, log)
        signed = signed_slash_commands(
            load_questions(), secret=SECRET, response_url=base + fake_slack.RESPONSE_PATH
        )

        async def dispatch(count: int) -> None:
            slots = asyncio.Semaphore(CONCURRENCY)

            async def one(i: int) -> None:
                request = signed[i % len(signed)]
                async with slots:
                    response = await app.async_dispatch(
                        AsyncBoltRequest(body=request.body, headers=dict(request.headers))
                    )
                    await to_aiohttp_response(response)

            await asyncio.gather(*(one(i) for i in range(count)))

        await dispatch(2 * len(signed))
        if log is not None:
            await log.flushed()
        _settle()
        await dispatch(requests)
        if log is not None:
            await log.close()  # writes what is still buffered: counted too
    finally:
        await fake.cleanup()


async def _question_log(name: str, workdir: Path) -> SqlQuestionLog | None:
    """For `LOGGED`, the question log `mlrole serve` opens, in a SQLite file of its own."""
    if name != LOGGED:
        return None
    engine = create_engine(async_url(f"sqlite:///{workdir / 'mlrole.db'}"))
    log = SqlQuestionLog(engine, secret=SECRET, retention_days=90, logger=logging.getLogger("mlrole"))
    await log.prepare()
    return log


def _app(name: str, settings: Settings, log: SqlQuestionLog | None) -> AsyncApp:
    if name == BARE:
        return create_bare_app(settings, process_before_response=True)
    if name == MEMOIZED:
        memoize_answers()
    return create_app(settings, KnowledgeStore(load_bundled()), questions=log)


def drive_match(passes: int) -> None:
    """Match every dev question once to warm up, then `passes` more times."""
    kb = load_bundled()
    questions = load_questions()
    for question in questions:
        match(question, kb)
    _settle()
    for _ in range(passes):
        for question in questions:
            match(question, kb)


def _settle() -> None:
    """A full collection now, and nothing collected later but what the measured part allocates: otherwise a
    collection of the start-up's objects lands at a random point of the measured part."""
    gc.collect()
    gc.freeze()


# --- counting ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    per_request: dict[str, float]
    """App -> instructions per slash command."""
    per_question: float
    """Instructions per `match()` of a dev question."""
    questions: int


def parse_collected(output: str) -> int:
    """The total callgrind prints (`==pid== Collected : N`)."""
    found = _COLLECTED.search(output)
    if found is None:
        raise RuntimeError(f"callgrind printed no count:\n{output[-2000:]}")
    return int(found.group(1))


def count(mode: str, n: int, *, runner: Sequence[str] = CALLGRIND) -> int:
    """Instructions of one driver run, under `runner` (callgrind), with a fixed hash seed."""
    command = [*runner, sys.executable, "-m", "benchmarks.instructions", "--drive", mode, "--count", str(n)]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed under {runner[0]}:\n{done.stderr[-2000:]}")
    return parse_collected(done.stderr)


def measure(*, requests: int, passes: int, runner: Sequence[str] = CALLGRIND) -> Counts:
    """Every driver with few and with many requests (or passes), as many runs at a time as there are CPUs
    (a count does not depend on what else runs)."""
    few = max(1, requests // 10)
    runs = [(app, n) for app in APPS for n in (few, few + requests)] + [(MATCH, 1), (MATCH, 1 + passes)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        totals = dict(zip(runs, pool.map(lambda run: count(*run, runner=runner), runs), strict=True))
    per_request = {app: (totals[app, few + requests] - totals[app, few]) / requests for app in APPS}
    per_pass = (totals[MATCH, 1 + passes] - totals[MATCH, 1]) / passes
    questions = len(load_questions())
    return Counts(per_request, per_pass / questions, questions)


def render(counts: Counts, *, requests: int) -> str:
    bare = counts.per_request[BARE]
    lines = [
        "| In process, no HTTP | Instructions per request | / bare Bolt |",
        "|---|---|---|",
        *(
            f"| {LABELS[app]} | {cost / 1e6:.2f} M | {cost / bare:.2f} |"
            for app, cost in counts.per_request.items()
        ),
        f"| mlrole's wiring (memoized - bare Bolt) | {(counts.per_request[MEMOIZED] - bare) / 1e6:.2f} M | |",
        f"| mlrole's answers (mlrole - memoized) | "
        f"{(counts.per_request[MLROLE] - counts.per_request[MEMOIZED]) / 1e6:.2f} M | |",
        f"| the question log (log on - mlrole) | "
        f"{(counts.per_request[LOGGED] - counts.per_request[MLROLE]) / 1e6:.2f} M "
        f"| {counts.per_request[LOGGED] / counts.per_request[MLROLE]:.2f} x mlrole |",
        f"| `match()`, per dev question ({counts.questions} questions) | "
        f"{counts.per_question / 1e3:.0f} k | |",
    ]
    note = (
        f"callgrind, PYTHONHASHSEED=0; {requests} signed `/mlrole <question>` slash commands per app, "
        f"concurrency {CONCURRENCY}, after a warm-up."
    )
    return "\n".join([*lines, "", note, ""])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="measured requests per app (default: 200)")
    parser.add_argument("--passes", type=int, default=10, help="measured matcher passes (default: 10)")
    parser.add_argument("--drive", choices=(*APPS, MATCH), help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive == MATCH:
        drive_match(args.count)
        return 0
    if args.drive is not None:
        asyncio.run(drive_dispatch(args.drive, args.count))
        return 0
    if args.requests < 1 or args.passes < 1:
        parser.error("--requests and --passes must be at least 1")
    if shutil.which("valgrind") is None:
        print(
            "benchmarks: valgrind is not installed (Debian/Ubuntu: apt-get install valgrind)", file=sys.stderr
        )
        return 2
    print(render(measure(requests=args.requests, passes=args.passes), requests=args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
