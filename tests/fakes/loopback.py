"""Where every fake listens: an aiohttp app on 127.0.0.1 and a free port, for as long as a block runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Final

from aiohttp import web

HOST: Final = "127.0.0.1"


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[int]:
    """Serve `app` on HOST and a port the system picks (never a fixed one); yields that port."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, HOST, 0).start()
    try:
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()
