"""The gaps report as one Slack message: the first `MAX_LISTED` of each list, and where to get the rest."""

from __future__ import annotations

from typing import Final

from handlers.blocks.core import BULLET, Block, Message, _context, _header, _message, _packed_sections, escape
from handlers.gaps import EntryCount, GapsReport, UnansweredGroup

MAX_LISTED: Final = 10
"""Items of each list shown in Slack; `mlrole gaps` prints them all."""
MAX_QUOTED: Final = 150
"""Characters of a person's question quoted in the report."""


def _quoted(text: str) -> str:
    short = text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 1] + "…"
    return f"“{escape(' '.join(short.split()))}”"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _unanswered_line(group: UnansweredGroup) -> str:
    others = [_quoted(e) for e in group.examples if e != group.question]
    alike = f" (also: {', '.join(others)})" if others else ""
    return f"{BULLET} {_quoted(group.question)}: {group.count}x, {_people(group.askers)}{alike}"


def _entry(entry: EntryCount) -> str:
    return f"{escape(entry.kind)} `{escape(entry.id)}`" if entry.id else escape(entry.kind)


def _unhelpful_line(entry: EntryCount) -> str:
    asked = f" (asked as {', '.join(_quoted(e) for e in entry.examples)})" if entry.examples else ""
    return f"{BULLET} {_entry(entry)}: {entry.count}x{asked}"


def _top_line(entry: EntryCount) -> str:
    return f"{BULLET} {_entry(entry)}: {entry.count}x"


def _listed(title: str, lines: list[str], total: int) -> list[Block]:
    if not lines:
        return _packed_sections(title, ["_none_"])
    more = [f"…and {total - len(lines)} more"] if total > len(lines) else []
    return _packed_sections(title, [*lines, *more])


def build_gaps_report(report: GapsReport, *, offline_command: str) -> Message:
    """The report for Slack. `offline_command` is how to print the whole of it where the bot runs."""
    days = "day" if report.days == 1 else f"{report.days} days"
    blocks = [
        _header(f"Knowledge-base gaps, last {days}"),
        *_packed_sections(
            f"{report.questions} questions asked",
            [f"{len(report.unanswered)} unanswered topics, {len(report.unhelpful)} answers marked unhelpful"],
        ),
        *_listed(
            "Unanswered (add aliases or entries)",
            [_unanswered_line(g) for g in report.unanswered[:MAX_LISTED]],
            len(report.unanswered),
        ),
        *_listed(
            "Marked “Not helpful”",
            [_unhelpful_line(e) for e in report.unhelpful[:MAX_LISTED]],
            len(report.unhelpful),
        ),
        *_listed("Most asked", [_top_line(e) for e in report.top[:MAX_LISTED]], len(report.top)),
        _context(
            [f"The whole report: `{escape(offline_command)}` where the bot runs (`--json` for a file)."]
        ),
    ]
    text = (
        f"Knowledge-base gaps, last {days}: {report.questions} questions, "
        f"{len(report.unanswered)} unanswered topics, {len(report.unhelpful)} answers marked unhelpful."
    )
    return _message(text, blocks)
