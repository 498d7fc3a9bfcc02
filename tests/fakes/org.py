"""A small knowledge base with an `org.yaml`: a task mapped through its owner's role, a task mapped on its
own (reviewed long ago), and a task nobody is mapped for."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from handlers.blocks import Message

from .knowledge import KB_YAML, write_atomically

GROUP = "S0MLPLAT"
CHANNEL = "C0MLPLAT"
CONTACT = "U0ALICE01"
LABEL_GROUP = "S0LABELOPS"
LABEL_CHANNEL = "C0LABELOPS"
RECENT_DAYS = 10
OLD_DAYS = 400

TASKS_YAML = """\
  - id: labeling
    name: Data labeling
    summary: Label the training data.
    owners: [data-scientist]
  - id: evaluation
    name: Model evaluation
    summary: Measure the model offline.
    owners: [data-scientist]
"""
KB_WITH_TASKS = KB_YAML.replace("synonyms:\n", TASKS_YAML + "synonyms:\n")
"""`deployment` (owned by ml-engineer, mapped through the role), `labeling` (mapped on its own) and
`evaluation` (owned by data-scientist, who is not mapped: nobody here)."""


def days_ago(days: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=days)).isoformat()


def org_yaml() -> str:
    return f"""\
org:
  - role: ml-engineer
    group: {GROUP}
    channel: {CHANNEL}
    contacts: [{CONTACT}]
    reviewed: {days_ago(RECENT_DAYS)}
  - task: labeling
    group: {LABEL_GROUP}
    channel: {LABEL_CHANNEL}
    reviewed: {days_ago(OLD_DAYS)}
"""


def write_org_kb(directory: Path, *, org: str | None = None) -> Path:
    """`kb.yaml` and `org.yaml` (this module's, or `org`) in `directory`, created if need be."""
    directory.mkdir(parents=True, exist_ok=True)
    write_atomically(directory / "kb.yaml", KB_WITH_TASKS)
    write_atomically(directory / "org.yaml", org_yaml() if org is None else org)
    return directory


def without(message: Mapping[str, Any], mentions: Iterable[str]) -> Message:
    """The message with these mentions (the bot's own, from `org.yaml`) replaced by a word, for the limits
    checker, which allows no raw `<` or `>` at all."""
    text = json.dumps(message)
    for mention in mentions:
        text = text.replace(mention, "them")
    result = json.loads(text)
    return {"text": result["text"], "blocks": result["blocks"]}
