"""Child processes: ready by a line of their output, and a failure that carries what they printed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.procs import ProcessFailed, child_env, run_to_end, start, stop_all


def _ready(line: str) -> str | None:
    return line.removeprefix("ready at ") if line.startswith("ready at ") else None


async def test_a_child_is_ready_when_it_prints_its_ready_line(tmp_path: Path) -> None:
    script = "import time; print('starting'); print('ready at 42', flush=True); time.sleep(60)"
    child, value = await start(
        "sleeper", [sys.executable, "-c", script], env=child_env(), log=tmp_path / "c.log", ready=_ready
    )
    try:
        assert value == "42"
        assert child.running
    finally:
        await stop_all([child])
    assert not child.running
    assert "starting" in child.tail()


async def test_a_child_that_exits_before_it_is_ready_fails_with_its_output(tmp_path: Path) -> None:
    script = "import sys; print('no settings here', file=sys.stderr); sys.exit(3)"
    with pytest.raises(ProcessFailed, match=r"(?s)status 3 before it was ready.*no settings here"):
        await start(
            "broken", [sys.executable, "-c", script], env=child_env(), log=tmp_path / "b.log", ready=_ready
        )


async def test_run_to_end_returns_the_output_or_fails_with_it(tmp_path: Path) -> None:
    ok = await run_to_end(
        "ok",
        [sys.executable, "-c", "print('result line')"],
        env=child_env(),
        log=tmp_path / "ok.log",
        limit_s=30,
    )
    assert ok.strip() == "result line"
    with pytest.raises(ProcessFailed, match=r"(?s)status 2.*went wrong"):
        await run_to_end(
            "bad",
            [sys.executable, "-c", "import sys; print('went wrong'); sys.exit(2)"],
            env=child_env(),
            log=tmp_path / "bad.log",
            limit_s=30,
        )


async def test_error_lines_are_found_in_json_and_plain_logs(tmp_path: Path) -> None:
    lines = [
        '{"level": "INFO", "message": "answered a Slack request: 200 in 10.6 ms"}',
        '{"level": "ERROR", "message": "could not answer"}',
        "2026-01-01 12:00:00 INFO mlrole listening",
        "2026-01-01 12:00:01 ERROR mlrole failed",
        "Traceback (most recent call last):",
        '{"level": "INFO", "message": "the word error in a question is fine"}',
    ]
    script = f"print({chr(10).join(lines)!r})"
    child, _ = await start("logger", [sys.executable, "-c", script], env=child_env(), log=tmp_path / "l.log")
    assert await child.process.wait() == 0
    assert child.error_lines() == [lines[1], lines[3], lines[4]]
