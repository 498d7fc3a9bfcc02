"""The Redis URL is logged without its password, and the link names keys under its prefix."""

from __future__ import annotations

import pytest

from bot.redis_link import RedisLink, display_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://:s3cret-pw@redis.internal:6380/2", "redis://:***@redis.internal:6380/2"),
        ("rediss://default:s3cret-pw@redis.example/0", "rediss://default:***@redis.example/0"),
        ("unix:///run/redis.sock", "unix:///run/redis.sock"),
    ],
)
def test_the_password_never_shows(url: str, shown: str) -> None:
    assert display_url(url) == shown
    assert "s3cret" not in display_url(url)


async def test_keys_live_under_the_prefix_and_instances_are_told_apart() -> None:
    a = RedisLink("redis://:pw@127.0.0.1:1/0", prefix="team-a:")
    b = RedisLink("redis://:pw@127.0.0.1:1/0", prefix="team-a:")
    assert a.key("event", "Ev1") == "team-a:event:Ev1"
    assert a.instance != b.instance
    assert "pw" not in a.display
    await a.close()
    await b.close()
