"""A slow or rate-limited Slack never delays an ack: every surface answers Slack at once, and its Web API and
`response_url` work follows (Bolt's lazy listeners, `handlers.lazy`).

The fake Slack answers every call 3.5 s after it arrives, longer than the 3 s Slack waits for an ack. Every
surface is driven at once, over real HTTP (and the main ones over Socket Mode), so the whole file takes about
two of those delays. Each ack is timed, and each outcome is checked to arrive all the same.

Bolt asks `auth.test` once, on the first request (`mlrole serve` asks it at start-up): each test makes one
request before Slack turns slow.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
from slack_bolt.async_app import AsyncApp

from bot.app import create_app
from bot.retries import RetryPolicy
from bot.settings import Settings
from handlers import escalation
from handlers.blocks import build_recommend_modal
from handlers.ids import ACTIONS, FORM, SHARE_ACTION
from handlers.pipeline import answer
from handlers.recommend_form import Where, encode_where
from handlers.share import ShareTarget, encode
from handlers.stale import STALE_BUTTON, STALE_FORM
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore
from knowledge.recommend import DEFAULTS
from tests.bot.test_web_faults import Sleeps
from tests.fakes.slack_api import RESPOND, Call, FakeSlack, Fault
from tests.fakes.slack_client import FORM as FORM_ENCODED
from tests.fakes.slack_client import (
    JSON,
    USER_ID,
    Payloads,
    Reply,
    SlackClient,
    buttons,
    form_values,
    mention,
)
from tests.fakes.socket_mode import FakeSocketMode
from tests.handlers.test_actions import close_call

SLOW_S = 3.5
"""How late the fake Slack answers: past the 3 s Slack waits for an ack."""
ACK_LIMIT_S = 3.0
"""Slack's deadline for an ack."""
WORKSPACE_ADMIN = "UWSADMIN1"
"""Not in `MLROLE_ADMINS`: only `users.info` says they may reload."""
DM_CHANNEL = "DPERSON01"


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def app(settings: Settings, store: KnowledgeStore, sleeps: Sleeps) -> AsyncApp:
    """The real app; a retry's wait is recorded, not waited (a 429's `Retry-After` would hold the test)."""
    return create_app(settings, store, retries=RetryPolicy(sleep=sleeps, jitter=lambda: 0.0))


def hook(payload: dict[str, Any]) -> Callable[[Call], bool]:
    """The calls to this payload's `response_url`."""
    path = urlparse(str(payload["response_url"])).path
    return lambda call: call.path == path


@dataclass(frozen=True, slots=True)
class Surface:
    """One request Slack sends, how its ack must look, and the Web API work that must follow it."""

    name: str
    kind: str
    """How it is posted: `form` (a slash command), `payload` (a click or a form) or `json` (an event)."""
    payload: dict[str, Any]
    ack: Callable[[Reply], bool]
    follows: Callable[[FakeSlack], Awaitable[list[Call]]] | None
    """Waits for the outcome, recorded by the fake when it arrives (the fake answers it 3.5 s later)."""


def empty(reply: Reply) -> bool:
    return reply.body == ""


