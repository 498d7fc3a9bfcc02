""" "Ask the owners" once per question per person across two `mlrole serve` instances sharing one Redis:
a click on the second instance after the first sent the question posts nothing more."""

from __future__ import annotations

from pathlib import Path

from tests.bot.test_instances import pytestmark as instances_mark
from tests.bot.test_instances import two_instances
from tests.fakes.org import CHANNEL, write_org_kb
from tests.fakes.redis_server import redis_target
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import buttons

pytestmark = instances_mark


async def test_a_question_sent_through_one_instance_is_not_sent_again_through_the_other(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = write_org_kb(tmp_path / "kb")
    async with (
        redis_target() as redis,
        two_instances(fake_slack, redis_url=redis.url, prefix=redis.prefix, kb_dir=kb_dir) as (a, b),
    ):
        reply = (await a.slack.command("who owns deployment?")).json()
        [ask] = [button for button in buttons(reply["blocks"]) if button["action_id"] == "mlrole_ask_owners"]

        assert (await a.slack.click(ask, ephemeral=True)).status == 200
        [posted] = await fake_slack.wait_for("chat.postMessage")
        assert posted.body["channel"] == CHANNEL
        assert (await b.slack.click(ask, ephemeral=True)).status == 200
        first, second = await fake_slack.wait_for(RESPOND, count=2)

        assert "already" not in first.body["text"].lower()
        assert "already" in second.body["text"].lower(), second.body["text"]
        assert len(fake_slack.calls_to("chat.postMessage")) == 1, "the other instance posted nothing"
