"""`--knowledge PATH`, for the commands that answer from a knowledge base, and loading the one it names.

Without `--knowledge`, a command uses `MLROLE_KNOWLEDGE` as the bot does, then the bundled knowledge base;
an http(s) URL is fetched exactly as the bot fetches it (`knowledge.base.sources`, imported only then).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from importlib import import_module
from typing import Final

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_bundled, load_path
from knowledge.base.model import KnowledgeBase

SETTING: Final = "MLROLE_KNOWLEDGE"


def chosen(path: str | None) -> str | None:
    """What to load: `path` when given, else `MLROLE_KNOWLEDGE` when set, else None (the bundled one)."""
    return path if path is not None else (os.environ.get(SETTING, "").strip() or None)


def is_url(value: str) -> bool:
    return "://" in value


def load_any(value: str) -> KnowledgeBase:
    """A path or an http(s) URL (any other scheme is an error, as for the bot). Raises `KnowledgeError`."""
    if not is_url(value):
        return load_path(value)
    sources = import_module("knowledge.base.sources")  # aiohttp: imported only when a URL needs it
    kb: KnowledgeBase = asyncio.run(sources.fetch(sources.parse_source(value)))
    return kb


def add_knowledge_argument(parser: argparse.ArgumentParser, *, verb: str) -> None:
    """`--knowledge PATH`; `verb` says what the command does from it ("answer", "recommend")."""
    parser.add_argument(
        "--knowledge",
        metavar="PATH",
        help=f"{verb} from this knowledge base (a YAML file, a directory of them or an http(s) URL; "
        f"default: ${SETTING}, else the bundled one)",
    )


def load_knowledge(path: str | None, *, command: str) -> KnowledgeBase | None:
    """The knowledge base at `path` (None: `MLROLE_KNOWLEDGE`, else the bundled one), or None after telling
    stderr why it cannot be used, as `mlrole COMMAND: cannot use PATH: N errors` and then each error."""
    path = chosen(path)
    try:
        return load_bundled() if path is None else load_any(path)
    except KnowledgeError as exc:
        where = "the bundled knowledge base" if path is None else shown(path)
        count = exc.total
        plural = "" if count == 1 else "s"
        print(f"mlrole {command}: cannot use {where}: {count} error{plural}", file=sys.stderr)
        for error in exc.errors:
            print(error, file=sys.stderr)
        return None


def shown(value: str) -> str:
    """A path as is; a URL without its credentials or query (it may carry a token)."""
    if not is_url(value):
        return value
    sources = import_module("knowledge.base.sources")
    try:
        display: str = sources.parse_source(value).display
        return display
    except KnowledgeError:
        return "the URL in MLROLE_KNOWLEDGE or --knowledge"
