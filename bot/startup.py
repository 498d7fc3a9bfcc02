"""What `mlrole serve` and `mlrole socket` do before Slack traffic: settings, logging, the knowledge base.

Failures print one `mlrole: ...` line per problem to stderr, naming variables and files, never a secret;
the caller then exits with status 2.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Mapping
from typing import Final, TextIO
from urllib.parse import urlsplit

from bot import logging_setup
from bot.settings import KNOWLEDGE, ConfigError, Mode, Settings
from knowledge.base.errors import KnowledgeError
from knowledge.base.sources import parse_source
from knowledge.base.store import KnowledgeStore
from knowledge.match import prepare

EXIT_CONFIG: Final = 2


def load_settings(environ: Mapping[str, str], *, mode: Mode, err: TextIO | None = None) -> Settings | None:
    try:
        return Settings.from_env(environ, mode=mode)
    except ConfigError as exc:
        print(f"mlrole: {exc}", file=err or sys.stderr)
        return None


async def open_store(settings: Settings, *, err: TextIO | None = None) -> KnowledgeStore | None:
    """The knowledge base named by `MLROLE_KNOWLEDGE` (default: bundled), loaded and indexed."""
    err = err or sys.stderr
    try:
        return await KnowledgeStore.open(parse_source(settings.knowledge_path), warm=prepare)
    except KnowledgeError as exc:
        count = exc.total
        print(f"mlrole: cannot use the knowledge base ({KNOWLEDGE}): {count} error(s)", file=err)
        for error in exc.errors:
            print(f"mlrole: {error}", file=err)
        return None


def configure_logging(settings: Settings | None = None) -> None:
    """One JSON line per log record on stderr, with the settings' secrets (and any Slack token) masked."""
    secrets: tuple[str, ...] = ()
    if settings is not None:
        redis_password = urlsplit(settings.redis_url).password if settings.redis_url else None
        secrets = (
            settings.bot_token,
            settings.signing_secret,
            settings.app_token,
            redis_password or "",
            settings.log_secret,
        )
    logging_setup.configure(secrets=secrets, level=logging.INFO, stream=sys.stderr)


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM (the platform stopping a dyno) or SIGINT (Ctrl-C), for a clean shutdown."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop
