"""`mlrole serve` and `mlrole socket`: start-up errors, and the real subcommand answering over HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.cli import main
from bot.server import EVENTS_PATH
from knowledge.model import KnowledgeBase
from tests.fakes.env import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, deployment_env
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack
from tests.fakes.slack_client import SlackClient

SLACK_VARIABLES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "PORT",
    "MLROLE_KNOWLEDGE",
    "MLROLE_ADMINS",
)
LISTENING = re.compile(r"listening on (http://[\d.]+:\d+)")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("command", "present", "missing"),
    [
        ("serve", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ("serve", {"SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN"),
        ("socket", {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}, "SLACK_APP_TOKEN"),
        ("socket", {"SLACK_APP_TOKEN": APP_TOKEN}, "SLACK_BOT_TOKEN"),
    ],
)
def test_a_missing_variable_stops_start_up_with_status_2_naming_it(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    present: dict[str, str],
    missing: str,
) -> None:
    for name, value in present.items():
        clean_env.setenv(name, value)

    assert main([command]) == 2

    out, err = capsys.readouterr()
    assert err.startswith("mlrole: ")
    assert missing in err
    for secret in (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN):
        assert secret not in out + err


def test_a_knowledge_base_that_cannot_load_stops_start_up_with_status_2(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: os.PathLike[str]
) -> None:
    clean_env.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    clean_env.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    clean_env.setenv("MLROLE_KNOWLEDGE", os.path.join(tmp_path, "missing"))

    assert main(["serve"]) == 2

    _, err = capsys.readouterr()
    assert "MLROLE_KNOWLEDGE" in err
    assert BOT_TOKEN not in err and SIGNING_SECRET not in err


class Process:
    """`mlrole serve` in a subprocess; its stderr is collected as it runs."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.url: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        async for raw in self.proc.stderr:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            found = LISTENING.search(line)
            if found and not self.url.done():
                self.url.set_result(found.group(1))
        if not self.url.done():
            self.url.set_exception(RuntimeError("mlrole serve exited:\n" + "".join(self.lines)))

    async def stop(self) -> int:
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(self.proc.wait(), WAIT_TIMEOUT)
        await self._reader
        return code


@pytest.fixture
async def serve_process(fake_slack: FakeSlack) -> AsyncIterator[Process]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in SLACK_VARIABLES},
        **deployment_env(fake_slack),
        "PORT": "0",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        "serve",
        "--host",
        "127.0.0.1",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    process = Process(proc)
    try:
        yield process
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_mlrole_serve_answers_a_slash_command_with_a_fake_slack(
    serve_process: Process, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    url = await asyncio.wait_for(serve_process.url, WAIT_TIMEOUT)

    async with aiohttp.ClientSession() as session:
        slack = SlackClient(url=url + EVENTS_PATH, secret=SIGNING_SECRET, session=session, slack=fake_slack)
        reply = await slack.command("labeler")
        async with session.get(url + "/healthz") as health:
            assert (await health.json())["version"] == bundled_kb.version

    assert reply.status == 200
    labeler = bundled_kb.role("data-labeler")
    assert labeler is not None
    assert reply.json()["blocks"][0]["text"]["text"] == labeler.name
    assert [call.method for call in fake_slack.calls] == ["auth.test"], "Bolt asked the fake who it is"

    assert await serve_process.stop() == 0, "SIGTERM is a clean shutdown"
    log = "".join(serve_process.lines)
    for secret in (BOT_TOKEN, SIGNING_SECRET):
        assert secret not in log
