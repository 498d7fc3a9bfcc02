"""Score the bot on a file of labelled questions: `mlrole eval QUESTIONS.yaml [--show-misses] [--json]
[--min PERCENT] [--knowledge PATH]`.

The file is a YAML list of `{q: question, expect: answer}` items, as in the shared dev set: `expect` is a
role, approach or task id, or one of compare, recommend, help, none (a list: any of them). Prints the
accuracy overall and per expected kind; exits 1 when it is under `--min`, or when the file cannot be read,
so an organization can run its own question file in CI.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Final

from bot.commands.knowledge_arg import add_knowledge_argument, load_knowledge
from knowledge.match.evaluation import QuestionFileError, Report, evaluate, load_questions, unknown_ids

HELP: Final = "score the answers on a file of labelled questions (the format of the shared dev set)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("questions", metavar="QUESTIONS.yaml", help="a YAML list of {q: ..., expect: ...}")
    parser.add_argument("--show-misses", action="store_true", help="list every question answered wrong")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument(
        "--min",
        type=float,
        metavar="PERCENT",
        default=None,
        help="exit with status 1 when the overall accuracy is under PERCENT (0-100)",
    )
    add_knowledge_argument(parser, verb="answer")


def run(args: argparse.Namespace) -> int:
    if args.min is not None and not 0 <= args.min <= 100:
        print(f"mlrole eval: --min must be a percentage from 0 to 100, not {args.min}", file=sys.stderr)
        return 2
    kb = load_knowledge(args.knowledge, command="eval")
    if kb is None:
        return 1
    try:
        questions = load_questions(Path(args.questions))
    except QuestionFileError as exc:
        print(f"mlrole eval: {exc}", file=sys.stderr)
        return 1
    for answer in unknown_ids(questions, kb):
        print(f"mlrole eval: warning: {answer!r} is no id of the knowledge base nor a kind", file=sys.stderr)
    report = evaluate(questions, kb)
    if args.json:
        print(json.dumps(as_dict(report), ensure_ascii=False))
    else:
        print(as_text(report, show_misses=args.show_misses))
    if args.min is not None and report.accuracy * 100 < args.min:
        if not args.json:
            print(f"FAIL: {report.accuracy:.1%} is under --min {args.min:g}%")
        return 1
    return 0


def as_text(report: Report, *, show_misses: bool) -> str:
    total = len(report.results)
    lines = [f"{report.accuracy:.1%} right ({report.right}/{total})"]
    for kind, (right, count) in report.by_kind().items():
        lines.append(f"  {kind:<10} {right / count:6.1%} ({right}/{count})")
    if show_misses and report.misses:
        lines.append("misses:")
        for miss in report.misses:
            found = miss.found
            got = f"{found.kind} {found.id}" if found.id else found.kind
            if found.alternatives:
                got += f" (did you mean {', '.join(found.alternatives)})"
            lines.append(f"  {miss.question.q!r}: expected {' or '.join(miss.question.expect)}, got {got}")
    return "\n".join(lines)


def as_dict(report: Report) -> dict[str, Any]:
    return {
        "accuracy": round(report.accuracy, 4),
        "right": report.right,
        "total": len(report.results),
        "by_kind": {
            kind: {"right": right, "total": count, "accuracy": round(right / count, 4)}
            for kind, (right, count) in report.by_kind().items()
        },
        "misses": [
            {
                "q": miss.question.q,
                "expect": list(miss.question.expect),
                "kind": miss.found.kind,
                "id": miss.found.id,
                "alternatives": list(miss.found.alternatives),
            }
            for miss in report.misses
        ],
    }
