"""Recommend a team in the terminal, as the bot would in Slack: `mlrole recommend size=startup people=5`.

The inputs are `KEY=VALUE` pairs; keys left out take their defaults, and the answer says what it assumed.
`--json` prints `{"recommendation": {...}, "message": {"text", "blocks"}}`: the recommendation as data and the
exact Slack message. An unknown key or value exits with status 2 and lists what is allowed; a knowledge base
that cannot be loaded or has no recommendation rules exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import Final

from bot.commands.knowledge_arg import add_knowledge_argument, load_knowledge
from bot.terminal import render
from handlers.blocks import build_recommendation
from handlers.ids import ACTIONS
from knowledge.recommend import InputError, RecommendError, parse_request, recommend, to_dict, usage

HELP: Final = "recommend a team (approach, roster, owners) from KEY=VALUE inputs, as the bot would in Slack"

EXIT_USAGE: Final = 2
EXIT_KNOWLEDGE: Final = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "inputs (any order, each optional):\n  " + usage().replace("\n", "\n  ")
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="KEY=VALUE",
        help="an input, e.g. size=startup people=5 production=yes labeling=heavy (see below)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the recommendation as data and the exact Slack message, as one JSON object",
    )
    add_knowledge_argument(parser, verb="recommend")


def run(args: argparse.Namespace) -> int:
    try:
        inputs, assumptions = parse_request(args.inputs)
    except InputError as exc:
        for problem in str(exc).splitlines():  # every bad input, each on its line
            print(f"mlrole recommend: {problem}", file=sys.stderr)
        print("Inputs (any order, each optional):\n  " + usage().replace("\n", "\n  "), file=sys.stderr)
        return EXIT_USAGE
    kb = load_knowledge(args.knowledge, command="recommend")
    if kb is None:
        return EXIT_KNOWLEDGE
    try:
        rec = recommend(inputs, kb, assumptions=assumptions)
    except RecommendError as exc:
        print(f"mlrole recommend: {exc}", file=sys.stderr)
        return EXIT_KNOWLEDGE
    message = build_recommendation(rec, kb, adjust_action_id=ACTIONS.adjust_recommendation)
    if args.json:
        payload = {
            "recommendation": to_dict(rec),
            "message": {"text": message["text"], "blocks": message["blocks"]},
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(render(message, width=shutil.get_terminal_size().columns))
    return 0
