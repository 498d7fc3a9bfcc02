"""The baseline: a bare Bolt AsyncApp whose `/mlrole` acks a constant string, served exactly as mlrole is.

Same settings from the same environment, same logging, and served by the same function as `mlrole serve`
(`bot.server.serve_forever`: the aiohttp app, its per-request work, signals, the graceful stop): the only
difference is the app behind `/slack/events`. What mlrole costs beyond this is what mlrole adds to Bolt.

    PORT=0 SLACK_BOT_TOKEN=... SLACK_SIGNING_SECRET=... python -m benchmarks.bare_bolt [--host HOST]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Final

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from benchmarks.server_main import server_main
from bot.server import serve_forever
from bot.settings import Settings
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore

REPLY: Final = "Bare Bolt acked this command."


def create_bare_app(settings: Settings) -> AsyncApp:
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.slack_api_url)
    app = AsyncApp(client=client, signing_secret=settings.signing_secret)

    @app.command("/mlrole")
    async def reply(ack: AsyncAck) -> None:
        await ack(REPLY)

    return app


def empty_store() -> KnowledgeStore:
    """`/healthz` reports a knowledge base version; the baseline has none worth loading."""
    kb = KnowledgeBase(version="bare-bolt", source="none", roles=(), approaches=(), tasks=())
    return KnowledgeStore(kb)


async def serve(settings: Settings, *, host: str) -> int:
    await serve_forever(create_bare_app(settings), empty_store(), host=host, port=settings.port)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return server_main(argv, prog="python -m benchmarks.bare_bolt", description=__doc__, serve=serve)


if __name__ == "__main__":
    sys.exit(main())
