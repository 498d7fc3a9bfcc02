"""Structured logs: one JSON object per line, the request's ids on every line, no token or secret ever."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.logging_setup import APP_LOGGER, Redactor, configure, json_handler, start_request
from tests.fakes.env import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET

SECRETS = (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN)
OTHER_TOKENS = ("xoxp-1234-5678-abcdef", "xoxe.xoxp-1-Mi0yLTEy", "xapp-1-A0-123-abc", "xoxa-2-access")
"""Tokens the settings never named: masked by their shape."""


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing through mlrole's JSON handler into a buffer."""
    stream = io.StringIO()
    logger = logging.getLogger("mlrole.test-logging")
    logger.addHandler(json_handler(secrets=SECRETS, stream=stream))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.handlers.clear()
        logger.propagate = True


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    text = stream.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_no_token_or_secret_survives_anywhere_in_a_record(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    everything = " ".join((*SECRETS, *OTHER_TOKENS))
    try:
        raise RuntimeError(f"auth failed with {everything}")
    except RuntimeError:
        logger.exception(
            "in the message %s, and in the arguments %s",
            everything,
            {"Authorization": f"Bearer {BOT_TOKEN}"},
            extra={"text_field": everything, "nested": {"list": [SIGNING_SECRET, APP_TOKEN]}},
            stack_info=True,
        )
    logger.info("the secret alone: %s", SIGNING_SECRET)

    output = stream.getvalue()
    for secret in (*SECRETS, *OTHER_TOKENS):
        assert secret not in output
    first, second = lines(stream)
    assert "xoxp-[redacted]" in first["message"] and "xapp-[redacted]" in first["message"]
    assert "[redacted]" in first["exception"] and "RuntimeError" in first["exception"]
    assert second["message"] == "the secret alone: [redacted]"


def test_a_secret_with_characters_json_escapes_is_masked_too() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("mlrole.test-escaped")
    secret = 'quote"back\\slash-0123456789'
    logger.addHandler(json_handler(secrets=[secret], stream=stream))
    logger.propagate = False
    try:
        logger.warning("plain", extra={"nested": {"secret": secret}})
    finally:
        logger.handlers.clear()
        logger.propagate = True
    assert "0123456789" not in stream.getvalue()


def test_each_record_is_one_json_line_with_level_logger_and_extra_fields(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged
    try:
        raise KeyError("missing")
    except KeyError:
        logger.exception("multi\nline\nmessage", extra={"channel": "C1", "status": 404, "ok": False})

    [entry] = lines(stream)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "mlrole.test-logging"
    assert entry["message"] == "multi\nline\nmessage"
    assert (entry["channel"], entry["status"], entry["ok"]) == ("C1", 404, False)
    assert "KeyError" in entry["exception"]
    assert entry["time"].endswith("+00:00")


async def test_the_request_ids_follow_the_request_into_the_tasks_it_starts(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = logged

    async def handle(event_id: str | None, done: asyncio.Event) -> str:
        request_id = start_request(event_id)

        async def later() -> None:  # as Bolt answers an event: in a task started by the request
            await done.wait()
            logger.info("replied", extra={"which": event_id or "none"})

        task = asyncio.create_task(later())
        logger.info("received", extra={"which": event_id or "none"})
        await task
        return request_id

    first_done, second_done = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(handle("Ev1", first_done))
    second = asyncio.create_task(handle(None, second_done))
    await asyncio.sleep(0)
    second_done.set()
    first_done.set()
    ids = {"Ev1": await first, "none": await second}

    entries = lines(stream)
    assert len(entries) == 4
    for entry in entries:
        assert entry["request_id"] == ids[entry["which"]]
        assert entry.get("event_id") == ("Ev1" if entry["which"] == "Ev1" else None)


def test_configure_leaves_logging_an_embedding_program_set_up_alone() -> None:
    root = logging.getLogger()
    theirs = logging.NullHandler()
    root.addHandler(theirs)
    try:
        before = list(root.handlers)
        assert configure(secrets=SECRETS) is False
        assert root.handlers == before
    finally:
        root.removeHandler(theirs)


def test_configure_gives_the_apps_logger_its_level_so_bolt_skips_debug_work() -> None:
    """Bolt reads a logger's own `level`, and an unset one as "debug on" (see `configure`)."""
    root, app = logging.getLogger(), logging.getLogger(APP_LOGGER)
    saved = (list(root.handlers), root.level, app.level)
    for handler in saved[0]:
        root.removeHandler(handler)
    stream = io.StringIO()
    try:
        assert configure(secrets=SECRETS, level=logging.WARNING, stream=stream) is True
        assert (root.level, app.level) == (logging.WARNING, logging.WARNING)
        app.info("dropped")
        app.warning("kept")
        assert [entry["message"] for entry in lines(stream)] == ["kept"]
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        app.setLevel(saved[2])


def test_a_short_secret_is_masked_as_a_word_without_mangling_other_words() -> None:
    redact = Redactor(["s3c", "a-long-signing-secret"])
    line = redact("listening on s3c and xs3cx; also a-long-signing-secret inside xa-long-signing-secretx")
    assert line == "listening on [redacted] and xs3cx; also [redacted] inside x[redacted]x"
