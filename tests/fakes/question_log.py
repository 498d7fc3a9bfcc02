"""A question log that lets a test await what handlers hand it: it passes everything on to a real one."""

from __future__ import annotations

import asyncio

from bot.questionlog.recorder import SqlQuestionLog
from handlers.gaps import GapsReport
from handlers.question_log import AskedQuestion, FeedbackVote

from .slack_api import WAIT_TIMEOUT


class WatchedLog:
    """The `QuestionLog` port: counts what arrives, then hands it to `inner`."""

    def __init__(self, inner: SqlQuestionLog) -> None:
        self.inner = inner
        self.asked: list[AskedQuestion] = []
        self.votes: list[FeedbackVote] = []
        self._changed = asyncio.Condition()

    @property
    def enabled(self) -> bool:
        return True

    def record(self, question: AskedQuestion) -> None:
        self.asked.append(question)
        self.inner.record(question)
        asyncio.get_running_loop().create_task(self._notify())

    def vote(self, vote: FeedbackVote) -> None:
        self.votes.append(vote)
        self.inner.vote(vote)
        asyncio.get_running_loop().create_task(self._notify())

    async def report(self, *, days: int) -> GapsReport:
        return await self.inner.report(days=days)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def written(self, *, asked: int = 0, votes: int = 0) -> None:
        """Wait until handlers have handed over `asked` questions and `votes` votes, and all is written."""
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(self.asked) >= asked and len(self.votes) >= votes),
                WAIT_TIMEOUT,
            )
        await self.inner.flushed()
