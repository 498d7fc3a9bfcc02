"""`mlrole serve`: the bot over HTTP. Slack sends every request to `POST /slack/events` on `$PORT`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from typing import Final

from bot.app import create_app
from bot.server import build_web_app, start_server
from bot.settings import Settings
from bot.shutdown import stop_serving
from bot.sighup import reload_on_sighup
from bot.startup import EXIT_CONFIG, configure_logging, load_settings, open_store, stop_on_signals

HELP: Final = "run the Slack app over HTTP on $PORT (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
DEFAULT_HOST: Final = "0.0.0.0"  # noqa: S104 -- behind a platform's router, a web process listens on all

logger: Final = logging.getLogger("mlrole")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help=f"the interface to listen on (default: {DEFAULT_HOST})"
    )


def run(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, mode="http")
    if settings is None:
        return EXIT_CONFIG
    configure_logging(settings)
    return asyncio.run(serve(settings, host=args.host))


async def serve(settings: Settings, *, host: str) -> int:
    """Serve until SIGTERM or SIGINT. Logs `listening on http://HOST:PORT` once it accepts requests."""
    store = await open_store(settings)
    if store is None:
        return EXIT_CONFIG
    stop = stop_on_signals()
    sighup = reload_on_sighup(store)
    app = create_app(settings, store)
    server = await start_server(build_web_app(app, store), host=host, port=settings.port)
    logger.info("listening on %s (knowledge base version %s)", server.url, store.current.version)
    try:
        await stop.wait()
    finally:
        logger.info("shutting down")
        await stop_serving(server)  # no new connections; requests in flight and their replies finish
        await sighup.close()
    return 0
