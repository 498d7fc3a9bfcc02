"""`/mlrole reload`: an admin reloads the knowledge base from its configured source, without a restart.

The source is configuration (`MLROLE_KNOWLEDGE`), never chat input: `/mlrole reload <anything>` says so in
the ack and reloads nothing. `/mlrole reload` alone is acked at once with "Reloading…"; then, as a lazy
listener (`handlers.lazy`), the person is checked (`MLROLE_ADMINS`, or `users.info` for workspace admins and
owners), the knowledge base is reloaded, and the result (or the refusal) follows through the command's
`response_url`. So neither a slow `users.info` nor a slow URL delays the ack. Bolt starts the follow-up as
it returns the ack, and the result needs a request of its own, so "Reloading…" reaches Slack first (the
tests check it). The store validates the new version
aside and swaps it in whole, or keeps the old one serving; it also logs every reload (who, source, outcome,
versions).
"""

from __future__ import annotations

from typing import Final

from handlers.blocks import Message, build_notice, build_reload_result
from handlers.command_request import CommandRequest
from knowledge.base.sources import SETTING

ACTION: Final = "reload the knowledge base"
SOURCE_IS_CONFIG: Final = (
    "Reload takes no source: the knowledge base is read from where {setting} points, which is set where "
    "the bot runs, not in chat. Send `{command} reload` alone to read it again."
)
RELOADING: Final = "Reloading the knowledge base from {source}…"
CHECKING: Final = "Checking that you may reload the knowledge base, then reloading it from {source}…"
"""The interim for someone not in `MLROLE_ADMINS`: whether they are a workspace admin is asked after."""


async def acknowledge_reload(request: CommandRequest) -> Message:
    """The ack: "Reloading…" (the follow-up does the work), or why a source in chat is not taken."""
    deps = request.deps
    if request.args:
        return build_notice(SOURCE_IS_CONFIG.format(setting=SETTING, command=request.ids.command))
    interim = RELOADING if request.user_id in deps.admins else CHECKING
    return build_notice(interim.format(source=deps.store.source.display))


async def reload_knowledge(request: CommandRequest) -> Message:
    """After the ack: check the admin, reload, and return the result for the `response_url`."""
    deps = request.deps
    refusal = await request.refusal_unless_admin(ACTION)
    if refusal is not None:
        return refusal
    return build_reload_result(await deps.store.reload(actor=request.user_id))
