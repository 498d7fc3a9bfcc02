"""`finish_in_flight`: the work Bolt started after its acks gets to finish, within the shutdown's budget."""

from __future__ import annotations

import asyncio

from bot.shutdown import finish_in_flight


async def test_work_in_flight_and_the_work_it_starts_is_waited_for() -> None:
    released = asyncio.Event()
    finished: list[str] = []
    started: list[asyncio.Task[None]] = []

    async def follow_up() -> None:
        await asyncio.sleep(0)
        finished.append("follow-up")

    async def reply() -> None:
        await released.wait()
        finished.append("reply")
        started.append(asyncio.create_task(follow_up()))  # started while shutting down

    async def slack_answers() -> None:
        await asyncio.sleep(0)
        released.set()

    tasks = [asyncio.create_task(reply()), asyncio.create_task(slack_answers())]

    assert await finish_in_flight(grace_s=10) == 0
    assert finished == ["reply", "follow-up"]
    assert all(task.done() and not task.cancelled() for task in tasks)


async def test_what_is_still_running_when_the_budget_is_spent_is_cancelled() -> None:
    stuck = asyncio.create_task(asyncio.Event().wait())

    assert await finish_in_flight(grace_s=0.01) == 1
    assert stuck.cancelled()
