"""The baseline: a bare Bolt AsyncApp whose `/mlrole` acks a constant string, served exactly as mlrole is.

Same settings from the same environment, same logging, and served by the same function as `mlrole serve`
(`bot.server.serve_forever`: the aiohttp app, its per-request work, signals, the graceful stop): the only
difference is the app behind `/slack/events`. What mlrole costs beyond this is what mlrole adds to Bolt.

By default the app is as most Bolt apps are written (`process_before_response=False`: Bolt runs the listener
as a task and polls for its ack every 10 ms); `--process-before-response` acks inline, as mlrole does.

    PORT=0 SLACK_BOT_TOKEN=... SLACK_SIGNING_SECRET=... python -m benchmarks.bare_bolt [--host HOST] \
        [--process-before-response]
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


INLINE_FLAG: Final = "--process-before-response"


def create_bare_app(settings: Settings, *, process_before_response: bool = False) -> AsyncApp:
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.slack_api_url)
    app = AsyncApp(
        client=client, signing_secret=settings.signing_secret, process_before_response=process_before_response
    )

    @app.command("/mlrole")
    async def reply(ack: AsyncAck) -> None:
        await ack(REPLY)

    return app


def empty_store() -> KnowledgeStore:
    """`/healthz` reports a knowledge base version; the baseline has none worth loading."""
    kb = KnowledgeBase(version="bare-bolt", source="none", roles=(), approaches=(), tasks=())
    return KnowledgeStore(kb)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    inline = INLINE_FLAG in args

    async def serve(settings: Settings, *, host: str) -> int:
        app = create_bare_app(settings, process_before_response=inline)
        await serve_forever(app, empty_store(), host=host, settings=settings)
        return 0

    rest = [arg for arg in args if arg != INLINE_FLAG]
    return server_main(rest, prog="python -m benchmarks.bare_bolt", description=__doc__, serve=serve)


if __name__ == "__main__":
    sys.exit(main())
