"""What an "Ask the owners" button carries, and which questions were already sent (once per question per
person). Slack-free, so the pipeline (and `mlrole ask`) can render the button without importing Bolt.

The button carries only the question and the entry id (`{"id": …, "q": …}`, within Slack's 2,000
characters); the channel is looked up in the snapshot serving at click time, never taken from the click.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final, Literal

from handlers.share import with_question

MAX_REMEMBERED: Final = 10_000
"""Questions sent that are remembered at most (per process); the oldest are forgotten first."""


@dataclass(frozen=True, slots=True)
class AskOwners:
    question: str
    entry_id: str


def encode(target: AskOwners) -> str:
    return with_question({"id": target.entry_id}, target.question)


def decode(value: str) -> AskOwners | None:
    """The target in a button value, or None if it is not one of ours."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {"id", "q"}:
        return None
    question, entry_id = data["q"], data["id"]
    if isinstance(question, str) and isinstance(entry_id, str) and entry_id:
        return AskOwners(question=question, entry_id=entry_id)
    return None


Key = tuple[str, str, str]
State = Literal["new", "sending", "sent"]


def key_of(user_id: str, target: AskOwners) -> Key:
    """A question is the same question whatever its case and spacing."""
    return (user_id, target.entry_id, " ".join(target.question.casefold().split()))


def subject_of(key: Key) -> str:
    """The key's `OncePerPerson` subject (the person is the key's first part)."""
    _, entry_id, question = key
    return f"ask-owners:{entry_id}:{question}"


class SentQuestions:
    """Who sent which question, and the link to where it went. In memory, one process's clicks only."""

    def __init__(self, *, max_size: int = MAX_REMEMBERED) -> None:
        self._max_size = max_size
        self._sent: OrderedDict[Key, str | None] = OrderedDict()
        self._sending: set[Key] = set()

    def claim(self, key: Key) -> tuple[State, str | None]:
        """ "new" (the caller now sends it, then calls `sent` or `release`), "sending" (a click being
        handled), or "sent" with the permalink, if there was one."""
        if key in self._sending:
            return "sending", None
        if key in self._sent:
            return "sent", self._sent[key]
        self._sending.add(key)
        return "new", None

    def sent(self, key: Key, link: str | None) -> None:
        self._sending.discard(key)
        self._sent[key] = link
        while len(self._sent) > self._max_size:
            self._sent.popitem(last=False)

    def release(self, key: Key) -> None:
        """Sending failed: the next click may try again."""
        self._sending.discard(key)
