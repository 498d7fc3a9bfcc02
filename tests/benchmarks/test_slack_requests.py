"""The benchmark's requests are signed as Slack signs them: slack_sdk's own verifier accepts them."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from slack_sdk.signature import SignatureVerifier

from benchmarks.slack_requests import signed_slash_commands
from handlers.ids import COMMAND

SECRET = "benchmark-test-secret"
QUESTIONS = ("who owns deployment?", "R&D <lead> = 100% ✓", "labeler")


def test_slack_sdk_accepts_every_signature() -> None:
    requests = signed_slash_commands(QUESTIONS, secret=SECRET, response_url="http://127.0.0.1:9/response")
    verifier = SignatureVerifier(SECRET)
    assert [verifier.is_valid_request(r.body, dict(r.headers)) for r in requests] == [True] * len(QUESTIONS)


def test_a_changed_body_or_another_secret_is_refused() -> None:
    (request,) = signed_slash_commands(["labeler"], secret=SECRET, response_url="http://127.0.0.1:9/r")
    assert not SignatureVerifier(SECRET).is_valid_request(request.body + "x", dict(request.headers))
    assert not SignatureVerifier("another-secret").is_valid_request(request.body, dict(request.headers))


def test_a_stale_timestamp_is_refused() -> None:
    (request,) = signed_slash_commands(["labeler"], secret=SECRET, response_url="http://x/r", now=1_000_000)
    assert not SignatureVerifier(SECRET).is_valid_request(request.body, dict(request.headers))


def test_bodies_carry_the_command_and_the_question_unchanged() -> None:
    requests = signed_slash_commands(QUESTIONS, secret=SECRET, response_url="http://127.0.0.1:9/response")
    fields = [parse_qs(r.body, strict_parsing=True) for r in requests]
    assert [f["command"] for f in fields] == [[COMMAND]] * len(QUESTIONS)
    assert [f["text"][0] for f in fields] == list(QUESTIONS)
    assert len({f["response_url"][0] for f in fields}) == len(QUESTIONS)
    assert all(f["response_url"][0].startswith("http://127.0.0.1:9/response/") for f in fields)


def test_no_questions_is_an_error() -> None:
    with pytest.raises(ValueError, match="question"):
        signed_slash_commands([], secret=SECRET, response_url="http://x/r")
