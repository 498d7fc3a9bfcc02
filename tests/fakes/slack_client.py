"""Slack's side of HTTP mode: requests built and signed as Slack sends them, posted to the bot's server."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from .signing import signed_headers
from .slack_api import APP_ID, BOT_ID, BOT_USER_ID, TEAM_ID, FakeSlack

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
USER_ID = "UPERSON01"
CHANNEL_ID = "CCHANNEL1"
MENTION_CHANNEL = "CGENERAL01"


def mention(ts: str, question: str = "labeler") -> dict[str, Any]:
    """The `app_mention` Slack sends when USER_ID asks the bot `question` in a channel, posted at `ts`."""
    return {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {question}",
        "ts": ts,
        "channel": MENTION_CHANNEL,
    }


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: str

    def json(self) -> dict[str, Any]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


@dataclass(kw_only=True)
class Payloads:
    """What Slack sends, as dicts (Socket Mode carries them as they are); `response_url`s point at `slack`."""

    slack: FakeSlack
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def command_payload(self, text: str, *, user: str = USER_ID, channel: str = CHANNEL_ID) -> dict[str, str]:
        n = next(self._ids)
        return {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "example",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": "person",
            "command": "/mlrole",
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.slack.response_url(f"command-{n}"),
            "trigger_id": f"trigger-{n}",
        }

    def event_payload(self, event: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        return {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{n:08d}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True, "is_enterprise_install": False}
            ],
            "is_ext_shared_channel": False,
        }

    def block_action_payload(
        self,
        button: dict[str, Any],
        *,
        ephemeral: bool,
        user: str = USER_ID,
        channel: str = CHANNEL_ID,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A click on `button` (a Block Kit button element, as the bot sent it)."""
        n = next(self._ids)
        container: dict[str, Any] = {"type": "message", "message_ts": "1700000000.000100"}
        container |= {"channel_id": channel, "is_ephemeral": ephemeral}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "username": "person", "name": "person", "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "deprecated-verification-token",
            "container": container,
            "trigger_id": f"trigger-{n}",
            "team": {"id": TEAM_ID, "domain": "example"},
            "channel": {"id": channel, "name": "general"},
            "response_url": self.slack.response_url(f"action-{n}"),
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "b1",
                    "text": button["text"],
                    "value": button.get("value", ""),
                    "action_ts": "1700000001.000200",
                }
            ],
        }
        if message is not None and not ephemeral:
            payload["message"] = message  # Slack sends the message only when it is not ephemeral
        return payload

    def view_submission_payload(
        self, view: dict[str, Any], values: dict[str, Any], *, user: str = USER_ID
    ) -> dict[str, Any]:
        """A submission of `view` (a modal, as the bot opened it) with `values` as its `state.values`."""
        n = next(self._ids)
        submitted = {
            "id": f"V{n:010d}",
            "team_id": TEAM_ID,
            "type": "modal",
            "blocks": view["blocks"],
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": values},
            "hash": f"1700000000.{n:08d}",
            "title": view["title"],
            "clear_on_close": False,
            "notify_on_close": False,
            "close": view.get("close"),
            "submit": view.get("submit"),
            "previous_view_id": None,
            "root_view_id": f"V{n:010d}",
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": TEAM_ID,
            "bot_id": BOT_ID,
        }
        return {
            "type": "view_submission",
            "team": {"id": TEAM_ID, "domain": "example"},
            "user": {"id": user, "username": "person", "name": "person", "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "deprecated-verification-token",
            "trigger_id": f"trigger-{n}",
            "view": submitted,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }


@dataclass(kw_only=True)
class SlackClient(Payloads):
    """Posts signed requests to `url` (the bot's `/slack/events`)."""

    url: str
    secret: str
    session: aiohttp.ClientSession

    async def post(
        self,
        body: str,
        *,
        content_type: str,
        timestamp: int | None = None,
        secret: str | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> Reply:
        headers = signed_headers(
            self.secret if secret is None else secret, body, content_type=content_type, timestamp=timestamp
        )
        headers |= extra_headers or {}
        async with self.session.post(self.url, data=body.encode(), headers=headers) as response:
            return Reply(status=response.status, body=await response.text())

    async def command(self, text: str, **kwargs: str) -> Reply:
        return await self.post(urlencode(self.command_payload(text, **kwargs)), content_type=FORM)

    async def event(self, event: dict[str, Any]) -> Reply:
        return await self.post(json.dumps(self.event_payload(event)), content_type=JSON)

    async def click(self, button: dict[str, Any], *, ephemeral: bool, **kwargs: Any) -> Reply:
        payload = self.block_action_payload(button, ephemeral=ephemeral, **kwargs)
        return await self.post(urlencode({"payload": json.dumps(payload)}), content_type=FORM)

    async def submit(self, view: dict[str, Any], values: dict[str, Any], **kwargs: Any) -> Reply:
        payload = self.view_submission_payload(view, values, **kwargs)
        return await self.post(urlencode({"payload": json.dumps(payload)}), content_type=FORM)


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button in a message's actions blocks, in order."""
    return [
        element
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
        if element.get("type") == "button"
    ]


def form_values(view: dict[str, Any], changes: dict[str, str] | None = None) -> dict[str, Any]:
    """The `state.values` Slack sends when `view` is submitted: every input at its initial value, except the
    ones in `changes` (block id -> the value typed or chosen; a choice not among the options is sent as is,
    as a tampered payload would be)."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element = block["element"]
        kind = element["type"]
        changed = (changes or {}).get(block["block_id"])
        if "options" in element:
            option = element.get("initial_option")
            if changed is not None:
                found = [o for o in element["options"] if o["value"] == changed]
                option = (
                    found[0] if found else {"text": {"type": "plain_text", "text": changed}, "value": changed}
                )
            state = {"type": kind, "selected_option": option}
        else:
            state = {"type": kind, "value": changed if changed is not None else element.get("initial_value")}
        values[block["block_id"]] = {element["action_id"]: state}
    return values
