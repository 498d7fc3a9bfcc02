"""`/mlrole reload` as Slack sends it: the interim ack, then the answer through the `response_url`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from handlers.blocks import Message
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import FORM, SlackClient

RESULT_HEADERS = ("Knowledge base reloaded", "Reload failed: nothing changed")


@dataclass(frozen=True, slots=True)
class Reloaded:
    ack: Message
    """ "Reloading…", at once."""
    result: Message
    """The reload's outcome (or a refusal), through the `response_url`."""
    responded_before_ack: int
    """Posts to this command's `response_url` already recorded when the ack came back."""


def header(message: Message) -> str:
    return str(message["blocks"][0]["text"]["text"]) if message["blocks"][0]["type"] == "header" else ""


async def reload_as(user: str, slack: SlackClient, fake: FakeSlack, text: str = "reload") -> Reloaded:
    payload = slack.command_payload(text, user=user)
    path = urlparse(payload["response_url"]).path
    reply = await slack.post(urlencode(payload), content_type=FORM)
    assert reply.status == 200
    body = reply.json()
    assert body["response_type"] == "ephemeral"
    ack: Message = {"text": body["text"], "blocks": body["blocks"]}
    early = len([call for call in fake.calls_to(RESPOND) if call.path == path])
    assert header(ack) not in RESULT_HEADERS, "the ack is the interim message, never the result"
    [call] = await fake.wait_for(RESPOND, where=lambda call: call.path == path)
    assert call.body["response_type"] == "ephemeral"
    result: Message = {"text": call.body["text"], "blocks": call.blocks}
    return Reloaded(ack=ack, result=result, responded_before_ack=early)
