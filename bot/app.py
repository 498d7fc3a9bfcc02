"""The Bolt app factory: `create_app(settings, store)` wires the handlers; the server or Socket Mode runs
it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.web.async_client import AsyncWebClient

from bot.dedup import EVENTS, SharedIds, SharedOncePerPerson
from bot.guards import install_guards
from bot.logging_setup import APP_LOGGER
from bot.org_check import OrgCheck
from bot.redis_link import RedisLink
from bot.retries import RetryPolicy, retry_handlers
from bot.settings import SIGNING_SECRET, ConfigError, Settings
from handlers.deps import Deps
from handlers.once import RecentIds
from handlers.question_log import NoQuestionLog, QuestionLog
from handlers.routes import register_all
from knowledge.base.store import KnowledgeStore, ReloadResult


def create_app(
    settings: Settings,
    store: KnowledgeStore,
    *,
    logger: logging.Logger | None = None,
    retries: RetryPolicy | None = None,
    seen_events: RecentIds | None = None,
    questions: QuestionLog | None = None,
    link: RedisLink | None = None,
) -> AsyncApp:
    """A Bolt app answering from `store`, sending every Web API call to `settings.slack_api_url`.

    Everything comes from `settings`. Bolt would fall back to `SLACK_SIGNING_SECRET` if given None, so an
    explicit value is always passed; the token travels in the client. Over HTTP, an empty signing secret is
    refused here: Bolt would start with it and only fail on the first request (its verifier refuses an
    empty secret), so every request would be turned away by a server that looked healthy.

    The app acks inline (`process_before_response=True`): Bolt returns what a listener acked as the HTTP
    response, without the 10 ms poll it uses otherwise, and whatever calls the Web API runs after, in lazy
    listeners, so the answer never waits for Slack (`handlers.lazy`).

    When `store` has an `org.yaml`, its user groups and channels are checked with Slack in the background
    (`bot.org_check`), now if the event loop is running and after every reload.

    Web API calls and `respond()` are retried by `retries` (see `bot.retries`); `seen_events` remembers
    event ids so Slack's retries are answered once (see `bot.guards`). Tests pass their own of both. With a
    `link` to Redis, retries and once-per-person checks are shared with every instance (`bot.dedup`).
    `questions` is the question log (`bot.questionlog.opening`); None records nothing.
    """
    if settings.mode == "http" and not settings.signing_secret.strip():
        raise ConfigError(f"{SIGNING_SECRET} is required to verify Slack's requests over HTTP")
    log = logger or logging.getLogger(APP_LOGGER)
    handlers = retry_handlers(retries or RetryPolicy())
    client = AsyncWebClient(
        token=settings.bot_token, base_url=settings.slack_api_url, logger=log, retry_handlers=handlers
    )
    with _without_bolts_token_warning(log):
        app = AsyncApp(
            name="mlrole",
            client=client,
            signing_secret=settings.signing_secret,
            logger=log,
            process_before_response=True,  # acks inline; Web API work runs in lazy listeners (handlers.lazy)
            raise_error_for_unhandled_request=True,  # so the error handler answers those 200 (bot.guards)
        )
    seen = SharedIds(local=seen_events or RecentIds(), link=link, namespace=EVENTS)
    install_guards(app, seen=seen, retry_handlers=handlers, logger=log)
    channel_names: dict[str, str] = {}
    deps = Deps(
        store=store,
        admins=settings.admins,
        logger=log,
        once=SharedOncePerPerson(link),
        review_days=settings.review_days,
        channel_names=channel_names,
        questions=questions or NoQuestionLog(),
    )
    register_all(app, deps)
    org_check = OrgCheck(client, channel_names=channel_names, logger=log)

    async def check_org(result: ReloadResult) -> None:
        if result.ok:
            org_check.watch(result.serving.kb)

    store.add_listener(check_org)
    org_check.watch(store.current)  # at start; then after every reload, in the background
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
