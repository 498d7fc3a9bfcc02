"""Every surface's questions reach the database, after the reply, with the asker as a keyed hash only.

The real bot over HTTP, the fake Slack, and a real database (SQLite; PostgreSQL too when
`MLROLE_TEST_POSTGRES_URL` is set).
"""

from __future__ import annotations

import json

from bot.app import create_app
from bot.settings import Settings
from handlers.ids import FORM
from handlers.once import RecentIds
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore
from tests.bot.questionlog.conftest import hashed, rows
from tests.bot.test_event_retries import retry_headers
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.question_log import WatchedLog
from tests.fakes.slack_api import RESPOND, FakeSlack
from tests.fakes.slack_client import JSON, USER_ID, SlackClient, buttons, form_values, mention
from tests.handlers.test_actions import close_call
from tests.handlers.test_recommend import _open_form

DM_CHANNEL = "D0000DM01"


def dm(text: str, ts: str) -> dict[str, object]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": DM_CHANNEL,
        "user": USER_ID,
        "text": text,
        "ts": ts,
    }


async def test_questions_on_every_surface_are_recorded_with_the_askers_hash_and_not_their_id(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog, db_url: str, bundled_kb: KnowledgeBase
) -> None:
    await slack.command("who owns deployment?")
    await slack.event(mention("1700000001.000100", "what does a data engineer do"))
    await slack.event(dm("who labels the data", "1700000002.000100"))
    await slack.command("recommend size=startup people=5")
    await fake_slack.wait_for("chat.postMessage", count=2)
    await watched.written(asked=4)

    found = {row["surface"]: row for row in await rows(db_url)}

    assert set(found) == {"slash", "mention", "dm", "recommend"}
    for row in found.values():
        assert row["asker"] == hashed(USER_ID)
        assert USER_ID not in json.dumps(row, default=str)
        assert row["kb_version"] == bundled_kb.version
    assert (found["slash"]["text"], found["slash"]["kind"], found["slash"]["entry_id"]) == (
        "who owns deployment?",
        "task",
        "deployment",
    )
    assert found["slash"]["score"] > 0
    assert found["mention"]["text"] == "what does a data engineer do"
    assert (found["mention"]["kind"], found["mention"]["entry_id"]) == ("role", "data-engineer")
    assert found["dm"]["text"] == "who labels the data"
    assert (found["recommend"]["kind"], found["recommend"]["text"]) == ("recommend", "size=startup people=5")


async def test_a_did_you_mean_choice_is_recorded_and_resolves_the_question(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog, db_url: str, bundled_kb: KnowledgeBase
) -> None:
    question, alternatives = close_call(bundled_kb)
    ack = (await slack.command(question)).json()
    choice = buttons(ack["blocks"])[0]

    await slack.click(choice, ephemeral=True)
    [replaced] = await fake_slack.wait_for(RESPOND)
    await watched.written(asked=2)

    asked, chosen = sorted(await rows(db_url), key=lambda row: row["surface"] != "slash")
    assert (asked["kind"], asked["alternatives"]) == ("none", list(alternatives))
    assert (chosen["surface"], chosen["entry_id"], chosen["resolves"]) == (
        "choice",
        alternatives[0],
        asked["id"],
    )
    up = [b for b in buttons(replaced.body["blocks"]) if b["text"]["text"] == "Helpful"]
    assert up and chosen["id"] in up[0]["value"], "the chosen answer's feedback names the choice"


async def test_a_long_question_is_kept_to_1000_characters(
    slack: SlackClient, watched: WatchedLog, db_url: str
) -> None:
    await slack.command("who owns deployment " + "and more " * 300)
    await watched.written(asked=1)

    [row] = await rows(db_url)
    assert len(row["text"]) == 1000


async def test_a_retried_event_is_recorded_once_even_by_a_second_instance(
    slack: SlackClient,
    fake_slack: FakeSlack,
    watched: WatchedLog,
    db_url: str,
    settings: Settings,
    store: KnowledgeStore,
) -> None:
    body = json.dumps(slack.event_payload(mention("1700000003.000100", "who owns deployment")))
    await slack.post(body, content_type=JSON)
    for n in (1, 2):
        await slack.post(body, content_type=JSON, extra_headers=retry_headers(n))
    await fake_slack.wait_for("chat.postMessage")
    await watched.written(asked=1)
    # Another instance, which never saw the first delivery, answers the retry and records it again.
    other = create_app(settings, store, questions=watched, seen_events=RecentIds())
    from bot.server import build_web_app, start_server

    running = await start_server(
        build_web_app(other, store, signing_secret=SIGNING_SECRET), host="127.0.0.1", port=0
    )
    try:
        second = SlackClient(
            url=running.url + "/slack/events", secret=slack.secret, session=slack.session, slack=fake_slack
        )
        await second.post(body, content_type=JSON, extra_headers=retry_headers(3))
        await fake_slack.wait_for("chat.postMessage", count=2)
        await watched.written(asked=2)
    finally:
        await running.close()

    assert len(watched.asked) == 2, "two instances each answered once"
    assert len(await rows(db_url)) == 1, "one delivery, one row"


async def test_a_bare_mention_and_usage_are_not_questions(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog, db_url: str
) -> None:
    await slack.command("")
    await slack.command("help")
    await slack.event(mention("1700000004.000100", ""))
    await slack.command("who owns deployment")
    await fake_slack.wait_for("chat.postMessage")
    await watched.written(asked=1)

    assert [row["text"] for row in await rows(db_url)] == ["who owns deployment"]


async def test_a_submitted_recommendation_form_is_recorded_with_its_inputs(
    slack: SlackClient, fake_slack: FakeSlack, watched: WatchedLog, db_url: str
) -> None:
    view = await _open_form(slack, fake_slack)

    await slack.submit(view, form_values(view, {FORM.field("size"): "large"}))
    [posted] = await fake_slack.wait_for("chat.postEphemeral")
    await watched.written(asked=1)

    [row] = await rows(db_url)
    assert (row["surface"], row["kind"], row["asker"]) == ("recommend", "recommend", hashed(USER_ID))
    assert "size=large" in row["text"]
    assert row["id"] in json.dumps(posted.blocks), "the posted recommendation's feedback names it"
