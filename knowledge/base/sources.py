"""Where the knowledge base comes from: the bundled data, a local directory or YAML file, or an HTTP(S) URL.

The source is configuration (`MLROLE_KNOWLEDGE`), never chat input. `parse_source` reads that setting once;
`fetch` loads a `KnowledgeBase` from it. Every expected failure (a missing file, a YAML or schema error, a
refused connection, a timeout, a non-200 status, an oversized or non-YAML body) comes out of `fetch` as a
`KnowledgeError` whose `LoadError`s name the path or the URL. A URL is only ever shown in its redacted form
(`Source.display`: no user, password, query or fragment), so a token in the setting never reaches a log line
or a Slack reply.

A URL fetch follows at most `MAX_REDIRECTS` redirects, and none into the bot's own network (loopback,
link-local, private addresses) unless the configured URL itself points there (`knowledge.base.addresses`).
Errors about the document name the URL it finally came from, and never quote its content beyond short
words (field names, ids): a reload's errors are shown in Slack.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import aiohttp
from yarl import URL

from knowledge.base.addresses import (
    Internal,
    PublicOnlyResolver,
    is_internal,
    resolves_internal,
    withhold_quotes,
)
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.loader import load_bundled, load_path, load_texts
from knowledge.base.model import KnowledgeBase

SETTING: Final = "MLROLE_KNOWLEDGE"
"""The environment variable that names the source; config errors are reported against it."""

URL_TIMEOUT_S: Final = 10.0
"""Total time allowed for fetching a URL source: connecting, the response and the whole body."""

MAX_DOCUMENT_BYTES: Final = 1024 * 1024
"""The largest knowledge base a URL may serve (1 MiB, after any content decoding)."""

MAX_REDIRECTS: Final = 5

_CHUNK_BYTES: Final = 64 * 1024
_ACCEPT: Final = "application/yaml, text/yaml, application/x-yaml, text/plain;q=0.9, */*;q=0.1"
_HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
_SCHEME_RE: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_URL_RE: Final = re.compile(r"https?://[^\s'\"<>]+", re.IGNORECASE)
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})

SourceKind = Literal["bundled", "path", "url"]


@dataclass(frozen=True, slots=True)
class Source:
    """A parsed `MLROLE_KNOWLEDGE`. `display` is safe to show anywhere; `location` is not (a URL's token)."""

    kind: SourceKind
    display: str
    location: str = field(default="", repr=False)
    """The path, or the full URL as configured (credentials included): used to fetch, never to show."""

    def __str__(self) -> str:
        return self.display


BUNDLED: Final = Source(kind="bundled", display="bundled knowledge base")


def _config_error(message: str) -> KnowledgeError:
    return KnowledgeError([LoadError(file=SETTING, line=None, message=message)])


def redact_url(url: URL) -> str:
    """The URL without user, password, query and fragment: what people may see."""
    return str(url.with_user(None).with_query(None).with_fragment(None))


def parse_source(value: str | None) -> Source:
    """Read a `MLROLE_KNOWLEDGE` value: unset or blank is the bundled knowledge base, `http://` or
    `https://` is a URL to one YAML file, anything else a local directory or YAML file (`~` expanded).

    Raises `KnowledgeError` (reported against `MLROLE_KNOWLEDGE`) for another URL scheme or a URL without a
    host; the message never repeats the value, which may hold a token. A path is not checked here: `fetch`
    reports a missing one, so a reload after creating it works.
    """
    text = (value or "").strip()
    if not text:
        return BUNDLED
    scheme = _SCHEME_RE.match(text)
    if scheme is None:
        path = Path(text).expanduser()
        return Source(kind="path", display=str(path), location=str(path))
    if scheme.group(1).lower() not in ("http", "https"):
        raise _config_error(f"unsupported URL scheme {scheme.group(1)!r}; use http(s), or a path")
    try:
        url = URL(text)
    except ValueError:
        raise _config_error("not a valid http(s) URL") from None
    if not url.host:
        raise _config_error("the URL has no host")
    return Source(kind="url", display=redact_url(url), location=text)


async def fetch(
    source: Source,
    *,
    session: aiohttp.ClientSession | None = None,
    timeout_s: float = URL_TIMEOUT_S,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    internal: Internal = is_internal,
) -> KnowledgeBase:
    """Load and validate the knowledge base at `source`, without blocking the event loop.

    Files are read and parsed in a worker thread. A URL is fetched with `session` (a short-lived one of
    our own when None) within `timeout_s`, reading at most `max_bytes` of body; `internal` says which
    addresses a redirect may not lead to. Raises `KnowledgeError` for every expected failure; anything else
    is a bug and propagates.
    """
    if source.kind == "bundled":
        return await asyncio.to_thread(load_bundled)
    if source.kind == "path":
        return await asyncio.to_thread(_load_local, source)
    final, body = await _download(
        source, session=session, timeout_s=timeout_s, max_bytes=max_bytes, internal=internal
    )
    try:
        return await asyncio.to_thread(load_texts, [(final, body)], source=source.display)
    except KnowledgeError as exc:
        raise KnowledgeError(
            LoadError(file=error.file, line=error.line, message=withhold_quotes(error.message))
            for error in exc.errors
        ) from None


def _load_local(source: Source) -> KnowledgeBase:
    try:
        return load_path(Path(source.location))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise KnowledgeError([LoadError(file=source.display, line=None, message=reason)]) from exc


def _url_error(source: Source, message: str) -> KnowledgeError:
    return KnowledgeError([LoadError(file=source.display, line=None, message=message)])


def scrub(text: str, source: Source) -> str:
    """`text` (an exception message, say) with every URL redacted and the source's secrets masked."""

    def redact(match: re.Match[str]) -> str:
        try:
            return redact_url(URL(match.group(0)))
        except ValueError:
            return "<url>"

    text = _URL_RE.sub(redact, text)
    try:
        configured = URL(source.location)
    except ValueError:
        return text
    for secret in (configured.raw_password, configured.raw_user, configured.raw_query_string):
        if secret:
            text = text.replace(secret, "***")
    return text


async def _download(
    source: Source,
    *,
    session: aiohttp.ClientSession | None,
    timeout_s: float,
    max_bytes: int,
    internal: Internal,
) -> tuple[str, bytes]:
    """The display form of the URL the document finally came from, and the document."""
    # The configured URL points into the bot's network: the fetch may stay there. Otherwise a session of
    # our own also refuses, when connecting, any name that resolves inside (see `PublicOnlyResolver`).
    inside = await resolves_internal(URL(source.location).host or "", internal=internal)
    own_session = session is None
    if session is None:
        connector = None if inside else aiohttp.TCPConnector(resolver=PublicOnlyResolver(internal))
        client = aiohttp.ClientSession(connector=connector)
    else:
        client = session
    try:
        async with asyncio.timeout(timeout_s):
            return await _follow(client, source, max_bytes=max_bytes, inside=inside, internal=internal)
    except TimeoutError as exc:
        raise _url_error(source, f"no complete response within {timeout_s:g} s") from exc
    except aiohttp.TooManyRedirects as exc:
        raise _url_error(source, f"more than {MAX_REDIRECTS} redirects") from exc
    except aiohttp.ClientConnectorError as exc:
        raise _url_error(source, f"could not connect: {scrub(str(exc.os_error), source)}") from exc
    except aiohttp.ClientError as exc:
        detail = scrub(str(exc), source) or type(exc).__name__
        raise _url_error(source, f"request failed ({type(exc).__name__}): {detail}") from exc
    finally:
        if own_session:
            await client.close()


async def _follow(
    client: aiohttp.ClientSession, source: Source, *, max_bytes: int, inside: bool, internal: Internal
) -> tuple[str, bytes]:
    """Follow redirects by hand, so each hop's address is checked before it is requested (unless the
    configured URL is `inside` the bot's network)."""
    url = URL(source.location)
    for _ in range(MAX_REDIRECTS + 1):
        async with client.get(url, headers={"Accept": _ACCEPT}, allow_redirects=False) as response:
            if response.status not in _REDIRECTS:
                return redact_url(url), await _body(response, source, url, max_bytes=max_bytes)
            target = url.join(URL(response.headers.get("Location", "")))
        where = redact_url(target)
        if target.scheme not in ("http", "https") or not target.host:
            raise _url_error(source, f"redirected to {where}, which is not an http(s) URL")
        if not inside and await resolves_internal(target.host, internal=internal):
            raise _url_error(
                source,
                f"refused a redirect to {where}: an internal address (loopback, link-local or private)",
            )
        url = target
    raise aiohttp.TooManyRedirects(response.request_info, ())


async def _body(response: aiohttp.ClientResponse, source: Source, url: URL, *, max_bytes: int) -> bytes:
    came_from = "" if str(url) == source.location else f" (redirected to {redact_url(url)})"
    too_big = f"the document is larger than the {max_bytes:,}-byte limit{came_from}"
    if response.status != 200:
        status = f"the server answered HTTP {response.status} {response.reason or ''}".rstrip()
        raise _url_error(source, status + came_from)
    if response.content_type in _HTML_TYPES:
        raise _url_error(
            source,
            f"the server sent an HTML page ({response.content_type}), not YAML{came_from}; "
            "point the URL at the raw YAML file",
        )
    if response.content_length is not None and response.content_length > max_bytes:
        response.close()
        raise _url_error(source, too_big)
    body = bytearray()
    async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
        body += chunk
        if len(body) > max_bytes:
            response.close()
            raise _url_error(source, too_big)
    if bytes(body[:512]).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise _url_error(
            source,
            f"the body looks like HTML or XML, not YAML{came_from}; point the URL at the raw YAML file",
        )
    return bytes(body)
