"""The HTTP server: Slack's signature checked on every request, `/healthz` for the platform."""

from __future__ import annotations

import json
import time
from datetime import datetime

import aiohttp

from bot.server import HEALTH_PATH, RunningServer
from knowledge.base.store import KnowledgeStore
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import FORM, JSON, SlackClient


async def test_a_forged_signature_is_refused(slack: SlackClient, fake_slack: FakeSlack) -> None:
    body = "&".join(f"{k}={v}" for k, v in slack.command_payload("labeler").items())
    reply = await slack.post(body, content_type=FORM, secret="not-the-signing-secret")
    assert reply.status == 401
    assert "Data" not in reply.body
    assert fake_slack.calls == []


async def test_a_stale_timestamp_is_refused_even_when_signed_correctly(slack: SlackClient) -> None:
    body = json.dumps(slack.event_payload({"type": "app_home_opened", "user": "U1", "tab": "home"}))
    ten_minutes_ago = int(time.time()) - 600
    reply = await slack.post(body, content_type=JSON, timestamp=ten_minutes_ago)
    assert reply.status == 401


async def test_a_missing_signature_is_refused(slack: SlackClient) -> None:
    async with slack.session.post(slack.url, data=b"{}", headers={"Content-Type": JSON}) as response:
        assert response.status == 401


async def test_the_events_url_is_verified_as_slack_does_when_the_app_is_created(slack: SlackClient) -> None:
    reply = await slack.post(
        json.dumps({"type": "url_verification", "token": "t", "challenge": "c0ffee"}), content_type=JSON
    )
    assert reply.status == 200
    assert reply.json() == {"challenge": "c0ffee"}


async def test_a_body_that_is_not_a_slack_payload_is_a_client_error(slack: SlackClient) -> None:
    bodies = [
        ("{not json", JSON),
        ("payload=%7Bnope", FORM),
        ("[]", JSON),
        ("1", JSON),
        ("payload=%5B%5D", FORM),
        ('{"type": "event_callback", "event": 7}', JSON),
    ]
    for body, content_type in bodies:
        for signed in (True, False):
            secret = None if signed else "forged"
            reply = await slack.post(body, content_type=content_type, secret=secret)
            assert 400 <= reply.status < 500, (body, signed, reply.status)


async def test_an_odd_but_well_formed_request_gets_no_server_error(slack: SlackClient) -> None:
    bodies = [
        ("", FORM),
        ('{"type": 5}', JSON),
        ('{"type": "event_callback", "event": {"type": "message"}}', JSON),
        ('{"type": "event_callback", "event": {"type": "no_such_event"}}', JSON),
        ("command=%2Fmlrole", FORM),
    ]
    for body, content_type in bodies:
        reply = await slack.post(body, content_type=content_type)
        assert reply.status < 500, (body, reply.status)


async def test_healthz_reports_the_knowledge_base_being_served(
    server: RunningServer, store: KnowledgeStore
) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(server.url + HEALTH_PATH) as response,
    ):
        assert response.status == 200
        health = await response.json()
    assert health["status"] == "ok"
    assert health["version"] == store.current.version
    assert datetime.fromisoformat(health["loaded_at"]) == store.loaded_at


async def test_only_the_two_routes_exist(server: RunningServer) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(server.url + "/slack/events") as response:
            assert response.status == 405
        async with session.get(server.url + "/") as response:
            assert response.status == 404
