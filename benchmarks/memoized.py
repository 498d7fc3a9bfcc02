"""A yardstick, not a product: `mlrole serve` with every answer memoized by its question.

The app is mlrole's own (`create_app`, the same handlers, middleware, Share button and reply), served by
`bot.server.serve_forever` like the other two; only the pipeline's `answer` (match the question, render the
match) is wrapped in a memo, so after the warm-up each request costs everything mlrole does except its
answer. Against bare Bolt, it shows what mlrole's wiring costs on its own; against mlrole, what the answers
cost. mlrole itself never caches by question: a benchmark that repeats its questions would measure the cache.

    PORT=0 SLACK_BOT_TOKEN=... SLACK_SIGNING_SECRET=... python -m benchmarks.memoized [--host HOST]
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

from benchmarks.server_main import server_main
from bot.app import create_app
from bot.server import serve_forever
from bot.settings import Settings
from bot.startup import EXIT_CONFIG, open_store
from handlers import replay
from handlers.blocks import ActionIds, Message
from handlers.ids import ACTIONS
from handlers.pipeline import NO_NAMES, answer
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match


def memoize_answers() -> None:
    """Make the slash command's `answer` remember each (question, snapshot, buttons). Unbounded: the
    benchmark asks a few dozen questions."""
    kept: dict[tuple[str, int, ActionIds | None, tuple[tuple[str, str], ...]], tuple[Match, Message]] = {}

    def remembered(
        question: str,
        kb: KnowledgeBase,
        *,
        actions: ActionIds | None = ACTIONS,
        channel_names: Mapping[str, str] = NO_NAMES,
    ) -> tuple[Match, Message]:
        key = (question, id(kb), actions, tuple(channel_names.items()))
        if key not in kept:
            kept[key] = answer(question, kb, actions=actions, channel_names=channel_names)
        return kept[key]

    # The slash command's answer (`handlers.replay.private_answer`) calls the pipeline through its module's
    # name for it; rebinding that name is the whole change. Refused loudly if the name moved, so the
    # yardstick cannot silently stop memoizing.
    if getattr(replay, "answer", None) is not answer:
        raise RuntimeError("handlers.replay no longer calls the pipeline's answer: update the yardstick")
    replay.answer = remembered  # type: ignore[attr-defined]  # imported there, not re-exported


async def serve(settings: Settings, *, host: str) -> int:
    store = await open_store(settings)
    if store is None:
        return EXIT_CONFIG
    memoize_answers()
    await serve_forever(create_app(settings, store), store, host=host, settings=settings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return server_main(argv, prog="python -m benchmarks.memoized", description=__doc__, serve=serve)


if __name__ == "__main__":
    sys.exit(main())
