"""The gaps report where maintainers read it: `mlrole gaps` offline, `/mlrole gaps` for admins in Slack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from handlers.blocks import Message
from tests.fakes.env import ADMIN_ID
from tests.fakes.question_log import WatchedLog
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import SlackClient
from tests.handlers.conftest import assert_within_limits


async def _ask(slack: SlackClient, watched: WatchedLog) -> None:
    # Out of the bundled knowledge base's scope, worded differently: one gap.
    for user, question in (("U1", "who orders the printer toner"), ("U2", "printer toner ordering owner?")):
        await slack.command(question, user=user)
    await slack.command("who owns deployment?")
    await watched.written(asked=3)


async def test_mlrole_gaps_prints_the_report_as_json(
    slack: SlackClient,
    watched: WatchedLog,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _ask(slack, watched)
    monkeypatch.setenv("MLROLE_DATABASE_URL", db_url)

    code = await _run_cli(["gaps", "--days", "7", "--json"])

    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (report["days"], report["questions"]) == (7, 3)
    [gap] = report["unanswered"]
    assert (gap["count"], gap["askers"]) == (2, 2)
    assert report["top"] == [{"kind": "task", "id": "deployment", "count": 1}]


async def test_mlrole_gaps_prints_every_list_for_a_terminal(
    slack: SlackClient,
    watched: WatchedLog,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    await _ask(slack, watched)
    monkeypatch.setenv("MLROLE_DATABASE_URL", db_url)

    assert await _run_cli(["gaps"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("3 questions in the last 30 days")
    assert "2x  'who orders the printer toner'  (2 people)" in out
    assert "also 'printer toner ordering owner?'" in out
    assert "1x  task deployment" in out


async def _run_cli(argv: list[str]) -> int:
    import asyncio

    return await asyncio.to_thread(main, argv)  # `mlrole gaps` runs its own event loop


def test_mlrole_gaps_without_a_database_says_so_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MLROLE_DATABASE_URL", f"sqlite:///{tmp_path / 'never.db'}")

    assert main(["gaps"]) == 0

    assert "no question log" in capsys.readouterr().err
    assert not (tmp_path / "never.db").exists(), "reading the report creates nothing"


async def test_slash_gaps_shows_an_admin_the_report_and_refuses_others(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    await _ask(slack, watched)

    acked = (await slack.command("gaps 7", user=ADMIN_ID)).json()
    [shown] = await fake_slack.wait_for(RESPOND)
    await slack.command("gaps", user="UNOBODY01")
    _, refused = await fake_slack.wait_for(RESPOND, count=2)

    assert acked["text"] == "Reading the question log…", "the ack never waits for the database"
    report: Message = {"text": shown.body["text"], "blocks": shown.blocks}
    assert_within_limits(report)
    assert "printer toner" in json.dumps(report["blocks"])
    assert "mlrole gaps --days 7" in json.dumps(report["blocks"])
    assert "only mlrole admins" in refused.body["text"]


async def test_slash_gaps_with_days_it_cannot_read_says_so_in_the_ack(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog
) -> None:
    bad = (await slack.command("gaps soon", user=ADMIN_ID)).json()

    assert "whole number" in bad["text"]