def surfaces(slack: Payloads, kb: KnowledgeBase) -> list[Surface]:
    """Every surface of the bot, each with a request of its own (its own `response_url`, thread or user)."""
    question = slack.command_payload("labeler")
    reload = slack.command_payload("reload", user=WORKSPACE_ADMIN)
    form = slack.command_payload("recommend")
    inline = slack.command_payload("recommend size=startup people=5")
    share_button = {
        "action_id": SHARE_ACTION,
        "text": {"type": "plain_text", "text": "Share in channel"},
        "value": encode(ShareTarget(question="labeler")),
    }
    share = slack.block_action_payload(share_button, ephemeral=True)
    close, _ = close_call(kb)
    choice = slack.block_action_payload(buttons(answer(close, kb)[1]["blocks"])[0], ephemeral=True)
    adjust_button = {
        "action_id": ACTIONS.adjust_recommendation,
        "text": {"type": "plain_text", "text": "Adjust the inputs"},
        "value": "size=startup",
    }
    adjust = slack.block_action_payload(adjust_button, ephemeral=True)
    stale_button = {
        "action_id": "mlrole_from_an_older_version",
        "text": {"type": "plain_text", "text": "Old"},
    }
    stale = slack.block_action_payload(stale_button, ephemeral=True)
    ask_owners_button = {
        "action_id": ACTIONS.ask_owners,
        "text": {"type": "plain_text", "text": "Ask the owners"},
        "value": escalation.encode(
            escalation.AskOwners(question="who owns deployment?", entry_id="deployment")
        ),
    }
    ask_owners = slack.block_action_payload(ask_owners_button, ephemeral=True)
    review = slack.command_payload("stale", user=WORKSPACE_ADMIN)
    modal = build_recommend_modal(
        DEFAULTS, ids=FORM, private_metadata=encode_where(Where(channel="CFORM0001"))
    )
    submitted = slack.view_submission_payload(modal, form_values(modal))
    bad = slack.view_submission_payload(modal, form_values(modal, {FORM.field("people"): "many"}))
    old_form = slack.view_submission_payload(modal | {"callback_id": "mlrole_old_form"}, form_values(modal))
    dm = {"type": "message", "channel": DM_CHANNEL, "channel_type": "im", "user": USER_ID, "text": "labeler"}
    home = {"type": "app_home_opened", "user": "UHOME0001", "channel": "DHOME0001", "tab": "home"}
    return [
        Surface("question", "form", question, lambda r: "blocks" in r.json(), None),
        Surface(
            "reload",
            "form",
            reload,
            lambda r: "Checking that you may reload" in r.json()["text"],
            lambda fake: fake.wait_for(RESPOND, where=hook(reload)),
        ),
        Surface("recommend form", "form", form, empty, lambda fake: fake.wait_for(RESPOND, where=hook(form))),
        Surface("recommend inline", "form", inline, lambda r: "blocks" in r.json(), None),
        Surface(
            "share", "payload", share, empty, lambda fake: fake.wait_for(RESPOND, count=2, where=hook(share))
        ),
        Surface(
            "did-you-mean", "payload", choice, empty, lambda fake: fake.wait_for(RESPOND, where=hook(choice))
        ),
        Surface(
            "adjust",
            "payload",
            adjust,
            empty,
            lambda fake: fake.wait_for(
                "views.open", where=lambda c: c.body["trigger_id"] == adjust["trigger_id"]
            ),
        ),
        Surface(
            "stale button", "payload", stale, empty, lambda fake: fake.wait_for(RESPOND, where=hook(stale))
        ),
        Surface(
            "ask the owners",
            "payload",
            ask_owners,
            empty,
            lambda fake: fake.wait_for(RESPOND, where=hook(ask_owners)),
        ),
        Surface(
            "stale mappings",
            "form",
            review,
            lambda r: "Checking" in r.json()["text"],
            lambda fake: fake.wait_for(RESPOND, where=hook(review)),
        ),
        Surface(
            "form",
            "payload",
            submitted,
            empty,
            lambda fake: fake.wait_for(
                "chat.postEphemeral", where=lambda c: c.body["channel"] == "CFORM0001"
            ),
        ),
        Surface("form errors", "payload", bad, lambda r: r.json()["response_action"] == "errors", None),
        Surface(
            "stale form",
            "payload",
            old_form,
            lambda r: STALE_FORM in json.dumps(r.json()["view"]),
            None,
        ),
        Surface(
            "mention",
            "json",
            slack.event_payload(mention("1700000200.000100")),
            empty,
            lambda fake: fake.wait_for(
                "chat.postMessage", where=lambda c: c.body.get("thread_ts") == "1700000200.000100"
            ),
        ),
        Surface(
            "dm",
            "json",
            slack.event_payload(dm | {"ts": "1700000200.000200"}),
            empty,
            lambda fake: fake.wait_for("chat.postMessage", where=lambda c: c.body["channel"] == DM_CHANNEL),
        ),
        Surface(
            "home",
            "json",
            slack.event_payload(home),
            empty,
            lambda fake: fake.wait_for("views.publish", where=lambda c: c.body["user_id"] == "UHOME0001"),
        ),
        Surface("app_uninstalled", "json", slack.event_payload({"type": "app_uninstalled"}), empty, None),
        Surface(
            "tokens_revoked",
            "json",
            slack.event_payload({"type": "tokens_revoked", "tokens": {}}),
            empty,
            None,
        ),
        Surface(
            "app_rate_limited",
            "json",
            {
                "token": "x",
                "type": "app_rate_limited",
                "team_id": "T0000001",
                "minute_rate_limited": 1518467820,
                "api_app_id": "A0000001",
            },
            empty,
            None,
        ),
    ]


async def post(slack: SlackClient, surface: Surface) -> Reply:
    if surface.kind == "form":
        return await slack.post(urlencode(surface.payload), content_type=FORM_ENCODED)
    if surface.kind == "payload":
        return await slack.post(
            urlencode({"payload": json.dumps(surface.payload)}), content_type=FORM_ENCODED
        )
    return await slack.post(json.dumps(surface.payload), content_type=JSON)


async def timed(send: Awaitable[Reply]) -> tuple[Reply, float]:
    started = time.monotonic()
    reply = await send
    return reply, time.monotonic() - started


