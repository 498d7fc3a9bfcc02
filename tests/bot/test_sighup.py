"""SIGHUP reloads the knowledge base of a real `mlrole serve` process; a broken one is logged, not served.

The test waits for the process's own reload log line (the new version, or the error with its file and
line), then reads `/healthz`: no sleeps, no polling.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.server import EVENTS_PATH, HEALTH_PATH
from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_path
from tests.bot.serve_process import Process, start_serve
from tests.fakes.env import BOT_TOKEN, SIGNING_SECRET
from tests.fakes.knowledge import KB_YAML, write_atomically
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import SlackClient

WITH_ALIAS = KB_YAML.replace("aliases: [ds]", "aliases: [ds, modeler]")
SYNTAX_ERROR = WITH_ALIAS.replace("aliases: [mle]", "aliases: [mle")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")


async def health(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with session.get(url + HEALTH_PATH) as response:
        data = await response.json()
        assert isinstance(data, dict)
        return data


async def sighup_and_wait_for(process: Process, *needles: str) -> str:
    """Send SIGHUP, then wait for the reload's log line (one naming SIGHUP and every needle)."""
    seen = len(process.lines)
    process.proc.send_signal(signal.SIGHUP)
    return await process.wait_for_line(
        lambda line: "SIGHUP" in line and all(needle in line for needle in needles), after=seen
    )


async def test_sighup_reloads_and_a_broken_knowledge_base_keeps_the_old_one_serving(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    kb_dir = tmp_path / "kb"
    kb_dir.mkdir()
    kb_file = write_atomically(kb_dir / "kb.yaml", KB_YAML)
    first_version = load_path(kb_dir).version

    async with (
        start_serve(fake_slack, MLROLE_KNOWLEDGE=str(kb_dir)) as process,
        aiohttp.ClientSession() as session,
    ):
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        before = await health(session, url)
        assert before["version"] == first_version

        write_atomically(kb_file, WITH_ALIAS)
        new_version = load_path(kb_dir).version
        await sighup_and_wait_for(process, f"new_version='{new_version}'")

        after = await health(session, url)
        assert after["version"] == new_version
        assert after["loaded_at"] > before["loaded_at"]
        answer = (await slack.command("modeler")).json()
        assert answer["blocks"][0]["text"]["text"] == "Data Scientist"

        write_atomically(kb_file, SYNTAX_ERROR)
        line = await sighup_and_wait_for(process, "invalid YAML")
        with pytest.raises(KnowledgeError) as caught:
            load_path(kb_dir)
        [error] = caught.value.errors
        assert error.line is not None
        assert f"{kb_file}:{error.line}: invalid YAML" in line, "the error, with its file and line, is logged"
        assert await health(session, url) == after, "the old knowledge base still serves"
        assert (await slack.command("modeler")).json()["blocks"][0]["text"]["text"] == "Data Scientist"

        assert await process.stop() == 0, "still running, and stops cleanly on SIGTERM"

    log = "".join(process.lines)
    assert "Traceback" not in log
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in log
