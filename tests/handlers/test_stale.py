"""What the bot does not act on, answered all the same (a 200, never Bolt's 404): buttons and forms from older
versions, `app_rate_limited`, revoked tokens, events nobody subscribed to."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from slack_sdk.models.views import View

from bot.logging_setup import AddRequestIds
from handlers.blocks import build_notice_view
from handlers.stale import STALE_BUTTON, STALE_FORM
from tests.fakes.logs import LogRecorder, recording
from tests.fakes.slack_api import APP_ID, RESPOND, TEAM_ID, FakeSlack
from tests.fakes.slack_client import FORM, JSON, SlackClient

OLD_BUTTON = {
    "action_id": "mlrole_retired_button",
    "text": {"type": "plain_text", "text": "Old"},
    "value": "x",
}
OLD_FORM = {
    "callback_id": "mlrole_retired_form",
    "title": {"type": "plain_text", "text": "Old form"},
    "blocks": [],
}


def web_api_calls(fake: FakeSlack) -> list[str]:
    """The bot's calls, but Bolt's own `auth.test` on the first request."""
    return [call.method for call in fake.calls if call.method != "auth.test"]


@pytest.fixture
def log() -> Iterator[LogRecorder]:
    with recording() as recorder:
        recorder.addFilter(AddRequestIds())
        yield recorder


async def test_a_button_from_an_older_message_gets_a_polite_note_for_the_clicker_only(
    slack: SlackClient, fake_slack: FakeSlack, log: LogRecorder
) -> None:
    reply = await slack.click(
        OLD_BUTTON, ephemeral=False, message={"type": "message", "ts": "1.2", "text": "x"}
    )

    assert (reply.status, reply.body) == (200, "")
    [note] = await fake_slack.wait_for(RESPOND)
    assert note.body["text"] == STALE_BUTTON
    assert note.body["response_type"] == "ephemeral"
    assert note.body["replace_original"] is False, "the old message stays as it was"
    assert any("mlrole_retired_button" in r.getMessage() for r in log.records)


async def test_a_form_from_an_older_version_is_replaced_by_the_note(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    reply = await slack.submit(OLD_FORM, {})

    assert reply.status == 200
    ack = reply.json()
    assert ack["response_action"] == "update"
    assert ack["view"] == build_notice_view(STALE_FORM)
    assert web_api_calls(fake_slack) == [], "no Web API call"


def test_the_note_view_is_a_valid_modal() -> None:
    view = build_notice_view(STALE_FORM + " & <more>")
    assert View(**view).to_dict() == view  # slack_sdk validates (title length, block types) in to_dict()
    assert "&amp; &lt;more&gt;" in view["blocks"][0]["text"]["text"]


async def test_app_rate_limited_is_answered_200_and_logged_as_a_warning_with_its_minute(
    slack: SlackClient, log: LogRecorder
) -> None:
    body = {
        "token": "deprecated",
        "type": "app_rate_limited",
        "team_id": TEAM_ID,
        "minute_rate_limited": 1518467820,
        "api_app_id": APP_ID,
    }

    reply = await slack.post(json.dumps(body), content_type=JSON)

    assert reply.status == 200
    [warning] = [r for r in log.records if "rate-limited" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert "2018-02-12T20:37:00+00:00" in warning.getMessage()


@pytest.mark.parametrize("event_type", ["app_uninstalled", "tokens_revoked"])
async def test_revoked_tokens_are_answered_200_and_logged(
    slack: SlackClient, fake_slack: FakeSlack, log: LogRecorder, event_type: str
) -> None:
    reply = await slack.event({"type": event_type, "tokens": {"bot": ["UBOT0001"]}})

    assert reply.status == 200
    assert any(event_type in r.getMessage() and r.levelno == logging.WARNING for r in log.records)
    assert web_api_calls(fake_slack) == []


async def test_any_other_delivery_no_listener_takes_is_answered_200(
    slack: SlackClient, log: LogRecorder
) -> None:
    event = await slack.event({"type": "reaction_added", "user": "U1", "reaction": "+1"})
    shortcut = {
        "type": "shortcut",
        "callback_id": "mlrole_old_shortcut",
        "trigger_id": "t",
        "team": {"id": TEAM_ID},
    }
    clicked = await slack.post(urlencode({"payload": json.dumps(shortcut)}), content_type=FORM)

    assert (event.status, clicked.status) == (200, 200)
    assert (
        len([r for r in log.records if r.getMessage() == "answered a delivery the bot does not act on"]) == 2
    )
