"""The load generator: replay signed slash commands at a server with a fixed concurrency, in its own process.

wrk (Debian package `wrk`) is used when installed: it is C, so at this scale it is never the bottleneck.
Without it, the same requests are sent by an aiohttp client run as a separate process
(`python -m benchmarks.loadgen SPEC.json`). Either way the result is one `LoadResult`.

    python -m benchmarks.loadgen SPEC.json   # the aiohttp fallback; prints one JSON result line
"""

from __future__ import annotations

import asyncio
import json
import math
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import aiohttp

from benchmarks import procs
from benchmarks.slack_requests import CONTENT_TYPE, SignedRequest

Tool = Literal["wrk", "aiohttp"]
RESULT_MARKER: Final = "MLROLE-LOAD-RESULT "
REQUEST_TIMEOUT_S: Final = 10
RUN_MARGIN_S: Final = 60.0
"""How much longer than its duration a load run may take before it counts as hung."""


@dataclass(frozen=True, slots=True)
class LoadSpec:
    url: str
    """The full URL to POST to: `http://127.0.0.1:<port>/slack/events`."""
    concurrency: int
    duration_s: float
    max_requests: int | None = None
    """Stop after this many requests (aiohttp client only; wrk runs for its duration). For smoke tests."""
    threads: int = 1
    """wrk threads. One keeps a 2-core machine's other core for the server under test."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    tool: Tool
    requests: int
    duration_s: float
    errors: int
    """Responses outside 2xx/3xx, plus connection errors and timeouts."""
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0


def choose_tool(preference: Literal["auto", "wrk", "aiohttp"]) -> Tool:
    if preference == "aiohttp":
        return "aiohttp"
    if shutil.which("wrk"):
        return "wrk"
    if preference == "wrk":
        raise RuntimeError("wrk is not installed (Debian/Ubuntu: apt-get install wrk)")
    return "aiohttp"


def tool_version(tool: Tool) -> str:
    if tool == "aiohttp":
        return f"aiohttp {aiohttp.__version__} client"
    # `wrk --version` prints its banner and exits with status 1.
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False).stdout
    words = out.split()  # "wrk debian/4.1.0-3+b2 [epoll] ..." or "wrk 4.2.0 [epoll] ..."
    return f"wrk {words[1].rpartition('/')[2]}" if len(words) > 1 else "wrk"


async def run_load(
    spec: LoadSpec, requests: Sequence[SignedRequest], *, tool: Tool, workdir: Path
) -> LoadResult:
    if tool == "wrk":
        data = workdir / "load.tsv"
        data.write_text(wrk_data(requests), encoding="utf-8")
        script = workdir / "load.lua"
        script.write_text(wrk_script(data_path=str(data), path=urlsplit(spec.url).path), encoding="utf-8")
        argv = [
            "wrk",
            f"--threads={max(1, min(spec.threads, spec.concurrency))}",
            f"--connections={spec.concurrency}",
            f"--duration={max(1, round(spec.duration_s))}s",
            f"--timeout={REQUEST_TIMEOUT_S}s",
            f"--script={script}",
            spec.url,
        ]
    else:
        spec_file = workdir / "load.json"
        spec_file.write_text(json.dumps(_spec_document(spec, requests)), encoding="utf-8")
        argv = procs.python_module("benchmarks.loadgen", str(spec_file))
    output = await procs.run_to_end(
        f"load generator ({tool})",
        argv,
        env=procs.child_env(),
        log=workdir / f"load-{tool}.log",
        limit_s=spec.duration_s + RUN_MARGIN_S,
    )
    return parse_result(output, tool=tool)


def parse_result(output: str, *, tool: Tool) -> LoadResult:
    for line in output.splitlines():
        if line.startswith(RESULT_MARKER):
            raw = json.loads(line.removeprefix(RESULT_MARKER))
            return LoadResult(
                tool=tool,
                requests=int(raw["requests"]),
                duration_s=float(raw["duration_us"]) / 1e6,
                errors=int(raw["status_errors"]) + int(raw["socket_errors"]),
                p50_ms=float(raw["p50_us"]) / 1e3,
                p99_ms=float(raw["p99_us"]) / 1e3,
            )
    raise procs.ProcessFailed(f"the {tool} load generator printed no result:\n{output}")


# --- wrk ----------------------------------------------------------------------------------------------------


def lua_string(text: str) -> str:
    """A Lua string literal for any text: printable ASCII as is, every other byte as a decimal escape."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        out.append(char if 32 <= byte < 127 and char not in '\\"' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def wrk_data(requests: Sequence[SignedRequest]) -> str:
    """One request a line, `timestamp TAB signature TAB body`: a form-encoded body has no tab or newline."""
    lines = []
    for r in requests:
        if any(c in field for field in (r.body, r.timestamp, r.signature) for c in "\t\r\n"):
            raise ValueError("a request holds a tab or a line break: it cannot be a line of wrk's data")
        lines.append(f"{r.timestamp}\t{r.signature}\t{r.body}\n")
    return "".join(lines)


