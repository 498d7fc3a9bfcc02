"""A minimal stand-in for Slack's Web API and `response_url`, so the servers under test never leave loopback.

It answers `auth.test` (which Bolt calls once to learn who the bot is), every other Web API method with
`{"ok": true}`, and any POST under `/response/` with `ok`, as Slack's `response_url` does. It records
nothing: benchmarks need it cheap, not inspectable.

    python -m benchmarks.fake_slack     # prints "listening on http://127.0.0.1:<port>" once ready
"""

from __future__ import annotations

import asyncio
import signal
import sys
from typing import Final

from aiohttp import web

READY_PREFIX: Final = "listening on "
API_PATH: Final = "/api/"
RESPONSE_PATH: Final = "/response"

AUTH_TEST: Final = {
    "ok": True,
    "url": "https://bench.slack.com/",
    "team": "bench",
    "user": "mlrole",
    "team_id": "T0BENCH",
    "user_id": "U0BENCHBOT",
    "bot_id": "B0BENCHBOT",
    "is_enterprise_install": False,
}


async def _web_api(request: web.Request) -> web.Response:
    await request.read()
    if request.match_info["method"] == "auth.test":
        return web.json_response(AUTH_TEST)
    return web.json_response({"ok": True, "channel": "C0BENCH", "ts": "1700000000.000100"})


async def _response_url(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text="ok")


def build_app() -> web.Application:
    app = web.Application()
    app.router.add_post(API_PATH + "{method}", _web_api)
    app.router.add_post(RESPONSE_PATH + "/{tail:.*}", _response_url)
    return app


async def serve(host: str = "127.0.0.1", port: int = 0) -> None:
    """Serve until SIGTERM or SIGINT, announcing the bound port on stdout."""
    runner = web.AppRunner(build_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    print(f"{READY_PREFIX}http://{host}:{bound}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> int:
    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
