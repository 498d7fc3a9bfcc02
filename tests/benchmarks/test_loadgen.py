"""The load generators' parts: wrk's script and result, and the aiohttp fallback against a real server."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from benchmarks.loadgen import (
    RESULT_MARKER,
    LoadSpec,
    client_run,
    lua_string,
    parse_result,
    percentile,
    wrk_data,
    wrk_script,
)
from benchmarks.procs import ProcessFailed
from benchmarks.slack_requests import SignedRequest, signed_slash_commands
from tests.fakes.loopback import HOST, serving


def _unlua(literal: str) -> str:
    assert literal[0] == literal[-1] == '"'
    raw = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), literal[1:-1])
    return raw.encode("latin-1").decode()


@pytest.mark.parametrize("text", ["plain", 'quote " and \\ backslash', "new\nline", "café ✓", ""])
def test_lua_strings_are_printable_ascii_and_round_trip(text: str) -> None:
    literal = lua_string(text)
    assert literal.isascii() and literal.isprintable()
    assert _unlua(literal) == text


def test_wrk_data_holds_every_request_a_line_and_the_script_reads_it_and_reports_with_the_marker() -> None:
    requests = signed_slash_commands(["a", "b c", "d&e"], secret="s", response_url="http://127.0.0.1:1/r")
    lines = wrk_data(requests).splitlines()
    assert [line.split("\t") for line in lines] == [[r.timestamp, r.signature, r.body] for r in requests]
    script = wrk_script(data_path="/tmp/load.tsv", path="/slack/events")
    assert lua_string("/tmp/load.tsv") in script
    assert RESULT_MARKER in script
    assert '"/slack/events"' in script


def test_wrk_data_refuses_a_body_it_could_not_keep_on_one_line() -> None:
    with pytest.raises(ValueError, match="line break"):
        wrk_data([SignedRequest(body="a\nb", timestamp="1", signature="v0=x")])


def test_parse_result_converts_units() -> None:
    output = (
        "Running 1s test @ http://127.0.0.1:1/slack/events\n"
        + RESULT_MARKER
        + '{"requests": 500, "duration_us": 2000000, "status_errors": 3, "socket_errors": 1,'
        ' "p50_us": 1500, "p99_us": 12000}\n'
    )
    result = parse_result(output, tool="wrk")
    assert (result.requests, result.errors, result.rps) == (500, 4, 250.0)
    assert (result.p50_ms, result.p99_ms) == (1.5, 12.0)


def test_parse_result_without_a_result_line_fails_with_the_output() -> None:
    with pytest.raises(ProcessFailed, match="unable to connect"):
        parse_result("unable to connect to 127.0.0.1:1", tool="wrk")


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 99), percentile(values, 100)) == (50.0, 99.0, 100.0)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) == 0.0


@pytest.fixture
async def refusing_every_other() -> AsyncIterator[tuple[str, list[str]]]:
    """A loopback server that records bodies and answers 401 to every second request."""
    seen: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append(await request.text())
        return web.Response(status=200 if len(seen) % 2 else 401)

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    async with serving(app) as port:
        yield f"http://{HOST}:{port}/slack/events", seen


async def test_the_aiohttp_client_sends_its_budget_and_counts_refusals(
    refusing_every_other: tuple[str, list[str]],
) -> None:
    url, seen = refusing_every_other
    requests = [SignedRequest(body=f"n={n}", timestamp="1", signature="v0=x") for n in range(3)]
    spec = LoadSpec(url=url, concurrency=2, duration_s=30, max_requests=10)
    result = await client_run(spec, requests)
    assert result["requests"] == 10
    assert result["status_errors"] == 5
    assert result["socket_errors"] == 0
    assert sorted(seen) == sorted(["n=0", "n=1", "n=2"] * 3 + ["n=0"])
