"""`/mlrole gaps [days]`: an admin reads the gaps report in Slack (who may: as for `/mlrole reload`).

The report reads the question log (a database query); past `ACK_BUDGET_S` the command is acked with an
interim message and the report follows through the command's `response_url`, as a slow reload does.
"""

from __future__ import annotations

import asyncio
from typing import Final

from handlers.blocks import Message, build_notice
from handlers.blocks.gaps import build_gaps_report
from handlers.command_request import CommandRequest
from handlers.gaps import DEFAULT_DAYS
from handlers.question_log import ReportUnavailable
from handlers.reload import ACK_BUDGET_S, ADMINS_SETTING

NAME: Final = "gaps"
MAX_DAYS: Final = 3650
REFUSED: Final = (
    f"Sorry, only mlrole admins can read the gaps report: the people listed in {ADMINS_SETTING}, "
    "and the workspace's admins and owners."
)
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


async def show_gaps(request: CommandRequest) -> Message:
    deps = request.deps
    if not await deps.is_admin(request.user_id, request.client):
        deps.logger.warning("gaps report refused: user %s is not an admin", request.user_id)
        return build_notice(REFUSED)
    days = parse_days(request.args)
    if days is None:
        return build_notice(BAD_DAYS.format(most=MAX_DAYS, command=request.ids.command))
    reading = asyncio.create_task(deps.questions.report(days=days))
    try:
        done, _ = await asyncio.wait({reading}, timeout=ACK_BUDGET_S)
        if not done:
            await request.acknowledge(build_notice(READING))
        report = await reading
    except ReportUnavailable as exc:
        return build_notice(str(exc))
    finally:
        reading.cancel()  # only if this handler is cancelled
    return build_gaps_report(report, offline_command=OFFLINE.format(days=days))
