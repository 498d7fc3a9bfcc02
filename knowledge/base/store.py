"""The store holds the knowledge base snapshot being served, and swaps in a new one on reload.

Readers take `store.snapshot` (or `store.current`, just the knowledge base) once per question and use only
that object. A reload loads, validates and indexes the new version aside, then replaces the snapshot with
one assignment of one immutable `Snapshot`, so no reader ever sees a knowledge base with another version's
`loaded_at`. A reload that fails in any way leaves the old snapshot serving and says why.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal

from knowledge.base.diff import KnowledgeDiff, diff
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.model import KnowledgeBase
from knowledge.base.sources import BUNDLED, Source, fetch

logger: Final = logging.getLogger("mlrole.reload")

Fetch = Callable[[Source], Awaitable[KnowledgeBase]]
Outcome = Literal["ok", "invalid", "error"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One knowledge base and when it started serving: always read together."""

    kb: KnowledgeBase
    loaded_at: datetime


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What one reload did. On failure the old snapshot still serves: `new_version` and `diff` are None."""

    ok: bool
    source: str
    """The source's display form (a URL without credentials or query)."""
    old_version: str
    new_version: str | None
    errors: tuple[LoadError, ...]
    diff: KnowledgeDiff | None
    duration_s: float
    """Time spent loading, validating and indexing, not waiting for another reload to finish."""
    serving: Snapshot = field(repr=False)
    """The snapshot serving once this reload finished: the new one on success, the old one on failure."""
    actor: str | None = None
    error_total: int | None = None
    """How many errors were found, when `errors` lists only the first of them (`KnowledgeError.capped`)."""

    @property
    def error_count(self) -> int:
        """Every error found, listed or not."""
        return len(self.errors) if self.error_total is None else self.error_total


ReloadListener = Callable[[ReloadResult], Awaitable[None]]
"""Told of every finished reload, in order (the wiring publishes successful ones to other instances)."""

Warm = Callable[[KnowledgeBase], object]
"""Prepares a snapshot before it serves (the wiring passes the matcher's `prepare`, which builds its index),
so no question pays for it. Runs in a worker thread; `base` never imports the matcher itself."""


