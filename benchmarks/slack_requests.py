"""`/mlrole <question>` requests, form-encoded and signed exactly as Slack signs them.

Signing happens once, before a load run, with one fresh timestamp: Bolt accepts a signature for five
minutes, far longer than any run, so the load generator only replays ready-made bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from handlers.ids import COMMAND

CONTENT_TYPE: Final = "application/x-www-form-urlencoded"


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """One POST to `/slack/events`: the body and the headers that make Bolt accept it."""

    body: str
    timestamp: str
    signature: str

    @property
    def headers(self) -> Mapping[str, str]:
        return {
            "Content-Type": CONTENT_TYPE,
            "X-Slack-Request-Timestamp": self.timestamp,
            "X-Slack-Signature": self.signature,
        }


def sign(body: str, *, secret: str, timestamp: str) -> str:
    """Slack's v0 signature: HMAC-SHA256 over `v0:<timestamp>:<body>`, hex, prefixed with `v0=`."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


def slash_command_body(text: str, *, response_url: str, index: int) -> str:
    """The form fields Slack sends for a slash command (the deprecated `token` included, as Slack does)."""
    return urlencode(
        {
            "token": "benchmark-verification-token",
            "team_id": "T0BENCH",
            "team_domain": "bench",
            "channel_id": "C0BENCH",
            "channel_name": "bench",
            "user_id": f"U0BENCH{index:04d}",
            "user_name": "bench",
            "command": COMMAND,
            "text": text,
            "api_app_id": "A0BENCH",
            "is_enterprise_install": "false",
            "response_url": f"{response_url.rstrip('/')}/{index}",
            "trigger_id": f"{index}.1.bench",
        }
    )


def signed_slash_commands(
    questions: Iterable[str], *, secret: str, response_url: str, now: float | None = None
) -> tuple[SignedRequest, ...]:
    """One signed request per question, all with the same fresh timestamp."""
    timestamp = str(int(time.time() if now is None else now))
    requests = []
    for index, question in enumerate(questions):
        body = slash_command_body(question, response_url=response_url, index=index)
        requests.append(SignedRequest(body, timestamp, sign(body, secret=secret, timestamp=timestamp)))
    if not requests:
        raise ValueError("at least one question is needed to build requests")
    return tuple(requests)
