"""A knowledge-base URL cannot lead the fetch into the bot's own network, nor its errors quote what it served.

The test server listens on 127.0.0.1, a loopback address. To play a public server that redirects inward,
these tests tell `fetch` to treat 127.0.0.1 alone as public (`AS_IF_PUBLIC`): every other loopback,
link-local and private address stays internal, and a refused redirect is never connected to.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from knowledge.base.addresses import (
    IPAddress,
    PublicOnlyResolver,
    is_internal,
    resolves_internal,
    withhold_quotes,
)
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.sources import fetch, parse_source
from tests.fakes.knowledge import KB_YAML
from tests.fakes.loopback import HOST, serving

SERVER_ADDRESS = ipaddress.ip_address(HOST)
PLAIN_TEXT = "Internal wiki export. DB_PASSWORD=Hunter2Secret and more lines of private notes"


def as_if_public(address: IPAddress) -> bool:
    return address != SERVER_ADDRESS and is_internal(address)


@pytest.fixture
async def base() -> AsyncIterator[str]:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def plain(_: web.Request) -> web.Response:
        return web.Response(text=PLAIN_TEXT, content_type="text/plain")

    async def kb(_: web.Request) -> web.Response:
        return web.Response(text=KB_YAML, content_type="application/yaml")

    app = web.Application()
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/notes.txt", plain)
    app.router.add_get("/kb.yaml", kb)
    async with serving(app) as port:
        yield f"http://{HOST}:{port}"


async def errors_of(url: str, *, internal: bool = True) -> tuple[LoadError, ...]:
    with pytest.raises(KnowledgeError) as caught:
        await fetch(parse_source(url), internal=as_if_public if internal else is_internal)
    return caught.value.errors


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/kb.yaml",
        "http://[::1]/kb.yaml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/kb.yaml",
        "http://192.168.1.1/kb.yaml",
        "http://[::ffff:127.0.0.1]/kb.yaml",
    ],
)
async def test_a_redirect_into_the_bots_network_is_refused(base: str, target: str) -> None:
    (error,) = await errors_of(f"{base}/redirect?to={target}")

    assert error.file == f"{base}/redirect"
    assert error.message.startswith("refused a redirect to ")
    assert "internal address" in error.message


async def test_a_configured_internal_url_may_redirect_inside_its_network(base: str) -> None:
    kb = await fetch(parse_source(f"{base}/redirect?to={base}/kb.yaml"))  # 127.0.0.1 is internal here
    assert kb.role("data-scientist") is not None


async def test_an_error_names_the_url_the_document_came_from_and_does_not_quote_it(base: str) -> None:
    (error,) = await errors_of(f"{base}/redirect?to=/notes.txt", internal=False)

    assert error.file == f"{base}/notes.txt"
    assert "must be a mapping" in error.message
    assert "Hunter2Secret" not in str(error) and "wiki" not in str(error)


async def test_a_host_name_is_judged_by_the_addresses_it_resolves_to() -> None:
    assert await resolves_internal("localhost")
    assert not await resolves_internal("no-such-host.invalid")
    assert not is_internal(ipaddress.ip_address("93.184.216.34"))


async def test_a_public_only_fetch_cannot_connect_to_a_name_that_resolves_inside() -> None:
    resolver = PublicOnlyResolver()
    try:
        with pytest.raises(OSError, match="internal address"):
            await resolver.resolve("localhost", 80)
    finally:
        await resolver.close()


def test_quoted_words_an_author_needs_are_kept_and_anything_else_withheld() -> None:
    message = "unknown field 'nmae' in role 'data-scientist'; expected ',' but got 'DB_PASSWORD=xyz 123'"
    assert withhold_quotes(message) == (
        "unknown field 'nmae' in role 'data-scientist'; expected ',' but got '…'"
    )
