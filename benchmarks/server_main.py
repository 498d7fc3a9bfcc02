"""The command line of the benchmark's own servers (`benchmarks.bare_bolt`, `benchmarks.memoized`): the same
settings from the same environment and the same logging as `mlrole serve`, then their own `serve`."""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from bot.startup import EXIT_CONFIG, configure_logging, load_settings

Serve = Callable[..., Coroutine[Any, Any, int]]
"""`serve(settings, *, host=...)`: serve until told to stop, return the exit code."""


def server_main(argv: Sequence[str] | None, *, prog: str, description: str | None, serve: Serve) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--host", default="127.0.0.1", help="the interface to listen on")
    args = parser.parse_args(argv)
    settings = load_settings(os.environ, mode="http")
    if settings is None:
        return EXIT_CONFIG
    configure_logging(settings)
    return asyncio.run(serve(settings, host=args.host))
