"""The App Home tab: an overview of the roles, the team approaches and how to ask, published when opened."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks import build_home
from handlers.commands import usages
from handlers.deps import Deps, SlackIds


async def handle_home_opened(
    *,
    event: Mapping[str, Any],
    client: AsyncWebClient,
    deps: Deps,
    ids: SlackIds,
    bot_user_id: str | None,
) -> None:
    if event.get("tab") != "home":
        return  # the Messages tab: nothing to publish
    view = build_home(deps.store.current, command=ids.command, usages=usages(), bot_user_id=bot_user_id)
    await client.views_publish(user_id=str(event["user"]), view=view)
