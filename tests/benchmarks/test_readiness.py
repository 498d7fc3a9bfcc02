"""A server is ready when it logs the address it bound, in plain or JSON logging."""

from __future__ import annotations

import pytest

from benchmarks.http_bench import SERVER_READY


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (
            "2026-01-01 INFO mlrole listening on http://127.0.0.1:41945 (version abc)",
            "http://127.0.0.1:41945",
        ),
        ('{"level": "INFO", "message": "listening on http://127.0.0.1:41945"}', "http://127.0.0.1:41945"),
        ("INFO bare-bolt listening on http://0.0.0.0:3000", "http://0.0.0.0:3000"),
    ],
)
def test_the_bound_address_is_read_from_the_log(line: str, url: str) -> None:
    assert SERVER_READY(line) == url


@pytest.mark.parametrize(
    "line",
    [
        "Settings(mode='http', slack_api_url='http://127.0.0.1:5555/api/')",
        "listening soon",
        "shutting down",
    ],
)
def test_other_lines_are_not_readiness(line: str) -> None:
    assert SERVER_READY(line) is None
