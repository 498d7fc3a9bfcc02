"""Answer questions in the terminal, exactly as the bot would in Slack: `mlrole ask "who owns deployment?"`.

Each argument is one question; with none, questions are read from stdin, one per line. The answers come from
the same pipeline the Slack handlers use (`handlers.pipeline.answer`): the text output is that message drawn
for a terminal, and `--json` prints the match and the exact Slack payload, one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterable, Iterator
from importlib import import_module
from typing import Any, Final, TextIO

from bot.commands.knowledge_arg import add_knowledge_argument, load_knowledge
from bot.terminal import render
from handlers.blocks import Message, build_roles_list, build_usage
from handlers.blocks.org import mapping_for
from handlers.ids import COMMAND
from handlers.pipeline import answer
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match

HELP: Final = "answer questions from the knowledge base, as the bot would in Slack"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "questions",
        nargs="*",
        metavar="QUESTION",
        help="a question; each argument is one question (none: read one question per line from stdin)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per question, one per line: the match and the exact Slack message",
    )
    add_knowledge_argument(parser, verb="answer")


def run(args: argparse.Namespace) -> int:
    kb = load_knowledge(args.knowledge, command="ask")
    if kb is None:
        return 1
    from_stdin = not args.questions
    questions: Iterable[str] = _lines(sys.stdin) if from_stdin else args.questions
    width = shutil.get_terminal_size().columns
    for count, question in enumerate(questions):
        found, message = slack_reply(question, kb)
        if args.json:
            printed = record(question, found, message)
            if found is not None:
                printed["match"]["contacts"] = contacts(found, kb)
            print(json.dumps(printed, ensure_ascii=False))
        else:
            if count:
                print()
            if from_stdin or len(args.questions) > 1:
                print(f"> {question}\n")
            print(render(message, width=width))
        sys.stdout.flush()  # one answer per question as it comes, also through a pipe
    return 0


def slack_reply(question: str, kb: KnowledgeBase) -> tuple[Match | None, Message]:
    """What `/mlrole QUESTION` shows in Slack: `roles` and `help` alone are the slash command's subcommands
    (no match: the message is the list or the usage), anything else the pipeline's answer."""
    word = question.strip().lower()
    if word == "roles":
        return None, build_roles_list(kb)
    if word == "help":
        # The command table pulls in Bolt: imported only when asked for, like the CLI's subcommands.
        commands = import_module("handlers.commands")
        return None, build_usage(COMMAND, commands.usages(), kb)
    return answer(question, kb)


def record(question: str, found: Match | None, message: Message) -> dict[str, Any]:
    """The answer `--json` prints for one question (the pinned answers digest it): the match (null for `roles`
    and `help`) and the message. `run` adds `match.contacts`, which comes from the organization, not the
    answer."""
    return {
        "query": question,
        "match": None
        if found is None
        else {
            "kind": found.kind,
            "id": found.id,
            "owners": list(found.owners),
            "score": float(found.score),
            "alternatives": list(found.alternatives),
            "ids": list(found.ids),
        },
        "message": {"text": message["text"], "blocks": message["blocks"]},
    }


def contacts(found: Match, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """`match.contacts`: who answers for the matched role or task in this organization (`org.yaml`), as
    `[{"for", "group", "channel", "contacts"}]` with Slack ids; empty without a mapping."""
    mapping = mapping_for(kb.entry(found.id), kb) if found.id is not None else None
    if mapping is None:
        return []
    return [
        {
            "for": mapping.target,
            "group": mapping.group,
            "channel": mapping.channel,
            "contacts": list(mapping.contacts),
        }
    ]


def _lines(stream: TextIO) -> Iterator[str]:
    """Non-blank lines, stripped, read one at a time so each is answered as soon as it is typed."""
    for line in stream:
        if line.strip():
            yield line.strip()
