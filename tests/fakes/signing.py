"""Sign requests exactly as Slack does: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the secret."""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(secret: str, *, timestamp: int, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: str, *, content_type: str, timestamp: int | None = None
) -> dict[str, str]:
    """The headers Slack sends with a request body; `timestamp` defaults to now."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": signature(secret, timestamp=ts, body=body),
    }