class KnowledgeStore:
    """Holds the current snapshot and reloads it from its configured source.

    `reload()` may be called from any task on the store's event loop (a Slack command, a SIGHUP handler);
    reloads run one at a time. Requests that arrive while one runs merge into one follow-up reload, which
    all of them await: fifty SIGHUPs in a second run two reloads, not fifty, and an admin's reload never
    waits behind a queue of others. From another thread, use `asyncio.run_coroutine_threadsafe`.
    `source` is what `reload()` reads: pass the one `kb` came from (`open` does), or it reloads the bundled
    knowledge base. `fetch` is `knowledge.base.sources.fetch` unless a test or a shared HTTP session needs
    another (`functools.partial(fetch, session=...)`). `warm`, when given, prepares every snapshot in a
    worker thread before it serves (see `Warm`).
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        loaded_at: datetime | None = None,
        source: Source = BUNDLED,
        fetch: Fetch = fetch,
        warm: Warm | None = None,
    ) -> None:
        self._snapshot = Snapshot(kb=kb, loaded_at=loaded_at or datetime.now(UTC))
        self._source = source
        self._fetch = fetch
        self._warm = warm
        self._lock = asyncio.Lock()
        self._last_reload: ReloadResult | None = None
        self._follow_up: asyncio.Future[ReloadResult] | None = None
        """The reload waiting for the running one to finish, which later requests join."""
        self._listeners: list[ReloadListener] = []

    @classmethod
    async def open(cls, source: Source, *, fetch: Fetch = fetch, warm: Warm | None = None) -> KnowledgeStore:
        """Load `source` and serve it. Raises `KnowledgeError` (startup should stop with its messages)."""
        kb = await fetch(source)
        if warm is not None:
            await asyncio.to_thread(warm, kb)
        return cls(kb, source=source, fetch=fetch, warm=warm)

    @property
    def snapshot(self) -> Snapshot:
        """The knowledge base being served and its `loaded_at`, as one consistent pair."""
        return self._snapshot

    @property
    def current(self) -> KnowledgeBase:
        return self._snapshot.kb

    @property
    def loaded_at(self) -> datetime:
        """When `current` started serving. To read both consistently, read `snapshot` once."""
        return self._snapshot.loaded_at

    @property
    def source(self) -> Source:
        return self._source

    @property
    def last_reload(self) -> ReloadResult | None:
        """The result of the latest finished reload, or None before the first one."""
        return self._last_reload

    def add_listener(self, listener: ReloadListener) -> Callable[[], None]:
        """Await `listener(result)` after every reload from now on; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    async def reload(self, *, actor: str | None = None) -> ReloadResult:
        """Load the source aside, validate and index it, then swap it in; on any failure keep serving the
        old snapshot. Never raises (except `CancelledError`); `actor` (a Slack user id, "SIGHUP") is
        logged with the outcome (a merged request gets the result of the reload it joined). Listeners hear of
        each reload once, when it has finished; the next reload may already have started."""
        if self._follow_up is not None:
            return await asyncio.shield(self._follow_up)
        mine = self._follow_up = asyncio.get_running_loop().create_future()
        try:
            async with self._lock:
                if self._follow_up is mine:
                    self._follow_up = None  # started: a request from now on queues the next one
                result = await self._reload_locked(actor)
                self._last_reload = result
        except BaseException:
            if self._follow_up is mine:
                self._follow_up = None
            mine.cancel()
            raise
        mine.set_result(result)
        for listener in tuple(self._listeners):
            try:
                await listener(result)
            except Exception:
                logger.exception("a reload listener failed; the reload itself stands")
        return result

    async def _reload_locked(self, actor: str | None) -> ReloadResult:
        old = self._snapshot
        started = time.perf_counter()
        outcome: Outcome
        unexpected: Exception | None = None
        try:
            kb = await self._fetch(self._source)
            if self._warm is not None:
                await asyncio.to_thread(self._warm, kb)
        except KnowledgeError as exc:
            outcome, errors, new, total = "invalid", exc.errors, None, exc.total
        except Exception as exc:
            outcome, new, unexpected = "error", None, exc
            message = f"unexpected {type(exc).__name__} while loading; details are in the server log"
            errors = (LoadError(file=self._source.display, line=None, message=message),)
            total = None
        else:
            outcome, errors, total = "ok", (), None
            new = Snapshot(kb=kb, loaded_at=datetime.now(UTC))
            self._snapshot = new
        result = ReloadResult(
            ok=new is not None,
            source=self._source.display,
            old_version=old.kb.version,
            new_version=new.kb.version if new else None,
            errors=errors,
            diff=diff(old.kb, new.kb) if new else None,
            duration_s=time.perf_counter() - started,
            serving=new or old,
            actor=actor,
            error_total=total,
        )
        _log(result, outcome, unexpected)
        return result


def _log(result: ReloadResult, outcome: Outcome, unexpected: Exception | None) -> None:
    """One line per reload, in `key=value` form, with the same fields in `extra["reload"]`."""
    fields = {
        "outcome": outcome,
        "actor": result.actor,
        "source": result.source,
        "old_version": result.old_version,
        "new_version": result.new_version,
        "duration_s": round(result.duration_s, 3),
        "changed": None if result.diff is None else not result.diff.is_empty,
        "errors": tuple(str(error) for error in result.errors),
    }
    line = " ".join(f"{key}={value!r}" for key, value in fields.items())
    extra = {"reload": fields}
    if outcome == "ok":
        logger.info("reload %s", line, extra=extra)
    elif outcome == "invalid":
        logger.warning("reload %s", line, extra=extra)
    else:
        logger.exception("reload %s", line, extra=extra, exc_info=unexpected)
