"""Answers name the organization's owners (`org.yaml`) with real Slack mentions, built from its ids only.

Over HTTP, as Slack sends the requests: the slash command (answered in the ack), a mention (answered in the
thread). A question that itself contains `<!subteam^S1>` or `<#C1>` never produces a live mention.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handlers.blocks import Message
from handlers.pipeline import answer
from knowledge.base.loader import bundled_path, load_path
from knowledge.base.model import KnowledgeBase
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from tests.fakes.org import CHANNEL, CONTACT, GROUP, LABEL_CHANNEL, LABEL_GROUP, without, write_org_kb
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient, buttons, mention

AssertWithinLimits = Callable[[Message], None]

OURS = {
    f"<!subteam^{GROUP}>",
    f"<#{CHANNEL}>",
    f"<@{CONTACT}>",
    f"<!subteam^{LABEL_GROUP}>",
    f"<#{LABEL_CHANNEL}>",
}
"""The only mentions an answer may carry: built from `org.yaml`'s ids."""
_CONTROL = re.compile(r"<[^<>]*>")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return write_org_kb(tmp_path / "kb")


@pytest.fixture
async def store(kb_dir: Path) -> KnowledgeStore:
    return await KnowledgeStore.open(parse_source(str(kb_dir)))


def _texts(message: Message) -> str:
    return json.dumps(message, ensure_ascii=False)


def _live(message: Message) -> set[str]:
    """Every Slack control sequence (`<…>`) in the message's text and blocks: what Slack would make live."""
    found = set()
    for block in [{"text": message["text"]}, *message["blocks"]]:
        for value in _strings(block):
            found |= set(_CONTROL.findall(value))
    return found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            s for key, item in value.items() if key != "value" for s in _strings(item)
        ]  # not buttons' data
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _without_ours(message: Message) -> Message:
    return without(message, OURS)


async def _ack(slack: SlackClient, text: str) -> Message:
    reply = await slack.command(text)
    assert reply.status == 200
    body = reply.json()
    return {"text": body["text"], "blocks": body["blocks"]}


async def test_a_mapped_task_names_its_owners_here_and_offers_to_ask_them(
    slack: SlackClient, within_limits: AssertWithinLimits
) -> None:
    ack = await _ack(slack, "who owns deployment?")

    assert ack["blocks"][0]["text"]["text"] == "Deployment"
    here = f"*Here:* <!subteam^{GROUP}> · ask in <#{CHANNEL}> · <@{CONTACT}>"
    assert {"type": "section", "text": {"type": "mrkdwn", "text": here}} in ack["blocks"]
    ask, share = buttons(ack["blocks"])
    assert ask["action_id"] == "mlrole_ask_owners"
    assert ask["text"]["text"] == f"Ask the owners in #{CHANNEL}"
    assert json.loads(ask["value"]) == {"id": "deployment", "q": "who owns deployment?"}
    assert share["text"]["text"] == "Share in channel"
    assert _live(ack) == {f"<!subteam^{GROUP}>", f"<#{CHANNEL}>", f"<@{CONTACT}>"}
    within_limits(_without_ours(ack))


async def test_a_task_mapped_on_its_own_uses_its_own_group_not_its_owners(slack: SlackClient) -> None:
    ack = await _ack(slack, "who owns data labeling?")
    assert ack["blocks"][0]["text"]["text"] == "Data labeling"
    assert _live(ack) == {f"<!subteam^{LABEL_GROUP}>", f"<#{LABEL_CHANNEL}>"}
    assert buttons(ack["blocks"])[0]["text"]["text"] == f"Ask the owners in #{LABEL_CHANNEL}"


