"""What a "Share in channel" button carries: the question to answer again, or the entry chosen.

The value is our own small JSON document (`{"q": question}` or `{"id": entry_id}`), kept within Slack's
2,000-character button value by shortening an overlong question. Sharing answers the question again from the
snapshot serving at click time, so the channel sees the same answer the asker saw (or a newer one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

from handlers.blocks import MAX_BUTTON_VALUE


@dataclass(frozen=True, slots=True)
class ShareTarget:
    """Exactly one of `question` and `entry_id` is set."""

    question: str | None = None
    entry_id: str | None = None


def encode(target: ShareTarget) -> str:
    if target.entry_id is not None:
        return _dump({"id": target.entry_id})[:MAX_BUTTON_VALUE]
    return with_question({}, target.question or "")


def with_question(data: dict[str, str], question: str) -> str:
    """`data` and `{"q": question}` as a button value, the question shortened until the value fits."""
    if len(value := _dump(data | {"q": question})) <= MAX_BUTTON_VALUE:
        return value
    # The longest prefix that fits (JSON escaping makes a character take 1 to 12 of the value's).
    low, high = 0, len(question)
    while low < high:
        middle = (low + high + 1) // 2
        if len(_dump(data | {"q": question[:middle]})) <= MAX_BUTTON_VALUE:
            low = middle
        else:
            high = middle - 1
    return _dump(data | {"q": question[:low]})


def decode(value: str) -> ShareTarget | None:
    """The target in a button value, or None if it is not one of ours."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or len(data) != 1:
        return None
    question, entry_id = data.get("q"), data.get("id")
    if isinstance(question, str) and question.strip():
        return ShareTarget(question=question)
    if isinstance(entry_id, str) and entry_id:
        return ShareTarget(entry_id=entry_id)
    return None


_ENCODER: Final = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))
"""Made once: `json.dumps` with any non-default option builds a new encoder on every call."""


def _dump(data: dict[str, str]) -> str:
    # ASCII only: however Slack counts the 2,000 (code points, UTF-16 units, bytes), the count is the same.
    return _ENCODER.encode(data)
