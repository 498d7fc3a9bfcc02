"""The benchmark command end to end with tiny counts, so its code paths cannot rot. No timing is asserted.

It starts what the real run starts (the fake Slack API, `mlrole serve`, bare Bolt with its defaults and
acking inline, `mlrole serve --workers 2`, a load generator process, `mlrole ask`) and checks that every
request was accepted and every figure is there, at each concurrency.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from benchmarks.run import main

TINY = ["--rounds", "1", "--warmup", "0", "--startup-runs", "1", "--matcher-repeats", "1"]


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, dict[str, Any]]:
    out = tmp_path / "figures.json"
    assert main([*TINY, *args, "--json", str(out)]) == 0
    return capsys.readouterr().out, json.loads(out.read_text(encoding="utf-8"))


def _check_figures(document: dict[str, Any], table: str) -> None:
    assert document["matcher"]["questions"] > 0
    assert document["matcher"]["per_second"] > 0
    assert document["startup"]["runs"] == 1
    assert [run["concurrency"] for run in document["http"]] == [2, 1]
    for http in document["http"]:
        servers = http["servers"]
        assert set(servers) == {
            "mlrole",
            "bare Bolt",
            "bare Bolt, process_before_response",
            "mlrole, question log off",
            "mlrole, 2 workers",
        }
        for server in servers.values():
            (run,) = server["rounds"]
            assert run["requests"] > 0
            assert run["errors"] == 0
        if Path("/proc/self/status").exists():
            assert servers["mlrole"]["memory"]["peak_bytes"] > 0
            assert servers["mlrole"]["cpu_per_request_us"] > 0
            workers, one = servers["mlrole, 2 workers"]["memory"], servers["mlrole"]["memory"]
            assert workers["peak_bytes"] > one["peak_bytes"], "the supervisor and both workers, all told"
    rows = (
        "| Matcher latency",
        "| HTTP throughput at concurrency 2, mlrole / bare Bolt (defaults)",
        "| HTTP latency p50 at concurrency 1, mlrole / bare Bolt (defaults)",
        "| 2 | mlrole |",
        "| 1 | bare Bolt |",
        "| 1 | bare Bolt, process_before_response |",
        "| 1 | mlrole, question log off |",
        "| HTTP throughput at concurrency 2, mlrole with the question log on / off",
        "| 2 | question log on / off |",
        "| HTTP throughput at concurrency 2, mlrole 2 workers / 1 process",
        "| 2 | mlrole, 2 workers |",
    )
    for row in rows:
        assert row in table


def test_the_benchmark_runs_with_the_aiohttp_load_generator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, document = _run(
        tmp_path,
        capsys,
        *("--loadgen", "aiohttp", "--concurrency", "2", "1", "--max-requests", "20", "--duration", "60"),
    )
    _check_figures(document, table)
    for http in document["http"]:
        assert http["tool"] == "aiohttp"
        for server in http["servers"].values():
            assert server["rounds"][0]["requests"] == 20


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_the_benchmark_runs_with_wrk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table, document = _run(tmp_path, capsys, "--loadgen", "wrk", "--concurrency", "2", "1", "--duration", "1")
    _check_figures(document, table)
    assert all(http["tool"] == "wrk" for http in document["http"])
