"""Check `org.yaml`'s Slack ids against the workspace, at start and after each reload, in the background.

`mlrole check` can only see that an id has the right shape; whether user group `S0ML0PLAT` and channel
`C0ML0PLAT` exist is the workspace's to say: `usergroups.list` (scope `usergroups:read`) and
`conversations.info` per channel (`channels:read`). Each one missing (or archived, or a channel the bot is
not in, where "Ask the owners" cannot post) is logged as a warning naming the id and where the mapping is;
the knowledge base is served anyway. The check runs as a task of its own: it never delays start-up, a
reload or an ack. The channel names it learns label the "Ask the owners" buttons.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, MutableMapping
from typing import Any, Final

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from knowledge.base.model import KnowledgeBase
from knowledge.base.org import OrgDirectory

MISSING_CHANNEL_ERRORS: Final = frozenset({"channel_not_found"})


class OrgCheck:
    """`watch(kb)` schedules one check per knowledge-base version that has an `org:` section."""

    def __init__(
        self, client: AsyncWebClient, *, channel_names: MutableMapping[str, str], logger: logging.Logger
    ) -> None:
        self._client = client
        self._names = channel_names
        self._logger = logger
        self._checked: set[str] = set()
        self._tasks: set[asyncio.Task[tuple[str, ...]]] = set()

    def watch(self, kb: KnowledgeBase) -> None:
        """Check `kb`'s org ids in the background (once per version); a no-op without a running loop."""
        if not kb.org or kb.version in self._checked:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # built outside the event loop (a test's app): nothing is serving yet
        self._checked.add(kb.version)
        task = loop.create_task(self.verify(kb.org))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self) -> None:
        """Wait for the checks scheduled so far (tests; a shutdown need not)."""
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def verify(self, org: OrgDirectory) -> tuple[str, ...]:
        """Log a warning for each group or channel the workspace lacks; return the warnings."""
        warnings: list[str] = []
        try:
            warnings += await self._check_groups(org)
            for channel in org.channels:
                warnings += await self._check_channel(channel, org)
        except Exception:
            self._logger.exception("org.yaml: checking its ids with Slack failed; the answers still use them")
        for warning in warnings:
            self._logger.warning("org.yaml: %s", warning, extra={"org_check": warning})
        return tuple(warnings)

    async def _check_groups(self, org: OrgDirectory) -> list[str]:
        if not org.groups:
            return []
        try:
            response = await self._client.usergroups_list(include_disabled=True)
        except SlackApiError as exc:
            return [f"could not list the user groups ({_error(exc)}; the app needs usergroups:read)"]
        groups: dict[str, Any] = {str(g.get("id")): g for g in response.get("usergroups") or ()}
        warnings = []
        for group in org.groups:
            found = groups.get(group)
            if found is None:
                warnings.append(f"user group {group} does not exist in this workspace ({_users(org, group)})")
            elif found.get("date_delete"):
                warnings.append(f"user group {group} is disabled ({_users(org, group)})")
        return warnings

    async def _check_channel(self, channel: str, org: OrgDirectory) -> list[str]:
        try:
            response = await self._client.conversations_info(channel=channel)
        except SlackApiError as exc:
            error = _error(exc)
            if error in MISSING_CHANNEL_ERRORS:
                where = _users(org, channel)
                return [f"channel {channel} does not exist, or the bot cannot see it ({where})"]
            return [f"could not look up channel {channel} ({error}; the app needs channels:read)"]
        info: Mapping[str, Any] = response.get("channel") or {}
        name = info.get("name")
        if isinstance(name, str) and name:
            self._names[channel] = name
        where = _users(org, channel)
        if info.get("is_archived"):
            return [f"channel {channel} is archived ({where})"]
        if info.get("is_member") is False:
            return [
                f"the bot is not a member of channel {channel}: 'Ask the owners' cannot post there until "
                f"someone invites it ({where})"
            ]
        return []


def _error(exc: SlackApiError) -> str:
    data = exc.response.data
    error = data.get("error") if isinstance(data, dict) else None
    return str(error or f"HTTP {exc.response.status_code}")


def _users(org: OrgDirectory, slack_id: str) -> str:
    """`for role devops-engineer at org.yaml:3, …`: the mappings naming `slack_id`."""
    users = [f"{m.kind} {m.target} at {m.where}" for m in org.mappings if slack_id in (m.group, m.channel)]
    return "for " + ", ".join(users)
