"""`mlrole serve`: the bot over HTTP. Slack sends every request to `POST /slack/events` on `$PORT`.

`--workers N` (default `WEB_CONCURRENCY`, else 1) runs N processes on that port (`bot.workers`). With
`REDIS_URL`, instances and workers share retry de-duplication and reloads (`bot.dedup`, `bot.peers`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Final

from bot.app import create_app
from bot.peers import Peers
from bot.questionlog.opening import close_question_log, open_log
from bot.redis_link import RedisLink
from bot.server import serve_forever
from bot.settings import MAX_WORKERS, WEB_CONCURRENCY, Settings
from bot.slack_auth import TokenRejected, check_bot_token, finish_check
from bot.startup import EXIT_CONFIG, configure_logging, load_settings, open_store
from bot.workers import READY_FD, notify_ready, supervise, watch_supervisor

HELP: Final = "run the Slack app over HTTP on $PORT (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
DEFAULT_HOST: Final = "0.0.0.0"  # noqa: S104 -- behind a platform's router, a web process listens on all


def _workers(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_WORKERS}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the interface to listen on (default: {DEFAULT_HOST})"
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help=f"processes answering on the port (default: ${WEB_CONCURRENCY}, else 1); set REDIS_URL too",
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, mode="http")
    if settings is None:
        return EXIT_CONFIG
    configure_logging(settings)
    workers: int = args.workers or settings.workers
    if workers > 1:
        return asyncio.run(supervise(settings, host=args.host, workers=workers))
    return asyncio.run(serve(settings, host=args.host))


async def serve(settings: Settings, *, host: str) -> int:
    """Serve until SIGTERM or SIGINT. Logs `listening on http://HOST:PORT` once it accepts requests.

    A bot token Slack rejects at start-up exits 2 (`bot.slack_auth`)."""
    store = await open_store(settings)
    if store is None:
        return EXIT_CONFIG
    try:
        checking = await check_bot_token(settings)
    except TokenRejected as exc:
        print(f"mlrole: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    questions = await open_log(settings)
    if questions is None:
        return EXIT_CONFIG
    link = RedisLink(settings.redis_url, prefix=settings.redis_prefix) if settings.redis_url else None
    peers = Peers(link, store) if link is not None else None
    in_pool = READY_FD in os.environ  # started by `mlrole serve --workers N`
    watching = asyncio.create_task(watch_supervisor(os.getppid())) if in_pool else None
    if peers is not None:
        peers.start()

    async def stopping() -> None:
        if watching is not None:
            watching.cancel()
        if peers is not None:
            await peers.close()

    try:
        await serve_forever(
            create_app(settings, store, link=link, questions=questions),
            store,
            host=host,
            settings=settings,
            health=peers.health if peers is not None else None,
            reuse_port=in_pool,
            on_listening=lambda _: notify_ready(os.environ),
            on_stopping=stopping,
        )
    finally:
        await stopping()  # again, harmless: if the server never started
        if link is not None:
            await link.close()
        await close_question_log(questions)  # what is still buffered is written
    rejected = finish_check(checking)
    if rejected is not None:
        print(f"mlrole: {rejected}", file=sys.stderr)
        return EXIT_CONFIG
    return 0
