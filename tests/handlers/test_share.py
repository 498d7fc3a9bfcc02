"""The "Share in channel" button's value: what to share, within Slack's 2,000 characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from handlers.share import ShareTarget, decode, encode

SLACK_MAX_BUTTON_VALUE = 2000


@given(st.text(min_size=1).filter(str.strip))
def test_a_question_survives_the_round_trip_or_is_shortened_to_fit(question: str) -> None:
    value = encode(ShareTarget(question=question))
    assert len(value) <= SLACK_MAX_BUTTON_VALUE
    decoded = decode(value)
    assert decoded is not None and decoded.question is not None
    assert question.startswith(decoded.question)
    if len(question) <= 160:  # even at 12 characters of JSON per character, it fits whole
        assert decoded.question == question


def test_a_long_question_full_of_characters_json_escapes_still_fits() -> None:
    for question in ('"' * 5000, "\\" * 3000, "a\n" * 2000, "é" * 4000, "\x00" * 1000):
        value = encode(ShareTarget(question=question))
        assert len(value) <= SLACK_MAX_BUTTON_VALUE
        assert decode(value) is not None


def test_an_entry_id_survives_the_round_trip() -> None:
    assert decode(encode(ShareTarget(entry_id="data-labeler"))) == ShareTarget(entry_id="data-labeler")


def test_anything_else_is_not_a_share_target() -> None:
    for value in ("", "labeler", "[]", "{}", '{"q": ""}', '{"q": 3}', '{"id": ""}', '{"q": "a", "id": "b"}'):
        assert decode(value) is None, value
