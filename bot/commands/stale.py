"""List the `org.yaml` mappings due for review: `mlrole stale [--knowledge PATH] [--json]`.

A mapping is stale when its `reviewed` date is more than `MLROLE_REVIEW_DAYS` (default 180) days old. The
text output is the message `/mlrole stale` sends in Slack, drawn for a terminal; `--json` prints
`{"stale": [{"for", "reviewed", "days"}]}`, oldest first. Exits 0 either way (1 when the knowledge base
cannot be used, 2 for a bad `MLROLE_REVIEW_DAYS`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from datetime import UTC, datetime
from typing import Final

from bot.commands.knowledge_arg import add_knowledge_argument, load_knowledge
from bot.settings import ConfigError, Settings
from bot.terminal import render
from handlers.blocks.org import build_stale
from knowledge.base.org import stale

EXIT_BAD_SETTING: Final = 2
HELP: Final = "list the org.yaml mappings not reviewed for longer than MLROLE_REVIEW_DAYS (default 180)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help='print {"stale": [{"for", "reviewed", "days"}]}, oldest first'
    )
    add_knowledge_argument(parser, verb="check the review dates of")


def run(args: argparse.Namespace) -> int:
    try:
        days = Settings.from_env(os.environ, mode="offline").review_days
    except ConfigError as exc:
        print(f"mlrole stale: {exc}", file=sys.stderr)
        return EXIT_BAD_SETTING
    kb = load_knowledge(args.knowledge, command="stale")
    if kb is None:
        return 1
    today = datetime.now(UTC).date()
    found = stale(kb.org, today=today, max_age_days=days)
    if args.json:
        rows = [{"for": s.target, "reviewed": s.reviewed.isoformat(), "days": s.days} for s in found]
        print(json.dumps({"stale": rows}, ensure_ascii=False))
    else:
        message = build_stale(found, max_age_days=days, today=today)
        print(render(message, width=shutil.get_terminal_size().columns))
    return 0
