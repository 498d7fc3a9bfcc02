"""What never reaches the log above DEBUG, and how much a flood may write: filters for `bot.logging_setup`.

- `WithholdPrivate`: a Slack request body (Bolt prints whole bodies when it rejects a signature, finds no
  listener, or debugs a listener), a `response_url` (a credential for posting into a conversation: slack_sdk's
  webhook client names it in its retry lines), and any `token=` value are cut out of every record above
  DEBUG. aiohttp's "Error handling request" (a malformed request, logged with the raw bytes it choked on) is
  reduced to one warning naming the error's type.
- `Throttle`: the lines a hostile client can provoke at will (refused requests and connections, malformed
  HTTP, the event loop running out of file descriptors) pass `LOG_BURST` times per `LOG_WINDOW_S` each;
  the next line that passes says how many were left out.
- `cap`: `bot.logging_setup.JsonFormatter` cuts every field to a bounded length, so no line is huge.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Final

MAX_MESSAGE_CHARS: Final = 2_000
MAX_FIELD_CHARS: Final = 1_000
MAX_EXCEPTION_CHARS: Final = 8_000
"""A traceback keeps its first quarter and its end (where the error is)."""
LOG_WINDOW_S: Final = 10.0
LOG_BURST: Final = 20
MAX_THROTTLE_KEYS: Final = 1_000
"""Distinct messages tracked at once; past it the windows start afresh (memory stays bounded)."""
THROTTLED_LOGGERS: Final = ("aiohttp.server", "asyncio", "mlrole.requests", "mlrole.connections")
"""Loggers whose lines a client can provoke without being Slack."""

WITHHELD: Final = "[withheld]"
_BODY_MARKERS: Final = (
    "(signature:",  # slack_bolt.RequestVerification: `... detected (signature: ..., body: ...)`
    "Unhandled request (",  # Bolt's warning when no listener matched: the whole body, pretty-printed
    "request body:",
    "Request body:",
    "body: ",
)
_RESPONSE_URL: Final = re.compile(r"https?://hooks\.slack(?:-gov)?\.com/\S*", re.IGNORECASE)
_ANY_URL: Final = re.compile(r"https?://\S+", re.IGNORECASE)
_PRIVATE_FIELD: Final = re.compile(r"""(\b(?:token|text)["']?\s*[=:]\s*["']?)[^\s&"',;}]+""", re.IGNORECASE)
"""A `token` (Slack's verification token in every payload) or `text` (what the user typed) value, in a form
or JSON body."""
_WEBHOOK_LOGGERS: Final = "slack_sdk.webhook"
_AIOHTTP_ERROR: Final = "Error handling request"
_RETRY_TRACEBACKS: Final = ("Failed to connect (error:",)
"""slack_sdk's Socket Mode client logs a traceback on every failed attempt: one line is enough."""


def withhold(message: str, *, logger_name: str) -> str:
    """`message` without request bodies, response URLs and token values."""
    for marker in _BODY_MARKERS:
        at = message.find(marker)
        if at >= 0:
            message = f"{message[:at].rstrip()} {WITHHELD}"
    if logger_name.startswith(_WEBHOOK_LOGGERS):  # the only URL it knows is a response_url
        message = _ANY_URL.sub("<response_url>", message)
    message = _RESPONSE_URL.sub("<response_url>", message)
    return _PRIVATE_FIELD.sub(rf"\1{WITHHELD}", message)


class WithholdPrivate(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            return True
        if record.name == "aiohttp.server" and str(record.msg).startswith(_AIOHTTP_ERROR):
            error = record.exc_info[1] if record.exc_info else None
            record.msg = f"refused a malformed HTTP request ({type(error).__name__})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            return True
        if str(record.msg).startswith(_RETRY_TRACEBACKS):
            record.exc_info = None
            record.exc_text = None
        record.msg = withhold(record.getMessage(), logger_name=record.name)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = withhold(record.exc_text, logger_name=record.name)
        return True


@dataclass(slots=True)
class _Window:
    started: float
    passed: int = 0
    dropped: int = 0


class Throttle(logging.Filter):
    """At most `burst` lines per `window_s` for each message of the `THROTTLED_LOGGERS`."""

    def __init__(self, *, burst: int = LOG_BURST, window_s: float = LOG_WINDOW_S) -> None:
        super().__init__()
        self._burst = burst
        self._window_s = window_s
        self._windows: dict[tuple[str, str], _Window] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(THROTTLED_LOGGERS):
            return True
        now = time.monotonic()
        key = (record.name, str(record.msg)[:200])
        window = self._windows.get(key)
        if window is None and len(self._windows) >= MAX_THROTTLE_KEYS:
            self._windows.clear()
        if window is None or now - window.started >= self._window_s:
            dropped = window.dropped if window else 0
            window = self._windows[key] = _Window(started=now)
            if dropped:
                record.msg = f"{record.getMessage()} ({dropped} similar line(s) left out)"
                record.args = None
        if window.passed >= self._burst:
            window.dropped += 1
            return False
        window.passed += 1
        return True


def cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters]"


def cap_traceback(text: str) -> str:
    if len(text) <= MAX_EXCEPTION_CHARS:
        return text
    head = MAX_EXCEPTION_CHARS // 4
    tail = MAX_EXCEPTION_CHARS - head
    return f"{text[:head]}\n... [{len(text) - MAX_EXCEPTION_CHARS} characters left out] ...\n{text[-tail:]}"
