"""Start-up against a Slack that rejects the tokens or cannot be reached: the real `mlrole serve` and
`mlrole socket` processes, the fake Slack answering (or a port nothing listens on)."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
from collections.abc import Iterator

import aiohttp
import pytest

from bot.server import HEALTH_PATH
from tests.bot.serve_process import Process, start_mlrole, start_serve
from tests.fakes.env import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET
from tests.fakes.slack_api import WAIT_TIMEOUT, FakeSlack, Fault

STOP_WITHIN_S = 2.0
ARGS = {"serve": ("serve", "--host", "127.0.0.1"), "socket": ("socket",)}


def refusal(error: str) -> Fault:
    """Slack's answer to a token it does not accept: HTTP 200, `ok: false`."""
    return Fault(status=200, body=json.dumps({"ok": False, "error": error}), content_type="application/json")


@pytest.fixture
def unreachable_api() -> Iterator[str]:
    """A Web API URL on a loopback port that is bound but never listens: connecting is refused."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{unused.getsockname()[1]}/api/"


async def exit_of(process: Process) -> tuple[int, str]:
    code = await asyncio.wait_for(process.proc.wait(), WAIT_TIMEOUT)
    await process.drained()
    return code, "".join(process.lines)


def assert_no_secret(text: str) -> None:
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in text


@pytest.mark.parametrize("command", ["serve", "socket"])
@pytest.mark.parametrize("error", ["invalid_auth", "not_authed"])
async def test_a_rejected_bot_token_exits_2_naming_it(
    fake_slack: FakeSlack, command: str, error: str
) -> None:
    fake_slack.fail("auth.test", refusal(error))
    async with start_mlrole(fake_slack, *ARGS[command]) as process:
        code, err = await exit_of(process)

    assert code == 2
    assert "SLACK_BOT_TOKEN" in err and error in err
    assert "listening on" not in err
    assert_no_secret(err)


@pytest.mark.parametrize("error", ["invalid_auth", "not_authed"])
async def test_a_rejected_app_token_exits_2_naming_it(fake_slack: FakeSlack, error: str) -> None:
    fake_slack.fail("apps.connections.open", refusal(error))
    async with start_mlrole(fake_slack, "socket") as process:
        code, err = await exit_of(process)

    assert code == 2
    assert "SLACK_APP_TOKEN" in err and error in err
    assert_no_secret(err)


async def test_sigterm_stops_a_socket_mode_bot_that_cannot_reach_slack(
    fake_slack: FakeSlack, unreachable_api: str
) -> None:
    async with start_mlrole(fake_slack, "socket", SLACK_API_URL=unreachable_api) as process:
        await process.wait_for_line(lambda line: "could not connect to Slack in Socket Mode" in line)

        started = time.monotonic()
        process.proc.send_signal(signal.SIGTERM)
        code, err = await exit_of(process)
        took = time.monotonic() - started

    assert code == 0
    assert took < STOP_WITHIN_S, f"took {took:.1f} s to stop"
    assert "could not check SLACK_BOT_TOKEN" in err
    assert "Traceback" not in err
    retries = [line for line in process.lines if "could not connect to Slack" in line]
    assert all(len(line) < 500 for line in retries), "one short line per attempt"


@pytest.mark.parametrize("method", ["auth.test", "apps.connections.open"])
async def test_sigterm_stops_a_socket_mode_bot_while_slack_keeps_it_waiting(
    fake_slack: FakeSlack, method: str
) -> None:
    held = fake_slack.hold(method)
    async with start_mlrole(fake_slack, "socket") as process:
        await fake_slack.wait_for(method)

        started = time.monotonic()
        process.proc.send_signal(signal.SIGTERM)
        code, _ = await exit_of(process)
        took = time.monotonic() - started
    held.release()

    assert code == 0
    assert took < STOP_WITHIN_S, f"took {took:.1f} s to stop"


async def test_an_unreachable_slack_does_not_keep_mlrole_serve_from_starting(
    fake_slack: FakeSlack, unreachable_api: str
) -> None:
    async with start_serve(fake_slack, SLACK_API_URL=unreachable_api) as process:
        url = await asyncio.wait_for(process.url, WAIT_TIMEOUT)
        async with aiohttp.ClientSession() as session, session.get(url + HEALTH_PATH) as health:
            assert health.status == 200
        assert await process.stop() == 0

    warning = next(line for line in process.lines if "could not check SLACK_BOT_TOKEN" in line)
    assert json.loads(warning)["level"] == "WARNING"


@pytest.mark.parametrize("command", ["serve", "socket"])
async def test_a_bot_token_rejected_once_slack_is_back_stops_the_bot_with_status_2(
    fake_slack: FakeSlack, command: str
) -> None:
    fake_slack.fail("auth.test", Fault.dropped(), refusal("invalid_auth"))
    fake_slack.hold("apps.connections.open")  # Socket Mode is still connecting when the answer comes
    async with start_mlrole(fake_slack, *ARGS[command]) as process:
        code, err = await exit_of(process)

    assert code == 2
    assert "could not check SLACK_BOT_TOKEN" in err
    assert "Slack rejected SLACK_BOT_TOKEN (invalid_auth)" in err
    assert_no_secret(err)
