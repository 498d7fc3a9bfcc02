"""`/mlrole reload`: an admin reloads the knowledge base from its configured source, without a restart.

The source is configuration (`MLROLE_KNOWLEDGE`), never chat input: `/mlrole reload <anything>` says so and
reloads nothing. A reload that finishes within `ACK_BUDGET_S` (local files: milliseconds) is answered in the
ack itself. A URL may take up to `knowledge.base.sources.URL_TIMEOUT_S`, longer than the 3 s Slack allows for
an ack, so past the budget the command is acked with "Reloading…" and the result follows through the command's
`response_url`. (Acking first and always following up would race: Bolt sends the ack a few milliseconds
after `ack()`, so a fast result could reach Slack before the "Reloading…" it follows.) The store validates
the new version aside and swaps it in whole, or keeps the old one serving; it also logs every reload (who,
source, outcome, versions).
"""

from __future__ import annotations

import asyncio
from typing import Final

from handlers.blocks import Message, build_notice, build_reload_result
from handlers.command_request import CommandRequest
from knowledge.base.sources import SETTING

ADMINS_SETTING: Final = "MLROLE_ADMINS"
"""Named for the person refused (`bot.settings.ADMINS`, which handlers do not import)."""
REFUSED: Final = (
    f"Sorry, only mlrole admins can reload the knowledge base: the people listed in {ADMINS_SETTING}, "
    "and the workspace's admins and owners."
)
SOURCE_IS_CONFIG: Final = (
    "Reload takes no source: the knowledge base is read from where {setting} points, which is set where "
    "the bot runs, not in chat. Send `{command} reload` alone to read it again."
)
RELOADING: Final = "Reloading the knowledge base from {source}…"
ACK_BUDGET_S: Final = 2.0
"""How long a reload may run before the command is acked with "Reloading…" (Slack allows 3 s for an ack)."""


async def reload_knowledge(request: CommandRequest) -> Message | None:
    deps = request.deps
    if not await deps.is_admin(request.user_id, request.client):
        deps.logger.warning("reload refused: user %s is not an admin", request.user_id)
        return build_notice(REFUSED)
    if request.args:
        return build_notice(SOURCE_IS_CONFIG.format(setting=SETTING, command=request.ids.command))
    reloading = asyncio.create_task(deps.store.reload(actor=request.user_id))
    try:
        done, _ = await asyncio.wait({reloading}, timeout=ACK_BUDGET_S)
        if not done:
            await request.acknowledge(build_notice(RELOADING.format(source=deps.store.source.display)))
        result = await reloading
    finally:
        reloading.cancel()  # only if this handler is cancelled: the store then keeps the old snapshot
    return build_reload_result(result)
