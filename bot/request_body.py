"""A Slack request's body, read within limits and verified on its raw bytes before anything parses it.

`verified_body(request, ...)` returns the body's bytes, or the response that refuses the request:
- 413 when `Content-Length` (or what arrives) exceeds the limit, before the body is read whole;
- 408 when the body does not arrive within the body timeout;
- 401 when the signature (`X-Slack-Signature` over `v0:{timestamp}:{body}`) is missing or wrong, or the
  timestamp is more than five minutes away from now.

A refusal is logged with the path, the size and a reason, never the headers or the body: an unsigned
request is not Slack's, and a forged one may carry anything, including a real `response_url` or a user's
text. `bot.log_privacy.Throttle` bounds how many such lines a flood can write.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from typing import Final

from aiohttp import web

MAX_CLOCK_SKEW_S: Final = 5 * 60
"""Slack's own rule: a request timestamped more than five minutes from now is refused (replay)."""
SIGNATURE_HEADER: Final = "X-Slack-Signature"
TIMESTAMP_HEADER: Final = "X-Slack-Request-Timestamp"
_READ_CHUNK: Final = 64 * 1024

logger: Final = logging.getLogger("mlrole.requests")


def _refuse(request: web.Request, *, status: int, reason: str, size: int | None) -> web.Response:
    logger.info(
        "refused a request to %s: %s",
        request.path[:100],
        reason,
        extra={"path": request.path[:100], "size": -1 if size is None else size, "reason": reason},
    )
    return web.Response(status=status, text=reason)


def signature_is_valid(secret: str, *, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """Slack's request signature: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{body}`), hex."""
    if not (timestamp.isascii() and timestamp.isdigit()) or abs(now - int(timestamp)) > MAX_CLOCK_SKEW_S:
        return False
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={digest.hexdigest()}".encode(), signature.encode(errors="replace"))


async def _read(request: web.Request, *, max_bytes: int) -> bytes | None:
    """The body, or None once more than `max_bytes` arrived (the rest is never read)."""
    body = bytearray()
    while chunk := await request.content.read(_READ_CHUNK):
        body += chunk
        if len(body) > max_bytes:
            return None
    return bytes(body)


async def verified_body(
    request: web.Request, *, secret: str, max_bytes: int, timeout_s: float
) -> bytes | web.Response:
    declared = request.content_length
    if declared is not None and declared > max_bytes:
        return _refuse(request, status=413, reason="body over the size limit", size=declared)
    try:
        async with asyncio.timeout(timeout_s):
            body = await _read(request, max_bytes=max_bytes)
    except TimeoutError:
        return _refuse(request, status=408, reason="body not received in time", size=declared)
    if body is None:
        return _refuse(request, status=413, reason="body over the size limit", size=declared)
    valid = signature_is_valid(
        secret,
        body=body,
        timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
        signature=request.headers.get(SIGNATURE_HEADER, ""),
        now=time.time(),
    )
    if not valid:
        return _refuse(request, status=401, reason="missing or invalid Slack signature", size=len(body))
    return body
