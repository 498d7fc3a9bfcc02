"""`/mlrole gaps [days]`: an admin reads the gaps report in Slack (who may: as for `/mlrole reload`).

The ack says "Reading the question log…" (or why the days cannot be read); then, as a lazy listener
(`handlers.lazy`), the person is checked (`MLROLE_ADMINS`, or `users.info` for workspace admins and owners),
the log is read (a database query), and the report (or the refusal) follows through the command's
`response_url`. So neither a slow `users.info` nor a slow database delays the ack.
"""

from __future__ import annotations

from typing import Final

from handlers.blocks import Message, build_notice
from handlers.blocks.gaps import build_gaps_report
from handlers.command_request import CommandRequest
from handlers.gaps import DEFAULT_DAYS
from handlers.question_log import ReportUnavailable

NAME: Final = "gaps"
MAX_DAYS: Final = 3650
ACTION: Final = "read the gaps report"
BAD_DAYS: Final = "Give the number of days as a whole number from 1 to {most}, e.g. `{command} gaps 7`."
READING: Final = "Reading the question log…"
OFFLINE: Final = "mlrole gaps --days {days}"


def parse_days(text: str) -> int | None:
    """The window in days: empty means `DEFAULT_DAYS`; None for anything but a whole number in range."""
    text = text.strip()
    if not text:
        return DEFAULT_DAYS
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_DAYS:
        return None
    return int(text)


async def acknowledge_gaps(request: CommandRequest) -> Message:
    """The ack: "Reading the question log…" (the follow-up does the work), or why the days are wrong."""
    if parse_days(request.args) is None:
        return build_notice(BAD_DAYS.format(most=MAX_DAYS, command=request.ids.command))
    return build_notice(READING)


async def show_gaps(request: CommandRequest) -> Message | None:
    """After the ack: check the admin, read the log, and return the report for the `response_url`."""
    deps = request.deps
    days = parse_days(request.args)
    if days is None:
        return None  # the ack said why
    refusal = await request.refusal_unless_admin(ACTION)
    if refusal is not None:
        return refusal
    try:
        report = await deps.questions.report(days=days)
    except ReportUnavailable as exc:
        return build_notice(str(exc))
    return build_gaps_report(report, offline_command=OFFLINE.format(days=days))
