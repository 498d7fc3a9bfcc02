"""The Bolt app factory: `create_app(settings, store)` wires the handlers; the server or Socket Mode runs
it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings
from handlers.deps import Deps
from handlers.routes import register_all
from knowledge.store import KnowledgeStore


def create_app(
    settings: Settings, store: KnowledgeStore, *, logger: logging.Logger | None = None
) -> AsyncApp:
    """A Bolt app answering from `store`, sending every Web API call to `settings.slack_api_url`.

    Everything comes from `settings`. Bolt would fall back to `SLACK_SIGNING_SECRET` if given None, so an
    explicit value is always passed; the token travels in the client.
    """
    log = logger or logging.getLogger("mlrole")
    client = AsyncWebClient(token=settings.bot_token, base_url=settings.slack_api_url, logger=log)
    with _without_bolts_token_warning(log):
        app = AsyncApp(name="mlrole", client=client, signing_secret=settings.signing_secret, logger=log)
    register_all(app, Deps(store=store, admins=settings.admins, logger=log))
    return app


@contextmanager
def _without_bolts_token_warning(log: logging.Logger) -> Iterator[None]:
    """Bolt reads `SLACK_BOT_TOKEN` from the environment even when given a client, then warns that it
    ignores it: true, and what we want, so the warning would only mislead whoever reads the log."""
    noise = warning_client_prioritized_and_token_skipped()

    def keep(record: logging.LogRecord) -> bool:
        return record.getMessage() != noise

    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)
