"""`mlrole gaps [--days N] [--json]`: what people asked that the knowledge base could not answer.

Reads the question log at `MLROLE_DATABASE_URL`, as the bot does, and changes nothing in it. With no log there
yet (the bot never ran with this database) it says so and exits 0. `--json` prints the report as one JSON
object: `{"days", "questions", "unanswered", "unhelpful", "top"}` (see `handlers.gaps`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Final

from bot.questionlog.database import DatabaseUrlError, async_url, create_engine, shown, sqlite_file
from bot.questionlog.reading import read_report
from bot.settings import DATABASE_URL, Settings
from bot.startup import EXIT_CONFIG, load_settings
from handlers.gaps import DEFAULT_DAYS, EntryCount, GapsReport

HELP: Final = "report what people asked that the knowledge base could not answer (reads the question log)"
NO_LOG_YET: Final = "mlrole: no question log at {where} yet: nothing has been recorded ({setting})"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=_days, default=DEFAULT_DAYS, help=f"how many days back (default: {DEFAULT_DAYS})"
    )
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")


def _days(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError("a whole number of days, 1 or more")
    return int(raw)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, mode="offline")
    if settings is None:
        return EXIT_CONFIG
    return asyncio.run(report(settings, days=args.days, as_json=args.json))


async def report(settings: Settings, *, days: int, as_json: bool) -> int:
    try:
        url = async_url(settings.database_url)
    except DatabaseUrlError as exc:
        print(f"mlrole: {DATABASE_URL}: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    where = shown(url)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        print(NO_LOG_YET.format(where=path, setting=DATABASE_URL), file=sys.stderr)
        return 0
    engine = create_engine(url)
    try:
        found = await read_report(engine, days=days)
    except Exception as exc:
        print(f"mlrole: cannot read the question log at {where}: {type(exc).__name__}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    if found is None:
        print(NO_LOG_YET.format(where=where, setting=DATABASE_URL), file=sys.stderr)
        return 0
    print(json.dumps(found.to_json(), ensure_ascii=False) if as_json else render(found))
    return 0


def _entry(entry: EntryCount) -> str:
    return f"{entry.kind} {entry.id}" if entry.id else entry.kind


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(report: GapsReport) -> str:
    """The report for a terminal: every item of every list."""
    lines = [f"{report.questions} questions in the last {report.days} days", ""]
    lines.append(f"Unanswered ({_count(len(report.unanswered), 'topic')}): add aliases or entries")
    for group in report.unanswered:
        people = "person" if group.askers == 1 else "people"
        lines.append(f"  {group.count:>4}x  {group.question!r}  ({group.askers} {people})")
        lines += [f"         also {example!r}" for example in group.examples if example != group.question]
    lines += ["", f'Marked "Not helpful" ({_count(len(report.unhelpful), "answer")})']
    for entry in report.unhelpful:
        lines.append(f"  {entry.count:>4}x  {_entry(entry)}")
        lines += [f"         asked as {example!r}" for example in entry.examples]
    lines += ["", f"Most asked ({_count(len(report.top), 'answer')})"]
    lines += [f"  {entry.count:>4}x  {_entry(entry)}" for entry in report.top]
    return "\n".join(lines)
