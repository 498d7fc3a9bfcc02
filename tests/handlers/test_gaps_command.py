"""`/mlrole gaps` with the question log off (the default app): an admin is told so, plainly."""

from __future__ import annotations

from handlers.gaps_command import parse_days
from tests.fakes.env import ADMIN_ID
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import SlackClient


async def test_with_the_log_off_an_admin_is_told_nothing_is_recorded(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    await slack.command("gaps", user=ADMIN_ID)

    [told] = await fake_slack.wait_for(RESPOND)
    assert "MLROLE_QUESTION_LOG=off" in told.body["text"]


def test_days_are_a_whole_number_in_range_defaulting_to_30() -> None:
    assert [parse_days(text) for text in ("", " 7 ", "3650")] == [30, 7, 3650]
    assert [parse_days(text) for text in ("0", "-1", "7.5", "seven", "3651", "٣")] == [None] * 6
