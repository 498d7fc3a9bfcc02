"""`mlrole ask --json` prints the exact payload Slack receives: the very message a DM to the bot gets back.

Compared with what the real app posted to the fake Slack Web API, buttons included, so the CLI and the Slack
surfaces cannot drift apart (the action ids both use come from `handlers.ids`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from bot.cli import main
from knowledge.base.model import KnowledgeBase
from knowledge.match import match
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import USER_ID, SlackClient, buttons
from tests.handlers.test_actions import close_call

DM = "DPERSON001"


def _dm(text: str) -> dict[str, str]:
    ts = "1700000200.000100"
    return {"type": "message", "channel_type": "im", "channel": DM, "user": USER_ID, "text": text, "ts": ts}


async def _cli_and_dm(
    question: str, slack: SlackClient, fake: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    assert main(["ask", "--json", question]) == 0
    printed = json.loads(capsys.readouterr().out)
    await slack.event(_dm(question))
    [post] = await fake.wait_for("chat.postMessage")
    return printed["message"], {"text": post.body["text"], "blocks": post.blocks}


async def test_a_did_you_mean_prints_the_blocks_a_dm_reply_posts_buttons_and_all(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    question, alternatives = close_call(bundled_kb)

    printed, posted = await _cli_and_dm(question, slack, fake_slack, capsys)

    assert printed == posted
    assert [b["value"] for b in buttons(posted["blocks"])] == list(alternatives)


async def test_a_recommendation_prints_the_blocks_a_dm_reply_posts_with_its_adjust_button(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "what team should we build for a 5 person startup"
    assert match(question, bundled_kb).kind == "recommend"

    printed, posted = await _cli_and_dm(question, slack, fake_slack, capsys)

    assert printed == posted
    [adjust] = buttons(posted["blocks"])
    assert adjust["text"]["text"] == "Adjust the inputs"


def test_ask_stays_light_it_never_imports_bolt_or_the_sdk() -> None:
    code = (
        "import sys; from bot.cli import main; code = main(['ask', '--json', 'labeler']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('slack_bolt', 'slack_sdk')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "[]"
