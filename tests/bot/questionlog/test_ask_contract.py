"""With the question log on, a Slack answer is `mlrole ask --json`'s message plus the per-delivery parts only:
the feedback buttons at the end, and did-you-mean values that also name the question (`handlers.pipeline`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from handlers.feedback import decode_choice
from knowledge.base.model import KnowledgeBase
from tests.bot.test_ask_matches_slack import _cli_and_dm
from tests.fakes.question_log import WatchedLog
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient
from tests.handlers.test_actions import close_call


def _without_delivery_parts(message: dict[str, Any]) -> dict[str, Any]:
    blocks = []
    for block in message["blocks"]:
        elements = block.get("elements", [])
        if block["type"] == "actions" and any(e["action_id"].startswith("mlrole_feedback") for e in elements):
            continue
        if block["type"] == "actions":
            elements = [e | {"value": decode_choice(e.get("value", ""))[0]} for e in elements]
            blocks.append(block | {"elements": elements})
        else:
            blocks.append(block)
    return {"text": message["text"], "blocks": blocks}


@pytest.mark.parametrize("kind", ["answer", "did-you-mean"])
async def test_a_slack_answer_is_the_cli_message_plus_the_per_delivery_parts(
    kind: str,
    slack: SlackClient,
    fake_slack: FakeSlack,
    watched: WatchedLog,
    bundled_kb: KnowledgeBase,
    capsys: pytest.CaptureFixture[str],
) -> None:
    question = "who owns deployment?" if kind == "answer" else close_call(bundled_kb)[0]

    printed, posted = await _cli_and_dm(question, slack, fake_slack, capsys)
    await watched.written(asked=1)

    assert posted != printed, "Slack's copy names the recorded question"
    assert _without_delivery_parts(posted) == printed
    assert watched.asked[0].id in json.dumps(posted)
