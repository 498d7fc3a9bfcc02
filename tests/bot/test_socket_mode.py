"""Socket Mode end to end: the real app connects to a local websocket speaking Slack's envelope protocol."""

from __future__ import annotations

from knowledge.base.model import KnowledgeBase
from tests.fakes.env import APP_TOKEN
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import Payloads, buttons, mention
from tests.fakes.socket_mode import FakeSocketMode


async def test_the_connection_is_opened_with_the_app_token(
    socket: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    [opened] = fake_slack.calls_to("apps.connections.open")
    assert opened.headers["Authorization"] == f"Bearer {APP_TOKEN}"
    assert socket.connections == 1


async def test_a_slash_command_is_answered_in_the_ack_payload(
    socket: FakeSocketMode, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    payloads = Payloads(slack=fake_slack)

    ack = await socket.send(
        "slash_commands", payloads.command_payload("labeler"), accepts_response_payload=True
    )

    assert ack["envelope_id"] == "env-1"
    answer = ack["payload"]
    labeler = bundled_kb.role("data-labeler")
    assert labeler is not None
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == labeler.name
    [share] = buttons(answer["blocks"])

    click = payloads.block_action_payload(share, ephemeral=True)
    ack = await socket.send("interactive", click)

    assert ack == {"envelope_id": "env-2"}
    posted, deleted = await fake_slack.wait_for(RESPOND, count=2)
    assert posted.body["response_type"] == "in_channel"
    assert posted.body["blocks"][0] == answer["blocks"][0]
    assert deleted.body["delete_original"] is True


async def test_an_event_is_acked_and_answered_through_the_web_api(
    socket: FakeSocketMode, fake_slack: FakeSlack
) -> None:
    event = mention("1700000100.000100")

    ack = await socket.send("events_api", Payloads(slack=fake_slack).event_payload(event))

    assert ack == {"envelope_id": "env-1"}
    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == "1700000100.000100"