def wrk_script(*, data_path: str, path: str) -> str:
    """A wrk script that reads and formats every request of `data_path` (see `wrk_data`) once per thread,
    replays them in turn, and reports JSON. Read from a file: tens of thousands of requests would exceed what
    Lua takes as literals in one script."""
    return f"""-- Generated by benchmarks/loadgen.py: replays signed /mlrole slash commands.
local prepared = {{}}
local turn = 0

function init(args)
  local data = assert(io.open({lua_string(data_path)}, "rb"))
  for line in data:lines() do
    local timestamp, signature, body = line:match("^([^\\t]*)\\t([^\\t]*)\\t(.*)$")
    prepared[#prepared + 1] = wrk.format("POST", {lua_string(path)}, {{
      ["Content-Type"] = {lua_string(CONTENT_TYPE)},
      ["X-Slack-Request-Timestamp"] = timestamp,
      ["X-Slack-Signature"] = signature,
    }}, body)
  end
  data:close()
end

function request()
  turn = turn % #prepared + 1
  return prepared[turn]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{lua_string(RESULT_MARKER)[1:-1]}{{"requests": %.0f, "duration_us": %.0f, "status_errors": %.0f, '
      .. '"socket_errors": %.0f, "p50_us": %.0f, "p99_us": %.0f}}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


# --- the aiohttp fallback, run as its own process ---------------------------------------------------------


def _spec_document(spec: LoadSpec, requests: Sequence[SignedRequest]) -> dict[str, Any]:
    return {"spec": asdict(spec), "requests": [asdict(r) for r in requests]}


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values; 0 for none."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


async def client_run(spec: LoadSpec, requests: Sequence[SignedRequest]) -> dict[str, float]:
    """Keep `concurrency` requests in flight until the duration (or request budget) runs out."""
    latencies: list[float] = []
    counts = {"issued": 0, "status_errors": 0, "socket_errors": 0}
    bodies = [(r.body.encode(), dict(r.headers)) for r in requests]
    connector = aiohttp.TCPConnector(limit=spec.concurrency)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    start = time.perf_counter()
    deadline = start + spec.duration_s

    def more() -> bool:
        within_budget = spec.max_requests is None or counts["issued"] < spec.max_requests
        return within_budget and time.perf_counter() < deadline

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:

        async def worker() -> None:
            while more():
                body, headers = bodies[counts["issued"] % len(bodies)]
                counts["issued"] += 1
                sent = time.perf_counter()
                try:
                    async with session.post(spec.url, data=body, headers=headers) as response:
                        await response.read()
                        if not 200 <= response.status < 400:
                            counts["status_errors"] += 1
                except (aiohttp.ClientError, TimeoutError):
                    counts["socket_errors"] += 1
                    continue
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(worker() for _ in range(spec.concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "duration_us": elapsed * 1e6,
        "status_errors": counts["status_errors"],
        "socket_errors": counts["socket_errors"],
        "p50_us": percentile(latencies, 50) * 1e6,
        "p99_us": percentile(latencies, 99) * 1e6,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m benchmarks.loadgen SPEC.json", file=sys.stderr)
        return 2
    document = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    spec = LoadSpec(**document["spec"])
    requests = [SignedRequest(**r) for r in document["requests"]]
    result = asyncio.run(client_run(spec, requests))
    print(RESULT_MARKER + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
