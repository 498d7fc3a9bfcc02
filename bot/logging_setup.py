"""Structured logs: one JSON object per line, with the request's ids, and never a token or a secret.

`configure(secrets=...)` is called by `mlrole serve` and `mlrole socket` once settings are read (never at
import); like `logging.basicConfig`, it does nothing if logging is already set up (pytest, or a program
embedding mlrole). Every record that reaches its handler, from mlrole, Bolt, slack_sdk or aiohttp, goes
through:
- `AddRequestIds`: the ids of the Slack request being handled, from context variables. `start_request` sets
  them when a request arrives; asyncio copies them into the tasks it starts (Bolt runs listeners in their
  own tasks), so a reply's logs carry the ids of the event it answers.
- `Throttle` and `WithholdPrivate` (`bot.log_privacy`): lines a flood provokes are rate-limited; request
  bodies, `response_url`s and `token=` values never pass above DEBUG.
- `RedactSecrets`: anything shaped like a Slack token (`xoxb-…`, `xapp-…`) and the configured secrets are
  masked in the message, its arguments, the traceback and text fields.
- `JsonFormatter`: `{"time", "level", "logger", "message", "request_id", "event_id", ...extra, "exception"}`
  on one line, masked again as a whole (which covers fields that are not text), every field cut to a
  bounded length.

Extra fields are passed as `logger.info("...", extra={"channel": "C1"})`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Final, TextIO

from bot.log_privacy import (
    MAX_FIELD_CHARS,
    MAX_MESSAGE_CHARS,
    Throttle,
    WithholdPrivate,
    cap,
    cap_traceback,
)

LogFields = dict[str, str | int]
"""Extra fields for a log line (`logger.info(..., extra=fields)`)."""

REQUEST_ID: Final[ContextVar[str | None]] = ContextVar("mlrole_request_id", default=None)
EVENT_ID: Final[ContextVar[str | None]] = ContextVar("mlrole_event_id", default=None)

TOKEN_PATTERN: Final = re.compile(r"\b(xox[a-z]|xapp|xoxe\.xox[a-z])-[0-9A-Za-z-]+")
"""Slack tokens: bot, user, app-level, refresh and rotating (`xoxb-`, `xoxp-`, `xapp-`, `xoxe.xoxp-`...)."""
REDACTED: Final = "[redacted]"
MIN_SUBSTRING_SECRET: Final = 8
"""Secrets at least this long are masked wherever they appear; shorter ones only as whole words."""
HANDLER_NAME: Final = "mlrole-json"
APP_LOGGER: Final = "mlrole"
"""The logger mlrole logs to, and hands Bolt and slack_sdk for theirs."""

# Attributes every LogRecord has: anything else on a record came in through `extra=`.
_STANDARD_ATTRIBUTES: Final = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "event_id",
}


def start_request(event_id: str | None = None) -> str:
    """Mark the start of handling one Slack request in this context: a new request id (16 random hex
    digits), and its event id."""
    request_id = os.urandom(8).hex()
    REQUEST_ID.set(request_id)
    EVENT_ID.set(event_id)
    return request_id


def event_id_of(body: Mapping[str, Any]) -> str | None:
    """The Events API `event_id` of a request body, if it has one."""
    value = body.get("event_id")
    return value if isinstance(value, str) and value else None


class AddRequestIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        record.event_id = EVENT_ID.get()
        return True


class Redactor:
    """Masks Slack tokens and the given secrets in text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        plain = {secret for secret in secrets if secret}
        # Also as they look inside a JSON string, for the formatter's finished line.
        escaped = {json.dumps(secret, ensure_ascii=False)[1:-1] for secret in plain}
        # Longest first, so a secret containing another is masked whole. A short secret (only ever seen in
        # tests and misconfigurations) is masked where it stands as a whole word, not inside every other
        # word: masking each "s" of a line would make the log unreadable and hide nothing more.
        needles = sorted(plain | escaped, key=len, reverse=True)
        alternatives = [
            re.escape(secret) if len(secret) >= MIN_SUBSTRING_SECRET else rf"(?<!\w){re.escape(secret)}(?!\w)"
            for secret in needles
        ]
        self._secrets = re.compile("|".join(alternatives)) if alternatives else None
        self._needles = tuple(needles)
        """What the pattern's alternatives match, literally: a text containing none of them (nearly every
        text) cannot match, and `in` finds that out many times faster than the pattern would."""

    def __call__(self, text: str) -> str:
        if self._secrets is not None:
            for needle in self._needles:
                if needle in text:
                    text = self._secrets.sub(REDACTED, text)
                    break
        if "xox" in text or "xapp" in text:  # in every match of `TOKEN_PATTERN`
            text = TOKEN_PATTERN.sub(lambda m: f"{m.group(1)}-{REDACTED}", text)
        return text


class RedactSecrets(logging.Filter):
    """Masks secrets in a record's message, arguments, traceback and text fields (it rewrites the record, so
    no handler after it sees them either). Fields that are not text are masked by `JsonFormatter`."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact
        self._exceptions = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._exceptions.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD_ATTRIBUTES and isinstance(value, str):
                record.__dict__[name] = self._redact(value)
        return True


_JSON: Final = json.JSONEncoder(ensure_ascii=False, default=str)
"""Made once: `json.dumps` with any non-default option builds a new encoder on every call."""


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines in a traceback are escaped), then redacted whole."""

    def __init__(self, redact: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self._redact = redact or (lambda text: text)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": cap(record.getMessage(), MAX_MESSAGE_CHARS),
        }
        for name in ("request_id", "event_id"):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        for name, value in record.__dict__.items():
            if name not in _STANDARD_ATTRIBUTES:
                entry[name] = value if isinstance(value, int | float | bool | None) else _capped(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = cap_traceback(record.exc_text)
        if record.stack_info:
            entry["stack"] = cap_traceback(record.stack_info)
        return self._redact(_JSON.encode(entry))


def _capped(value: object) -> object:
    """A field as logged: text cut to `MAX_FIELD_CHARS`, a structure whose JSON is longer cut to text."""
    if isinstance(value, str):
        return cap(value, MAX_FIELD_CHARS)
    text = _JSON.encode(value)
    return value if len(text) <= MAX_FIELD_CHARS else cap(text, MAX_FIELD_CHARS)


def json_handler(*, secrets: Iterable[str], stream: TextIO | None = None) -> logging.Handler:
    """A handler writing redacted JSON lines, with the request's ids, to `stream` (stderr)."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.addFilter(AddRequestIds())
    handler.addFilter(Throttle())
    handler.addFilter(WithholdPrivate())
    handler.addFilter(RedactSecrets(redact))
    handler.setFormatter(JsonFormatter(redact))
    return handler


def configure(*, secrets: Iterable[str], level: int = logging.INFO, stream: TextIO | None = None) -> bool:
    """Send every log record to `stream` (stderr) as one redacted JSON line, at `level` and above.

    Like `logging.basicConfig`, it leaves a root logger that already has handlers alone (a program that
    embeds mlrole, or pytest, has configured logging its own way); returns whether it configured.

    The app's logger gets `level` too, which changes nothing it logs: Bolt and slack_sdk decide whether to
    format a debug message from their logger's own `level`, not its effective one, and read an unset level
    as "debug on", so they would format debug messages on every request only for the level to drop them.
    """
    root = logging.getLogger()
    if root.handlers:
        return False
    root.addHandler(json_handler(secrets=secrets, stream=stream))
    root.setLevel(level)
    logging.getLogger(APP_LOGGER).setLevel(level)
    return True