async def test_an_unmapped_task_reads_as_it_does_without_org_yaml(
    slack: SlackClient, kb_dir: Path, tmp_path: Path
) -> None:
    ack = await _ack(slack, "who owns model evaluation?")

    assert ack["blocks"][0]["text"]["text"] == "Model evaluation"
    assert _live(ack) == set()
    assert "Here" not in _texts(ack)
    [share] = buttons(ack["blocks"])
    assert share["text"]["text"] == "Share in channel", "no channel to ask: no Ask the owners button"
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(kb_dir / "kb.yaml", plain / "kb.yaml")
    _, without_org = answer("who owns model evaluation?", load_path(plain))
    assert ack["blocks"][:-1] == without_org["blocks"] and ack["text"] == without_org["text"]


@pytest.mark.parametrize("planted", ["<!subteam^S1>", "<#C1>", "<@U1>"])
async def test_mentions_in_a_question_never_become_live(
    slack: SlackClient, fake_slack: FakeSlack, planted: str, within_limits: AssertWithinLimits
) -> None:
    ack = await _ack(slack, f"who owns deployment {planted}")
    await slack.event(mention("1700000300.000100", f"who owns deployment? {planted}"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    in_thread: Message = {"text": post.body["text"], "blocks": post.blocks}

    for message in (ack, in_thread):
        assert message["blocks"][0]["text"]["text"] == "Deployment"
        assert _live(message) == {f"<!subteam^{GROUP}>", f"<#{CHANNEL}>", f"<@{CONTACT}>"}
        within_limits(_without_ours(message))
    for unasked in ("who owns nothing at all " + planted, planted):
        help_ack = await _ack(slack, unasked)
        assert _live(help_ack) <= OURS and not (_live(help_ack) & {"<!subteam^S1>", "<#C1>", "<@U1>"})


async def test_a_role_card_says_who_it_is_in_this_organization(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    await slack.event(mention("1700000400.000100", "ML Engineer"))
    [post] = await fake_slack.wait_for("chat.postMessage")
    line = f"*In this organization:* <!subteam^{GROUP}> · ask in <#{CHANNEL}> · <@{CONTACT}>"
    assert {"type": "section", "text": {"type": "mrkdwn", "text": line}} in post.blocks
    assert [b["action_id"] for b in buttons(post.blocks)] == ["mlrole_ask_owners"]


def _bundled_with_org(directory: Path, kb: KnowledgeBase) -> Path:
    """The bundled knowledge base, plus an org.yaml mapping every role to a group and channel of its own."""
    directory.mkdir()
    for file in bundled_path().glob("*.yaml"):
        shutil.copy(file, directory / file.name)
    lines = ["org:"]
    for n, role in enumerate(kb.roles):
        lines += [
            f"  - role: {role.id}",
            f"    group: S0ROLE{n}",
            f"    channel: C0ROLE{n}",
            "    reviewed: 2026-10-01",
        ]
    (directory / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def test_a_recommendation_names_each_key_tasks_owners_here(tmp_path: Path, bundled_kb: KnowledgeBase) -> None:
    kb = load_path(_bundled_with_org(tmp_path / "kb", bundled_kb))
    _, plain = answer("recommend a team for a 5 person startup", bundled_kb)
    found, message = answer("recommend a team for a 5 person startup", kb)
    assert found.kind == "recommend"
    [owners] = [
        b for b in message["blocks"] if b.get("text", {}).get("text", "").startswith("*Who owns what*")
    ]
    [plain_owners] = [
        b for b in plain["blocks"] if b.get("text", {}).get("text", "").startswith("*Who owns what*")
    ]
    lines, plain_lines = owners["text"]["text"].split("\n")[1:], plain_owners["text"]["text"].split("\n")[1:]
    assert len(lines) == len(plain_lines) > 0
    for line, before in zip(lines, plain_lines, strict=True):
        accountable = before.split(":* ", 1)[1].split(",")[0]
        [role_index] = [n for n, role in enumerate(kb.roles) if role.name == accountable]
        assert line == f"{before} — here: <!subteam^S0ROLE{role_index}> · ask in <#C0ROLE{role_index}>"
