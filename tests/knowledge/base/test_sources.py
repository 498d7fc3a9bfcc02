"""Knowledge sources: parsing MLROLE_KNOWLEDGE; fetching from files and from a real loopback HTTP server."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from knowledge.base import loader, sources
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.loader import load_bundled
from knowledge.base.model import KnowledgeBase
from knowledge.base.sources import BUNDLED, MAX_DOCUMENT_BYTES, URL_TIMEOUT_S, Source, fetch, parse_source
from tests.fakes.knowledge import KB_YAML
from tests.fakes.loopback import HOST, serving

BROKEN_YAML = "roles:\n  - id: data-scientist\n    name: [unclosed\n"
"""A flow sequence that never closes: the parser reports it at the end of the document (line 4)."""

FULL_YAML = KB_YAML + "#" * (MAX_DOCUMENT_BYTES - len(KB_YAML) - 1) + "\n"
"""A valid knowledge base of exactly the size limit."""


async def fetch_errors(source: Source, *, timeout_s: float = URL_TIMEOUT_S) -> tuple[LoadError, ...]:
    with pytest.raises(KnowledgeError) as caught:
        await fetch(source, timeout_s=timeout_s)
    assert caught.value.errors, "a KnowledgeError must say what went wrong"
    return caught.value.errors


# --- parse_source ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   "])
def test_unset_means_the_bundled_knowledge_base(value: str | None) -> None:
    assert parse_source(value) is BUNDLED


def test_a_path_is_a_path_source(tmp_path: Path) -> None:
    source = parse_source(f"  {tmp_path}/kb.yaml ")
    assert (source.kind, source.location, source.display) == (
        "path",
        f"{tmp_path}/kb.yaml",
        f"{tmp_path}/kb.yaml",
    )


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_source("~/kb").location == str(tmp_path / "kb")


def test_a_url_is_shown_without_its_secrets() -> None:
    value = "HTTPS://robot:hunter2@example.com:8443/team/kb.yaml?token=s3cret#top"
    source = parse_source(value)
    assert source.kind == "url"
    assert source.location == value
    assert source.display == str(source) == "https://example.com:8443/team/kb.yaml"
    for secret in ("robot", "hunter2", "s3cret", "top"):
        assert secret not in repr(source)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://robot:hunter2@example.com/kb.yaml", "unsupported URL scheme 'ftp'"),
        ("https:///kb.yaml?token=hunter2", "the URL has no host"),
        ("http://[::1/kb.yaml?token=hunter2", "not a valid http(s) URL"),
    ],
)
def test_a_bad_url_is_a_config_error_that_does_not_echo_it(value: str, message: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        parse_source(value)
    (error,) = caught.value.errors
    assert error.file == "MLROLE_KNOWLEDGE"
    assert message in error.message
    assert "hunter2" not in str(caught.value)


# --- files -------------------------------------------------------------------------------------------------


async def test_fetch_a_directory(tmp_path: Path) -> None:
    (tmp_path / "kb.yaml").write_text(KB_YAML, encoding="utf-8")
    kb = await fetch(parse_source(str(tmp_path)))
    assert [role.id for role in kb.roles] == ["data-scientist", "ml-engineer"]
    assert kb.source == str(tmp_path)


async def test_fetch_a_single_file(tmp_path: Path) -> None:
    path = tmp_path / "team.yml"
    path.write_text(KB_YAML, encoding="utf-8")
    kb = await fetch(parse_source(str(path)))
    assert kb.task("deployment") is not None
    assert kb.source == str(path)


async def test_files_are_loaded_off_the_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "kb.yaml").write_text(KB_YAML, encoding="utf-8")
    threads: list[int] = []
    real_load_path = loader.load_path

    def spy(path: str | Path) -> KnowledgeBase:
        threads.append(threading.get_ident())
        return real_load_path(path)

    monkeypatch.setattr(sources, "load_path", spy)
    await fetch(parse_source(str(tmp_path)))
    assert threads and threads[0] != threading.get_ident()


async def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    (error,) = await fetch_errors(parse_source(str(missing)))
    assert (error.file, error.line) == (str(missing), None)
    assert "no such file" in error.message


async def test_yaml_errors_in_a_file_carry_the_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(BROKEN_YAML, encoding="utf-8")
    (error,) = await fetch_errors(parse_source(str(path)))
    assert error.file == str(path)
    assert error.line == 4
    assert str(error).startswith(f"{path}:4: invalid YAML")


async def test_bundled_is_the_loaders_bundled_knowledge_base() -> None:
    def outcome_of(load: Callable[[], KnowledgeBase]) -> object:
        try:
            return load().version
        except KnowledgeError as exc:
            return exc.errors

    fetched: object
    try:
        fetched = (await fetch(BUNDLED)).version
    except KnowledgeError as exc:
        fetched = exc.errors
    assert fetched == outcome_of(load_bundled)


# --- URLs: a real HTTP server on 127.0.0.1, port 0 ---------------------------------------------------------


class Server:
    def __init__(self) -> None:
        self.base = ""
        self.release = asyncio.Event()
        """Set only at teardown: the slow handler waits for it."""
        self.requests: list[web.Request] = []

    def source(self, path: str, *, userinfo: str = "", query: str = "") -> Source:
        return parse_source(self.base.replace("://", f"://{userinfo}", 1) + path + query)

    def url(self, path: str) -> str:
        return self.base + path


async def _oversize_chunked(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/yaml"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    chunk = b"# " + b"x" * 65_533 + b"\n"
    for _ in range(MAX_DOCUMENT_BYTES // len(chunk) + 2):
        await response.write(chunk)
    await response.write_eof()
    return response


async def _endless(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "application/yaml"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    chunk = b"# " + b"x" * 65_533 + b"\n"
    try:
        while True:
            await response.write(chunk)
    except (ConnectionError, aiohttp.ClientConnectionResetError):
        return response


async def _zip_bomb(request: web.Request) -> web.Response:
    body = gzip.compress(b"roles: []\n" + b"#" * (MAX_DOCUMENT_BYTES * 4))
    return web.Response(body=body, headers={"Content-Type": "application/yaml", "Content-Encoding": "gzip"})


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    srv = Server()
    app = web.Application()

    def text(
        body: str | bytes, content_type: str = "application/yaml", status: int = 200
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            srv.requests.append(request)
            data = body.encode() if isinstance(body, str) else body
            return web.Response(body=data, status=status, headers={"Content-Type": content_type})

        return handler

    async def slow(request: web.Request) -> web.Response:
        await srv.release.wait()
        return web.Response(text=KB_YAML)

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/kb.yaml")

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.rel_url)

    app.router.add_get("/kb.yaml", text(KB_YAML))
    app.router.add_get("/plain.yaml", text(KB_YAML, "text/plain"))
    app.router.add_get("/missing.yaml", text("Not Found", "text/plain", 404))
    app.router.add_get("/oops.yaml", text("boom", "text/plain", 500))
    app.router.add_get("/slow.yaml", slow)
    app.router.add_get("/moved.yaml", moved)
    app.router.add_get("/loop.yaml", loop)
    app.router.add_get("/full.yaml", text(FULL_YAML))
    app.router.add_get("/big.yaml", text(b"# " + b"x" * MAX_DOCUMENT_BYTES))
    app.router.add_get("/big-chunked.yaml", _oversize_chunked)
    app.router.add_get("/endless.yaml", _endless)
    app.router.add_get("/bomb.yaml", _zip_bomb)
    app.router.add_get("/page.html", text("<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"))
    app.router.add_get("/page.txt", text("\n  <html><body>Sign in</body></html>", "text/plain"))
    app.router.add_get("/broken.yaml", text(BROKEN_YAML))
    app.router.add_get("/list.yaml", text("- data-scientist\n- ml-engineer\n"))
    app.router.add_get("/binary.yaml", text(b"roles:\n  - \xff\xfe\n", "application/octet-stream"))
    async with serving(app) as port:
        srv.base = f"http://{HOST}:{port}"
        try:
            yield srv
        finally:
            srv.release.set()


async def test_a_url_loads(server: Server) -> None:
    kb = await fetch(server.source("/kb.yaml"))
    assert [role.id for role in kb.roles] == ["data-scientist", "ml-engineer"]
    assert kb.source == server.url("/kb.yaml")
    assert "yaml" in server.requests[0].headers["Accept"]


async def test_text_plain_is_accepted(server: Server) -> None:
    assert (await fetch(server.source("/plain.yaml"))).role("ml-engineer") is not None


async def test_redirects_are_followed(server: Server) -> None:
    assert (await fetch(server.source("/moved.yaml"))).role("data-scientist") is not None


async def test_a_redirect_loop_is_an_error(server: Server) -> None:
    (error,) = await fetch_errors(server.source("/loop.yaml"))
    assert error.file == server.url("/loop.yaml")
    assert error.message == "more than 5 redirects"


async def test_a_given_session_is_used_and_left_open(server: Server) -> None:
    async with aiohttp.ClientSession(headers={"X-Test": "yes"}) as session:
        await fetch(server.source("/kb.yaml"), session=session)
        assert not session.closed
    assert server.requests[0].headers["X-Test"] == "yes"


@pytest.mark.parametrize(
    ("path", "status"), [("/missing.yaml", "HTTP 404 Not Found"), ("/oops.yaml", "HTTP 500")]
)
async def test_a_non_200_status_is_an_error(server: Server, path: str, status: str) -> None:
    (error,) = await fetch_errors(server.source(path))
    assert (error.file, error.line) == (server.url(path), None)
    assert status in error.message


async def test_a_timeout_is_an_error(server: Server) -> None:
    (error,) = await fetch_errors(server.source("/slow.yaml"), timeout_s=0.05)
    assert error.file == server.url("/slow.yaml")
    assert error.message == "no complete response within 0.05 s"


@pytest.mark.parametrize("path", ["/big.yaml", "/big-chunked.yaml", "/endless.yaml", "/bomb.yaml"])
async def test_an_oversized_body_is_refused(server: Server, path: str) -> None:
    """With a Content-Length, chunked, never-ending, or small on the wire but huge once decompressed."""
    (error,) = await fetch_errors(server.source(path))
    assert error.file == server.url(path)
    assert error.message == f"the document is larger than the {MAX_DOCUMENT_BYTES:,}-byte limit"


async def test_a_body_of_exactly_the_cap_is_read(server: Server) -> None:
    assert len(FULL_YAML.encode()) == MAX_DOCUMENT_BYTES
    assert (await fetch(server.source("/full.yaml"))).role("data-scientist") is not None


@pytest.mark.parametrize("path", ["/page.html", "/page.txt"])
async def test_an_html_page_is_not_yaml(server: Server, path: str) -> None:
    (error,) = await fetch_errors(server.source(path))
    assert error.file == server.url(path)
    assert "HTML" in error.message
    assert "raw YAML file" in error.message


async def test_invalid_yaml_from_a_url_carries_the_line(server: Server) -> None:
    (error,) = await fetch_errors(server.source("/broken.yaml"))
    assert str(error).startswith(f"{server.url('/broken.yaml')}:4: invalid YAML")


async def test_yaml_that_is_not_a_mapping_is_an_error(server: Server) -> None:
    (error,) = await fetch_errors(server.source("/list.yaml"))
    assert (error.file, error.line) == (server.url("/list.yaml"), 1)
    assert "must be a mapping" in error.message


async def test_a_binary_body_is_an_error(server: Server) -> None:
    (error,) = await fetch_errors(server.source("/binary.yaml"))
    assert (error.file, error.line) == (server.url("/binary.yaml"), 2)
    assert "UTF-8" in error.message


async def test_a_refused_connection_is_an_error() -> None:
    with socket.socket() as unused:  # bound, never listening: connecting to it is refused
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
        (error,) = await fetch_errors(parse_source(f"http://127.0.0.1:{port}/kb.yaml"))
    assert error.file == f"http://127.0.0.1:{port}/kb.yaml"
    assert error.message.startswith("could not connect")


async def test_errors_never_show_the_urls_secrets(server: Server) -> None:
    for path in ("/missing.yaml", "/broken.yaml", "/slow.yaml", "/loop.yaml"):
        source = server.source(path, userinfo="robot:hunter2@", query="?token=s3cret")
        errors = await fetch_errors(source, timeout_s=0.05)
        text = "\n".join(str(error) for error in errors)
        assert server.url(path) in text
        assert "hunter2" not in text
        assert "s3cret" not in text
        assert "robot" not in text


def test_scrub_redacts_urls_and_masks_the_sources_secrets() -> None:
    source = parse_source("https://robot:hunter2@example.com/kb.yaml?token=s3cret")
    message = "Cannot GET https://robot:hunter2@example.com/kb.yaml?token=s3cret (token=s3cret, pw hunter2)"
    assert sources.scrub(message, source) == "Cannot GET https://example.com/kb.yaml (***, pw ***)"
