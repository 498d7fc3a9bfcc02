"""Where a knowledge-base URL may lead, and what of a fetched document an error may repeat.

A URL source is configuration, but what it serves is not: a compromised or careless server can redirect
the fetch to the bot's own network (`localhost`, a cloud metadata address such as 169.254.169.254, a
private service), and an error that quotes the response would carry that content into Slack. So:

- `is_internal` says whether an address is loopback, link-local, private, or otherwise not on the public
  internet; `resolves_internal` whether a host name leads to such an address.
- `PublicOnlyResolver` refuses such addresses at connection time, for fetches that must stay outside.
- `withhold_quotes` removes from an error message what it quoted from the document, keeping only short
  lowercase words (field names, ids) an author needs to find the problem.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Callable
from typing import Final

from aiohttp import DefaultResolver
from aiohttp.abc import AbstractResolver, ResolveResult

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Internal = Callable[[IPAddress], bool]

_QUOTED: Final = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_SAFE_WORD: Final = re.compile(r"^(?:[a-z_]+(?:[-.][a-z_]+)*|[^\w\s]{1,3}|<[a-z ]+>)$")
"""Kept: a lowercase word (a field name, an id), punctuation (YAML's "expected ','"), `<stream end>`."""
MAX_QUOTED_CHARS: Final = 30
WITHHELD: Final = "'…'"


def is_internal(address: IPAddress) -> bool:
    """Loopback, link-local, private, shared (100.64/10), reserved, unspecified or multicast."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return is_internal(address.ipv4_mapped)
    return not address.is_global or address.is_multicast


async def resolves_internal(host: str, *, internal: Internal = is_internal) -> bool:
    """Whether `host` (a name or an IP literal) is, or resolves to, an internal address. A name that does
    not resolve is not internal: the fetch that follows fails to connect and says so."""
    try:
        return internal(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    return any(internal(address) for address in addresses)


class PublicOnlyResolver(AbstractResolver):
    """Name resolution for a fetch that must stay on the public internet: a name that resolves to an
    internal address fails to connect. It closes the gap a redirect check alone leaves (a name that
    resolves to a public address when checked and to an internal one when connected to)."""

    def __init__(self, internal: Internal = is_internal) -> None:
        self._inner = DefaultResolver()
        self._internal = internal

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if any(self._internal(ipaddress.ip_address(result["host"].split("%")[0])) for result in results):
            raise OSError(f"{host} resolves to an internal address")
        return results

    async def close(self) -> None:
        await self._inner.close()


def withhold_quotes(message: str) -> str:
    """`message` with every quoted fragment that is not a short lowercase word replaced by '…'."""

    def keep_or_withhold(match: re.Match[str]) -> str:
        inner = match.group(0)[1:-1]
        return match.group(0) if len(inner) <= MAX_QUOTED_CHARS and _SAFE_WORD.match(inner) else WITHHELD

    return _QUOTED.sub(keep_or_withhold, message)
