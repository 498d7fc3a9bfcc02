"""`/mlrole stale`: admins list the `org.yaml` mappings due for review (older than `MLROLE_REVIEW_DAYS`).

Who may ask is checked as for `/mlrole reload`: someone in `MLROLE_ADMINS` is answered in the ack itself;
anyone else gets "Checking…" in the ack, and the answer (or a refusal) after `users.info`, through the
command's `response_url`. The answers keep showing stale mappings: this only says which ones to check.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from handlers.blocks import Message, build_notice
from handlers.blocks.org import build_stale
from handlers.command_request import CommandRequest
from handlers.deps import Deps
from knowledge.base.org import stale

NAME: Final = "stale"
ACTION: Final = "list the org mappings due for review"
CHECKING: Final = "Checking that you may list the org mappings due for review…"
NO_ORG: Final = "This knowledge base has no org.yaml: there is no org mapping to review."


async def acknowledge_stale(request: CommandRequest) -> Message:
    """The ack: the list for someone in `MLROLE_ADMINS` (no Web API call needed), else "Checking…"."""
    if request.user_id in request.deps.admins:
        return _stale_mappings(request.deps)
    return build_notice(CHECKING)


async def list_stale(request: CommandRequest) -> Message | None:
    """After the ack: nothing more for someone in `MLROLE_ADMINS`; for anyone else, the list or a refusal."""
    deps = request.deps
    if request.user_id in deps.admins:
        return None
    refusal = await request.refusal_unless_admin(ACTION)
    if refusal is not None:
        return refusal
    return _stale_mappings(deps)


def _stale_mappings(deps: Deps) -> Message:
    kb = deps.store.current
    if not kb.org:
        return build_notice(NO_ORG)
    today = datetime.now(UTC).date()
    found = stale(kb.org, today=today, max_age_days=deps.review_days)
    return build_stale(found, max_age_days=deps.review_days, today=today)
