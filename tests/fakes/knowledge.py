"""Knowledge bases for reload tests: a small one in YAML, written to disk atomically or served over HTTP.

`KnowledgeServer` is a real aiohttp server on 127.0.0.1 (port 0) with one document at `/kb.yaml`; a test
changes the document, or makes the server answer 404, hang until teardown, or send more than the size cap.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aiohttp import web

from knowledge.base.sources import MAX_DOCUMENT_BYTES

from .loopback import HOST, serving

KB_YAML = """\
roles:
  - id: data-scientist
    name: Data Scientist
    summary: Builds models.
    aliases: [ds]
  - id: ml-engineer
    name: ML Engineer
    summary: Ships models.
    aliases: [mle]
approaches:
  - id: squad
    name: Squad
    summary: One team per product.
tasks:
  - id: deployment
    name: Deployment
    summary: Ship the model.
    owners: [ml-engineer]
synonyms:
  production: [prod]
"""
"""Two roles, an approach, a task, a synonym: small enough to edit in a test, big enough to ask about."""


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of `text` containing `needle`: where an error should point."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def write_atomically(path: Path, text: str) -> Path:
    """Replace `path`'s content in one step, as an operator should, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


Mode = Literal["serve", "missing", "hang", "oversize"]


@dataclass
class KnowledgeServer:
    """Start with `async with KnowledgeServer.running() as server:`; `server.url()` is the document's URL."""

    document: str = KB_YAML
    mode: Mode = "serve"
    """`serve` the document; answer 404 (`missing`); `hang` until teardown; or send a body one byte over
    the size cap (`oversize`)."""
    base: str = ""
    requests: int = 0
    _release: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    @asynccontextmanager
    async def running(cls) -> AsyncIterator[KnowledgeServer]:
        server = cls()
        app = web.Application()
        app.router.add_get("/kb.yaml", server._kb)
        async with serving(app) as port:
            server.base = f"http://{HOST}:{port}"
            try:
                yield server
            finally:
                server._release.set()

    def url(self, *, query: str = "") -> str:
        return f"{self.base}/kb.yaml{query}"

    async def _kb(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.mode == "missing":
            raise web.HTTPNotFound()
        if self.mode == "hang":
            await self._release.wait()
        if self.mode == "oversize":
            body = b"# " + b"x" * (MAX_DOCUMENT_BYTES - 2) + b"\n"
            return web.Response(body=body, content_type="application/yaml")
        return web.Response(text=self.document, content_type="application/yaml")
