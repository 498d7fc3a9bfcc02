"""`mlrole socket`: the bot over Socket Mode. It connects out to Slack; nothing listens on a port."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from typing import Final

from bot.app import create_app
from bot.settings import Settings
from bot.shutdown import finish_in_flight
from bot.sighup import reload_on_sighup
from bot.slack_auth import Check, TokenRejected, check_bot_token, finish_check
from bot.socket_mode import connect, unless_stopped
from bot.startup import EXIT_CONFIG, configure_logging, load_settings, open_store, stop_on_signals

HELP: Final = "run the Slack app over Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)"

logger: Final = logging.getLogger("mlrole")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: everything comes from the environment."""


def run(args: argparse.Namespace) -> int:
    settings = load_settings(os.environ, mode="socket")
    if settings is None:
        return EXIT_CONFIG
    configure_logging(settings)
    return asyncio.run(run_socket_mode(settings))


async def run_socket_mode(settings: Settings) -> int:
    """Stay connected until SIGTERM or SIGINT (Slack's client reconnects by itself when dropped).

    SIGTERM and Ctrl-C stop it at any moment, also while it is still trying to connect. A bot or app token
    Slack rejects exits 2, naming the variable."""
    store = await open_store(settings)
    if store is None:
        return EXIT_CONFIG
    stop = stop_on_signals()
    checking = None
    try:
        _, checking = await unless_stopped(check_bot_token(settings), stop)
        logger.info("connecting to Slack in Socket Mode")
        handler = await connect(create_app(settings, store), settings, stop=stop)
    except TokenRejected as exc:
        finish_check(checking)
        print(f"mlrole: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if handler is None:
        logger.info("stopped before connecting")
        return _exit_code(checking)
    sighup = reload_on_sighup(store)
    logger.info("connected to Slack in Socket Mode (knowledge base version %s)", store.current.version)
    try:
        await stop.wait()
    finally:
        logger.info("shutting down")
        await handler.close_async()  # type: ignore[no-untyped-call]
        await sighup.close()
        await finish_in_flight()  # answers already being sent still go out
    return _exit_code(checking)


def _exit_code(checking: Check | None) -> int:
    """0, or 2 when the background token check found Slack rejecting the bot token (and stopped us)."""
    rejected = finish_check(checking)
    if rejected is None:
        return 0
    print(f"mlrole: {rejected}", file=sys.stderr)
    return EXIT_CONFIG
