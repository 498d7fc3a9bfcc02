"""Feedback votes, counted once per person per answer, behind a small interface.

`VoteStore.put` is the whole contract: a vote by a voter on a question replaces any earlier vote by the same
voter on the same question. `SqlVotes` keeps them in the log's database (an upsert on the pair); another store
(Redis, say, for many instances) can take its place in `SqlQuestionLog` without the handlers knowing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.questionlog import queries


@dataclass(frozen=True, slots=True)
class Vote:
    question_id: str
    voter: str
    """The voter's keyed hash, never a Slack user id."""
    helpful: bool
    voted_at: datetime
    """Naive UTC."""


class VoteStore(Protocol):
    async def put(self, votes: Sequence[Vote]) -> None:
        """Keep `votes`, in order; each replaces the same voter's earlier vote on the same question."""
        ...


class SqlVotes:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def put(self, votes: Sequence[Vote]) -> None:
        if not votes:
            return
        rows = [
            {"question_id": v.question_id, "voter": v.voter, "helpful": v.helpful, "voted_at": v.voted_at}
            for v in votes
        ]
        async with self._engine.begin() as connection:
            await queries.add_votes(connection, rows)
