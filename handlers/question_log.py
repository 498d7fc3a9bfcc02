"""The question log as handlers see it: what they hand over after each reply, and the port they hand it to.

Handlers never touch a database. They build an `AskedQuestion` (or a `FeedbackVote`) and give it to
`Deps.questions`, whose `record` and `vote` only queue it and return at once: the write happens later, off the
request's path, and a failing database never reaches a handler (`bot.questionlog` implements the port). The
asker travels as a Slack user id only this far: the log stores a keyed hash of it, never the id.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal, Protocol

from handlers.gaps import GapsReport
from knowledge.base.model import Approach, KnowledgeBase, Role, Task
from knowledge.match import Match

Surface = Literal["slash", "mention", "dm", "choice", "recommend"]
"""Where a question was asked: `/mlrole <question>`, a mention, a DM, a did-you-mean button, or a team
recommendation (`/mlrole recommend ...` or its form)."""
MAX_TEXT: Final = 1000
"""Characters of a question kept in the log."""
ENTRY_KINDS: Final[dict[type, str]] = {Role: "role", Approach: "approach", Task: "task"}
ACTIONABLE: Final = frozenset({"role", "approach", "task", "compare", "recommend"})
"""Answers a person can act on: they carry the feedback buttons."""


QUESTION_ID: Final = re.compile(r"[0-9a-f]{32}")


def is_question_id(text: str) -> bool:
    """Whether `text` is an id `new_question_id` makes (a button value from elsewhere may hold anything)."""
    return QUESTION_ID.fullmatch(text) is not None


def new_question_id(delivery: str | None = None) -> str:
    """A fresh id for a recorded question; the same id for the same Slack delivery (an event's id), so a
    delivery recorded twice (on two instances, say) is one row."""
    if delivery:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"slack-event:{delivery}").hex
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """One question and how it was answered."""

    id: str
    surface: Surface
    text: str
    asker: str
    """The Slack user id: the log keeps only its keyed hash."""
    kind: str
    entry_id: str | None
    score: float | None
    alternatives: tuple[str, ...]
    kb_version: str
    resolves: str | None = None
    """For a did-you-mean choice: the id of the question whose suggestion was chosen."""
    asked_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of(
        cls, found: Match, *, question_id: str, surface: Surface, asker: str, kb_version: str
    ) -> AskedQuestion:
        return cls(
            id=question_id,
            surface=surface,
            text=found.query[:MAX_TEXT],
            asker=asker,
            kind=found.kind,
            entry_id=found.id,
            score=float(found.score),
            alternatives=tuple(found.alternatives),
            kb_version=kb_version,
        )


def chosen_entry(
    entry_id: str, kb: KnowledgeBase, *, resolves: str | None, asker: str
) -> AskedQuestion | None:
    """A did-you-mean choice as a question of its own (the entry chosen answers it), resolving the prompt's
    question; None when the snapshot has no such entry (the person then got help, not an answer)."""
    entry = kb.entry(entry_id)
    kind = ENTRY_KINDS.get(type(entry))
    if entry is None or kind is None:
        return None
    return AskedQuestion(
        id=new_question_id(),
        surface="choice",
        text="",
        asker=asker,
        kind=kind,
        entry_id=entry_id,
        score=None,
        alternatives=(),
        kb_version=kb.version,
        resolves=resolves,
    )


def recommendation_asked(text: str, *, asker: str, kb_version: str) -> AskedQuestion:
    """A team recommendation asked for (`/mlrole recommend ...` or its form), `text` being what was given."""
    return AskedQuestion(
        id=new_question_id(),
        surface="recommend",
        text=text[:MAX_TEXT],
        asker=asker,
        kind="recommend",
        entry_id=None,
        score=None,
        alternatives=(),
        kb_version=kb_version,
    )


@dataclass(frozen=True, slots=True)
class FeedbackVote:
    """A click on "Helpful" or "Not helpful" under the answer to question `question_id`."""

    question_id: str
    voter: str
    """The Slack user id: the log keeps only its keyed hash, and one vote per hash and question."""
    helpful: bool


class ReportUnavailable(Exception):
    """The log cannot be read (off, or its database failing); the message says which, for a person."""


class QuestionLog(Protocol):
    """Where handlers send what was asked. `record` and `vote` never raise and never wait."""

    @property
    def enabled(self) -> bool:
        """False when recording is off (`MLROLE_QUESTION_LOG=off`): answers then carry no feedback buttons."""
        ...

    def record(self, question: AskedQuestion) -> None: ...

    def vote(self, vote: FeedbackVote) -> None:
        """Counted once per person per question: a second vote replaces the first."""
        ...

    async def report(self, *, days: int) -> GapsReport:
        """The gaps report over the last `days` days; raises `ReportUnavailable` when it cannot be read."""
        ...


OFF_MESSAGE: Final = "The question log is off (MLROLE_QUESTION_LOG=off): nothing is recorded."


class NoQuestionLog:
    """Recording off: nothing is kept, answers carry no feedback buttons, and there is no report."""

    @property
    def enabled(self) -> bool:
        return False

    def record(self, question: AskedQuestion) -> None:
        return None

    def vote(self, vote: FeedbackVote) -> None:
        return None

    async def report(self, *, days: int) -> GapsReport:
        raise ReportUnavailable(OFF_MESSAGE)