async def test_every_surface_acks_at_once_while_slack_answers_after_3_5_s_and_the_work_still_arrives(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    fake_slack.users[WORKSPACE_ADMIN] = {"is_admin": True}
    assert (await slack.command("roles")).status == 200  # Bolt's first-request auth.test, while Slack is fast
    fake_slack.slow(SLOW_S)
    driven = surfaces(slack, bundled_kb)

    acks = await asyncio.gather(*(timed(post(slack, surface)) for surface in driven))

    for surface, (reply, seconds) in zip(driven, acks, strict=True):
        assert reply.status == 200, f"{surface.name}: {reply.status} {reply.body[:200]}"
        assert seconds < ACK_LIMIT_S, f"{surface.name} acked after {seconds:.2f} s"
        assert surface.ack(reply), f"{surface.name}: unexpected ack {reply.body[:300]}"
    outcomes = await asyncio.gather(*(s.follows(fake_slack) for s in driven if s.follows is not None))
    assert all(outcomes)
    assert len(fake_slack.calls_to("views.open")) == 2, "one attempt each for the command and the button"
    payload = {surface.name: surface.payload for surface in driven}
    [reloaded] = [call for call in fake_slack.calls_to(RESPOND) if hook(payload["reload"])(call)]
    assert "Knowledge base reloaded" in reloaded.body["text"] or "No change" in reloaded.body["text"]
    [form_notice] = [call for call in fake_slack.calls_to(RESPOND) if hook(payload["recommend form"])(call)]
    assert "could not open the form" in form_notice.body["text"], "views.open outlived the trigger id"
    [stale] = [call for call in fake_slack.calls_to(RESPOND) if hook(payload["stale button"])(call)]
    assert stale.body["text"] == STALE_BUTTON and stale.body["response_type"] == "ephemeral"


async def test_a_rate_limited_slack_delays_no_ack_and_a_form_is_not_retried_past_its_trigger(
    slack: SlackClient, fake_slack: FakeSlack, sleeps: Sleeps
) -> None:
    fake_slack.users[WORKSPACE_ADMIN] = {"is_owner": True}
    assert (await slack.command("roles")).status == 200
    fake_slack.fail("users.info", Fault.rate_limited(4))
    fake_slack.fail("views.open", Fault.rate_limited(4))
    reload = slack.command_payload("reload", user=WORKSPACE_ADMIN)
    form = slack.command_payload("recommend")

    (reloading, reload_s), (opening, form_s) = await asyncio.gather(
        timed(slack.post(urlencode(reload), content_type=FORM_ENCODED)),
        timed(slack.post(urlencode(form), content_type=FORM_ENCODED)),
    )

    assert reload_s < ACK_LIMIT_S and form_s < ACK_LIMIT_S
    assert "Checking that you may reload" in reloading.json()["text"]
    assert opening.body == ""
    [result] = await fake_slack.wait_for(RESPOND, where=hook(reload))
    assert "Knowledge base reloaded" in result.body["text"] or "No change" in result.body["text"]
    assert sleeps.waits == [4.0], "users.info waited out its Retry-After, after the ack"
    [notice] = await fake_slack.wait_for(RESPOND, where=hook(form))
    assert "could not open the form" in notice.body["text"]
    assert len(fake_slack.calls_to("views.open")) == 1, "a 4 s Retry-After outlives the trigger id: no retry"


async def test_over_socket_mode_too_every_ack_goes_back_at_once_while_slack_is_slow(
    socket: FakeSocketMode, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    fake_slack.users[WORKSPACE_ADMIN] = {"is_admin": True}
    payloads = Payloads(slack=fake_slack)
    await socket.send("slash_commands", payloads.command_payload("roles"), accepts_response_payload=True)
    fake_slack.slow(SLOW_S)
    kinds = {"form": "slash_commands", "payload": "interactive", "json": "events_api"}
    driven = [s for s in surfaces(payloads, bundled_kb) if s.name != "app_rate_limited"]  # HTTP only

    acks = await asyncio.gather(*(timed_envelope(socket, kinds[s.kind], s.payload) for s in driven))

    for surface, (ack, seconds) in zip(driven, acks, strict=True):
        assert seconds < ACK_LIMIT_S, f"{surface.name} acked after {seconds:.2f} s over Socket Mode"
        assert ack["envelope_id"], surface.name
    outcomes = await asyncio.gather(*(s.follows(fake_slack) for s in driven if s.follows is not None))
    assert all(outcomes)


async def timed_envelope(
    socket: FakeSocketMode, kind: Any, payload: dict[str, Any]
) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    ack = await socket.send(kind, payload, accepts_response_payload=kind != "events_api")
    return ack, time.monotonic() - started
