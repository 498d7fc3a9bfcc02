"""`RecentIds`: each id is new once within its time to live, and memory stays bounded."""

from __future__ import annotations

import pytest

from handlers.once import MemoryOncePerPerson, RecentIds, once_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_id_is_new_once_then_a_repeat() -> None:
    seen = RecentIds(clock=Clock())
    assert seen.first_time("Ev1")
    assert not seen.first_time("Ev1")
    assert not seen.first_time("Ev1")
    assert seen.first_time("Ev2")


def test_an_id_is_forgotten_when_its_time_to_live_is_over() -> None:
    clock = Clock()
    seen = RecentIds(ttl=60, clock=clock)
    assert seen.first_time("Ev1")
    clock.now += 59.9
    assert not seen.first_time("Ev1"), "a repeat does not extend the memory"
    clock.now += 0.1
    assert seen.first_time("Ev1")
    assert len(seen) == 1


def test_expired_ids_are_dropped_so_a_quiet_memory_empties() -> None:
    clock = Clock()
    seen = RecentIds(ttl=10, clock=clock)
    for n in range(100):
        seen.first_time(f"Ev{n}")
    assert len(seen) == 100
    clock.now += 10
    assert len(seen) == 0


def test_memory_is_bounded_and_the_oldest_ids_go_first() -> None:
    clock = Clock()
    seen = RecentIds(max_size=3, clock=clock)
    for n in range(5):
        clock.now += 1
        assert seen.first_time(f"Ev{n}")
    assert len(seen) == 3
    assert not seen.first_time("Ev4") and not seen.first_time("Ev3") and not seen.first_time("Ev2")
    assert seen.first_time("Ev0"), "the oldest was forgotten to make room"


@pytest.mark.parametrize(("ttl", "max_size"), [(0, 10), (-1, 10), (10, 0)])
def test_a_memory_that_remembers_nothing_is_refused(ttl: float, max_size: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        RecentIds(ttl=ttl, max_size=max_size)


async def test_memory_once_per_person_is_once_per_subject_and_person() -> None:
    clock = Clock()
    once = MemoryOncePerPerson(ttl=100, clock=clock)
    assert await once.first_time("feedback:a1", "U1")
    assert not await once.first_time("feedback:a1", "U1")
    assert await once.first_time("feedback:a1", "U2"), "another person"
    assert await once.first_time("feedback:a2", "U1"), "another subject"
    assert once_key("feedback:a", "1U1") != once_key("feedback:a1", "U1")
    assert await once.first_time("feedback:a", "1U1"), "a subject and a person never run together"
    clock.now += 100
    assert await once.first_time("feedback:a1", "U1"), "forgotten after its time to live"


async def test_a_forgotten_act_may_be_done_again() -> None:
    once = MemoryOncePerPerson()
    assert await once.first_time("ask-owners:e1", "U1")
    await once.forget("ask-owners:e1", "U1")
    assert await once.first_time("ask-owners:e1", "U1")
    assert not await once.first_time("ask-owners:e1", "U1")
    await once.forget("ask-owners:never-done", "U1")  # nothing to take back: no error
