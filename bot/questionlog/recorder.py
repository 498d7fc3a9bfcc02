"""`SqlQuestionLog`: the handlers' `QuestionLog` port over a SQLAlchemy async engine.

`record` and `vote` append to a buffer and return: no I/O on the request's path. A flush task, started when
the buffer gets its first item and ending when it is empty, lets records gather for `BATCH_WINDOW_S`, then
writes every question buffered in one transaction (under load, hundreds of questions cost one commit),
then the votes through the `VoteStore`.
Nothing here runs forever: a graceful stop waits for the flush in progress like any reply
(`bot.shutdown`), and the daily retention purge is a timer, not a task.

A database that fails (read-only, gone, unreachable) loses what was being written, never an answer: the
failure is logged at most once a minute, and the next flush tries again (preparing the database first if it
could not be prepared at start).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from datetime import timedelta
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.questionlog import queries
from bot.questionlog.clock import naive_utc, now_utc
from bot.questionlog.migrate import upgrade
from bot.questionlog.reading import read_report
from bot.questionlog.votes import SqlVotes, Vote, VoteStore
from bot.throttled import Clock, Throttled
from handlers.gaps import GapsReport, build_report
from handlers.question_log import AskedQuestion, FeedbackVote, ReportUnavailable

DAY_S: Final = 24 * 60 * 60.0
BATCH_WINDOW_S: Final = 0.2
"""How long a flush lets records gather before it writes: a busy bot commits a few times a second, however
many questions it answers (each commit has a fixed cost, which many small ones would pay per question)."""
MIGRATION_RETRY_S: Final = 1.0
ERROR_LOG_INTERVAL_S: Final = 60.0
"""A failing database is logged at most this often."""
MAX_HASHES_KEPT: Final = 10_000
"""User ids whose hash is remembered (forgotten all at once past that)."""
MAX_PENDING: Final = 10_000
"""Items buffered at most while the database is slow; beyond, new ones are dropped (and logged)."""
UNREADABLE: Final = "Sorry, I could not read the question log: its database is failing (see the bot's log)."


class SqlQuestionLog:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        secret: str | None,
        retention_days: int,
        logger: logging.Logger,
        clock: Clock = time.monotonic,
        votes: VoteStore | None = None,
        batch_window_s: float = BATCH_WINDOW_S,
    ) -> None:
        """`votes` keeps feedback once per person per answer: by default in this database (`SqlVotes`)."""
        self._engine = engine
        self._votes = votes or SqlVotes(engine)
        self._batch_window_s = batch_window_s
        self._secret = secret.encode() if secret else None
        self._hashes: dict[str, str] = {}
        self._retention = timedelta(days=retention_days)
        self._logger = logger
        self._errors = Throttled(logger, interval_s=ERROR_LOG_INTERVAL_S, clock=clock)
        self._clock = clock
        self._ready = False
        self._next_prepare = float("-inf")
        self._pending: list[AskedQuestion | FeedbackVote] = []
        self._flushing: asyncio.Task[None] | None = None
        self._purge_timer: asyncio.TimerHandle | None = None
        self._purging: asyncio.Task[None] | None = None

    @property
    def enabled(self) -> bool:
        return True

    # --- the port -------------------------------------------------------------------------------------------

    def record(self, question: AskedQuestion) -> None:
        self._buffer(question)

    def vote(self, vote: FeedbackVote) -> None:
        self._buffer(vote)

    async def report(self, *, days: int) -> GapsReport:
        try:
            report = await read_report(self._engine, days=days)
        except Exception as exc:
            self._errors.exception("could not read the question log")
            raise ReportUnavailable(UNREADABLE) from exc
        return report or build_report([], [], days=days)

    # --- life -----------------------------------------------------------------------------------------------

    async def prepare(self) -> bool:
        """Migrate, read or make the secret, apply retention. False (logged) when the database fails."""
        self._next_prepare = self._clock() + ERROR_LOG_INTERVAL_S
        try:
            await self._migrate()
            if self._secret is None:
                async with self._engine.begin() as connection:
                    self._secret = (await queries.stored_secret(connection)).encode()
            await self._purge()
        except Exception:
            self._errors.exception("the question log's database cannot be used: answering without recording")
            return False
        self._ready = True
        return True

    async def _migrate(self) -> None:
        """Alembic's upgrade, tried again once: another process (a second worker or instance starting at the
        same moment) may be creating the same tables, and is done by then."""
        try:
            await upgrade(self._engine)
        except Exception:
            await asyncio.sleep(MIGRATION_RETRY_S)
            await upgrade(self._engine)

    def purge_daily(self) -> None:
        """Apply retention every day from now on (a timer: nothing waits on it at shutdown)."""
        loop = asyncio.get_running_loop()

        def due() -> None:
            self._purging = loop.create_task(self._purge_logged())
            self._purge_timer = loop.call_later(DAY_S, due)

        self._purge_timer = loop.call_later(DAY_S, due)

    async def flushed(self) -> None:
        """Wait until everything recorded so far has been written (or given up on)."""
        while self._flushing is not None and not self._flushing.done():
            await asyncio.shield(self._flushing)

    async def close(self) -> None:
        if self._purge_timer is not None:
            self._purge_timer.cancel()
        await self.flushed()
        if self._purging is not None:
            await self._purging
        await self._engine.dispose()

    # --- writing --------------------------------------------------------------------------------------------

    def _buffer(self, item: AskedQuestion | FeedbackVote) -> None:
        if len(self._pending) >= MAX_PENDING:
            self._errors.warning(f"the question log is behind: over {MAX_PENDING} records wait, dropping")
            return
        self._pending.append(item)
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        await asyncio.sleep(self._batch_window_s)
        while self._pending:
            batch, self._pending = self._pending, []
            if not self._ready and (self._clock() < self._next_prepare or not await self.prepare()):
                continue  # the database cannot be used yet: this batch is lost, answers go on
            try:
                await self._write(batch)
            except Exception:
                self._errors.exception(f"could not record {len(batch)} question(s) or vote(s)")

    async def _write(self, batch: list[AskedQuestion | FeedbackVote]) -> None:
        asked = [self._question_row(item) for item in batch if isinstance(item, AskedQuestion)]
        if asked:
            async with self._engine.begin() as connection:
                await queries.add_questions(connection, asked)
        await self._votes.put([self._vote(item) for item in batch if isinstance(item, FeedbackVote)])

    def _hash(self, user_id: str) -> str:
        """The keyed hash of a Slack user id; a team's few hundred people are hashed once each."""
        known = self._hashes.get(user_id)
        if known is None:
            assert self._secret is not None  # set by `prepare`, which a write waits for
            known = hmac.new(self._secret, user_id.encode(), hashlib.sha256).hexdigest()
            if len(self._hashes) >= MAX_HASHES_KEPT:
                self._hashes.clear()
            self._hashes[user_id] = known
        return known

    def _question_row(self, question: AskedQuestion) -> dict[str, Any]:
        return {
            "id": question.id,
            "asked_at": naive_utc(question.asked_at),
            "surface": question.surface,
            "text": question.text.replace("\x00", ""),  # PostgreSQL's text cannot hold NUL
            "asker": self._hash(question.asker),
            "kind": question.kind,
            "entry_id": question.entry_id,
            "score": question.score,
            "alternatives": list(question.alternatives),
            "kb_version": question.kb_version,
            "resolves": question.resolves,
        }

    def _vote(self, vote: FeedbackVote) -> Vote:
        return Vote(
            question_id=vote.question_id,
            voter=self._hash(vote.voter),
            helpful=vote.helpful,
            voted_at=now_utc(),
        )

    # --- retention ------------------------------------------------------------------------------------------

    async def _purge(self) -> None:
        async with self._engine.begin() as connection:
            gone = await queries.forget_before(connection, now_utc() - self._retention)
        if gone:
            self._logger.info("question log: forgot %d question(s) past retention", gone)

    async def _purge_logged(self) -> None:
        try:
            await self._purge()
        except Exception:
            self._errors.exception("could not apply the question log's retention")
