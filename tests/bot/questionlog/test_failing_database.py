"""A read-only or missing database changes no answer: recording fails quietly (logged once a minute)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import create_app
from bot.questionlog.recorder import SqlQuestionLog
from bot.server import EVENTS_PATH, build_web_app, start_server
from bot.settings import Settings
from knowledge.base.store import KnowledgeStore
from tests.bot.questionlog.conftest import open_log
from tests.fakes.env import SIGNING_SECRET
from tests.fakes.logs import recording
from tests.fakes.question_log import WatchedLog
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_client import SlackClient, mention

QUESTIONS = (
    "who owns deployment?",
    "what does a data engineer do",
    "who does payroll",
    "recommend size=small",
)
_ID = re.compile(r"[0-9a-f]{32}")


def _masked(message: dict[str, Any]) -> str:
    """An answer with its question ids masked: they are fresh for every question by design."""
    return _ID.sub("<id>", json.dumps(message, sort_keys=True))


async def _answers(
    settings: Settings, store: KnowledgeStore, fake: FakeSlack, log: SqlQuestionLog
) -> list[str]:
    watched = WatchedLog(log)
    app = create_app(settings, store, questions=watched)
    running = await start_server(
        build_web_app(app, store, signing_secret=SIGNING_SECRET), host="127.0.0.1", port=0
    )
    try:
        async with aiohttp.ClientSession() as session:
            slack = SlackClient(
                url=running.url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake
            )
            answers = [_masked((await slack.command(q)).json()) for q in QUESTIONS]
            before = len(fake.calls_to("chat.postMessage"))
            await slack.event(mention(f"17000000{len(answers)}.000100", QUESTIONS[0]))
            [*_, post] = await fake.wait_for("chat.postMessage", count=before + 1)
            answers.append(_masked({"text": post.body["text"], "blocks": post.blocks}))
            await watched.written(asked=len(QUESTIONS) + 1)
    finally:
        await running.close()
        await log.close()
    return answers


@pytest.fixture
async def healthy_answers(
    settings: Settings, store: KnowledgeStore, fake_slack: FakeSlack, tmp_path: Path
) -> AsyncIterator[list[str]]:
    yield await _answers(settings, store, fake_slack, await open_log(f"sqlite:///{tmp_path / 'ok.db'}"))


async def test_a_read_only_database_changes_no_answer_and_is_logged_once(
    settings: Settings,
    store: KnowledgeStore,
    fake_slack: FakeSlack,
    tmp_path: Path,
    healthy_answers: list[str],
) -> None:
    path = tmp_path / "ro.db"
    setup = await open_log(f"sqlite:///{path}")  # created and migrated, then opened read-only
    await setup.close()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"

    with recording(level=logging.ERROR) as log:
        answers = await _answers(settings, store, fake_slack, await open_log(read_only))

    assert answers == healthy_answers
    failures = log.matching(
        lambda r: "could not record" in r.getMessage() or "cannot be used" in r.getMessage()
    )
    assert len(failures) == 1, "logged once a minute at most, not once per question"


async def test_a_missing_database_file_changes_no_answer(
    settings: Settings,
    store: KnowledgeStore,
    fake_slack: FakeSlack,
    tmp_path: Path,
    healthy_answers: list[str],
) -> None:
    missing = tmp_path / "no-such-directory" / "mlrole.db"

    with recording(level=logging.ERROR) as log:
        answers = await _answers(settings, store, fake_slack, await open_log(f"sqlite:///{missing}"))

    assert answers == healthy_answers
    assert len(log.records) == 1
    assert not missing.exists()
