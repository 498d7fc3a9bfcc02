"""`--knowledge PATH`, for the commands that answer from a knowledge base, and loading the one it names."""

from __future__ import annotations

import argparse
import sys

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_bundled, load_path
from knowledge.base.model import KnowledgeBase


def add_knowledge_argument(parser: argparse.ArgumentParser, *, verb: str) -> None:
    """`--knowledge PATH`; `verb` says what the command does from it ("answer", "recommend")."""
    parser.add_argument(
        "--knowledge",
        metavar="PATH",
        help=f"{verb} from this knowledge base (a YAML file or a directory of them), not the bundled one",
    )


def load_knowledge(path: str | None, *, command: str) -> KnowledgeBase | None:
    """The knowledge base at `path` (None: the bundled one), or None after telling stderr why it cannot be
    used, as `mlrole COMMAND: cannot use PATH: N errors` and then each error."""
    try:
        return load_bundled() if path is None else load_path(path)
    except KnowledgeError as exc:
        where = "the bundled knowledge base" if path is None else path
        count = len(exc.errors)
        plural = "" if count == 1 else "s"
        print(f"mlrole {command}: cannot use {where}: {count} error{plural}", file=sys.stderr)
        for error in exc.errors:
            print(error, file=sys.stderr)
        return None
