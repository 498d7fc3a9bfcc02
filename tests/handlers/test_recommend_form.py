"""Reading the recommendation form's submission, and where its answer goes: pure functions, no Slack."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.blocks import FormIds, build_recommend_modal
from handlers.recommend_form import (
    Where,
    decode_where,
    encode_where,
    form_errors,
    pairs,
    read_form,
)
from knowledge.recommend import INPUT_KEYS, RecommendInputs, parse_request
from tests.fakes.slack_client import form_values

IDS = FormIds(callback_id="form", field_prefix="in-")


def _state(view: dict[str, Any], changes: dict[str, str] | None = None) -> dict[str, Any]:
    return form_values(view, {IDS.field(key): value for key, value in (changes or {}).items()})


def test_an_untouched_form_reads_back_as_the_inputs_it_was_opened_with() -> None:
    inputs = RecommendInputs(size="medium", people=40, production=False, sources="many", engineering=True)
    view = build_recommend_modal(inputs, ids=IDS)

    given = read_form(_state(view), ids=IDS)

    assert list(given) == list(INPUT_KEYS)
    assert form_errors(given, ids=IDS) == {}
    assert parse_request(pairs(given)) == (inputs, ())


def test_changed_inputs_are_read() -> None:
    view = build_recommend_modal(RecommendInputs(), ids=IDS)
    given = read_form(_state(view, {"size": "startup", "people": " 12 ", "domain": "high"}), ids=IDS)
    assert (given["size"], given["people"], given["domain"]) == ("startup", "12", "high")


def test_missing_empty_or_misshapen_inputs_are_left_out() -> None:
    view = build_recommend_modal(RecommendInputs(), ids=IDS)
    state = _state(view)
    del state[IDS.field("size")]
    state[IDS.field("people")][IDS.field("people")]["value"] = None
    state[IDS.field("labeling")] = "not a block"
    state[IDS.field("sources")][IDS.field("sources")] = {"type": "radio_buttons", "selected_option": None}
    state[IDS.field("domain")] = {
        "another-action": {"type": "radio_buttons", "selected_option": {"value": "x"}}
    }

    given = read_form(state, ids=IDS)

    assert list(given) == ["production", "engineering"]
    inputs, assumptions = parse_request(pairs(given))
    assert inputs.size == RecommendInputs().size
    assert len(assumptions) == len(INPUT_KEYS) - 2, "the defaults used are named as assumptions"


def test_nothing_at_all_reads_as_nothing() -> None:
    assert read_form({}, ids=IDS) == {}


@pytest.mark.parametrize("people", ["0", "1001", "abc", "2.5", "-1", "1e3", "٣", "5 people"])
def test_a_bad_team_size_gets_one_error_under_its_field(people: str) -> None:
    errors = form_errors({"size": "small", "people": people}, ids=IDS)
    assert errors == {IDS.field("people"): "Enter a whole number from 1 to 1000."}


def test_a_value_that_is_not_an_option_names_the_options() -> None:
    errors = form_errors({"size": "huge", "labeling": "tons", "people": "3"}, ids=IDS)
    assert errors == {
        IDS.field("size"): "Choose one of: startup, small, medium, large.",
        IDS.field("labeling"): "Choose one of: none, some, heavy.",
    }


@given(st.text(max_size=50))
def test_any_team_size_text_is_either_read_or_refused_never_a_crash(people: str) -> None:
    errors = form_errors({"people": people}, ids=IDS)
    if not errors:
        inputs, _ = parse_request(pairs({"people": people}))
        assert 1 <= inputs.people <= 1000


@pytest.mark.parametrize(
    "where",
    [Where(), Where(channel="C123"), Where(channel="C123", thread_ts="1700000000.000100"), Where("D42")],
)
def test_where_survives_the_round_trip(where: Where) -> None:
    assert decode_where(encode_where(where)) == where
    assert len(encode_where(where)) < 100


@pytest.mark.parametrize("metadata", ["", "not json", "[1, 2]", '{"channel": 5}', "null"])
def test_metadata_that_is_not_ours_means_the_dm(metadata: str) -> None:
    where = decode_where(metadata)
    assert where == Where()
    assert where.is_direct


def test_a_dm_or_nowhere_is_answered_in_the_dm_and_a_channel_in_the_channel() -> None:
    assert Where(channel="D0123").is_direct
    assert Where().is_direct
    assert not Where(channel="C0123").is_direct
    assert not Where(channel="G0123").is_direct
