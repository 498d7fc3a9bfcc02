"""`mlrole serve`: the bot over HTTP. Slack sends every request to `POST /slack/events` on `$PORT`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Final

from bot.app import create_app
from bot.questionlog.opening import close_question_log, open_log
from bot.server import serve_forever
from bot.settings import Settings
from bot.slack_auth import TokenRejected, check_bot_token, finish_check
from bot.startup import EXIT_CONFIG, configure_logging, load_settings, open_store

HELP: Final = "run the Slack app over HTTP on $PORT (needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
DEFAULT_HOST: Final = "0.0.0.0"  # noqa: S104 -- behind a platform's router, a web process listens on all


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
    try:
        app = create_app(settings, store, questions=questions)
        await serve_forever(app, store, host=host, settings=settings)
    finally:
        await close_question_log(questions)  # what is still buffered is written
    rejected = finish_check(checking)
    if rejected is not None:
        print(f"mlrole: {rejected}", file=sys.stderr)
        return EXIT_CONFIG
    return 0
