"""Validate a knowledge base and summarize it: `mlrole check [PATH]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Final

from bot.commands.knowledge_arg import SETTING, chosen, is_url, load_any, shown
from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import bundled_path, knowledge_files
from knowledge.base.model import SOURCES, Entry, KnowledgeBase

HELP: Final = (
    f"validate a knowledge base (a YAML file, directory or URL; default: ${SETTING} or the bundled one)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=None,
        help=f"a knowledge-base YAML file, a directory of them, or an http(s) URL to one "
        f"(default: ${SETTING}, else the bundled knowledge base)",
    )


def run(args: argparse.Namespace) -> int:
    path = chosen(args.path) or str(bundled_path())
    try:
        kb = _load(path)
    except KnowledgeError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        count = exc.total
        print(f"{count} error{'' if count == 1 else 's'} in {shown(path)}", file=sys.stderr)
        return 1
    print(summary(kb))
    print(provenance(kb))
    return 0


def _load(path: str) -> KnowledgeBase:
    """The knowledge base at `path` (a path or a URL); a file that refers to sections it lacks (`tasks.yaml`
    of a knowledge-base directory) is checked with its sibling files, as the bot would load it."""
    try:
        return load_any(path)
    except KnowledgeError as exc:
        if is_url(path) or not exc.missing_sections or not _has_siblings(Path(path)):
            raise
        needed = ", ".join(exc.missing_sections)
    directory = Path(path).parent
    print(f"{path} refers to {needed}: checked with its sibling files in {directory}")
    return load_any(str(directory))


def _has_siblings(file: Path) -> bool:
    try:
        return any(sibling != file for sibling in knowledge_files(file.parent))
    except OSError:
        return False


def summary(kb: KnowledgeBase) -> str:
    """`OK: 7 roles, 2 approaches, 18 tasks, 40 synonyms (version 1a2b3c4d5e6f) from <source>`."""
    counts = ", ".join(
        _count(len(items), noun)
        for items, noun in (
            (kb.roles, "role"),
            (kb.approaches, "approach"),
            (kb.tasks, "task"),
            (kb.synonyms, "synonym"),
        )
    )
    if kb.org:
        counts += ", " + _count(len(kb.org.mappings), "org mapping")
    return f"OK: {counts} (version {kb.version}) from {kb.source}"


def provenance(kb: KnowledgeBase) -> str:
    """`Sources: 26 document, 35 practice` (roles, approaches and tasks by their `source`; entries that do not
    say are counted as "unsaid")."""
    counts = {source: 0 for source in SOURCES}
    unsaid = 0
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    for entry in entries:
        if entry.source is None:
            unsaid += 1
        else:
            counts[entry.source] += 1
    parts = [f"{count} {source}" for source, count in counts.items()]
    if unsaid:
        parts.append(f"{unsaid} unsaid")
    return "Sources: " + ", ".join(parts)


def _count(n: int, noun: str) -> str:
    plural = noun + ("es" if noun.endswith("ch") else "s")
    return f"{n} {noun if n == 1 else plural}"
