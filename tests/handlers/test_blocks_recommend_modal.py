"""The recommendation form and the other recommendation messages, built by pure functions: no Slack here."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from handlers.blocks import (
    FormIds,
    build_answer,
    build_recommend_input_error,
    build_recommend_modal,
    build_recommendation,
    build_recommendation_for,
    build_team_recommendation,
)
from knowledge.base.loader import load_bundled
from knowledge.base.model import COMPANY_SIZES, KnowledgeBase
from knowledge.match import Match
from knowledge.recommend import (
    INPUT_KEYS,
    INPUT_VALUES,
    InputError,
    RecommendInputs,
    infer_inputs,
    parse_request,
    recommend,
)
from tests.handlers.conftest import AssertWithinLimits, assert_modal_within_limits

IDS = FormIds(callback_id="form", field_prefix="in-")


@pytest.fixture(scope="module")
def bundled() -> KnowledgeBase:
    return load_bundled()


def _inputs(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {block["block_id"]: block for block in view["blocks"] if block["type"] == "input"}


def _preset(block: dict[str, Any]) -> str:
    element = block["element"]
    return str(element["initial_option"]["value"] if "options" in element else element["initial_value"])


@pytest.mark.parametrize(
    "inputs",
    [
        RecommendInputs(),
        *(
            RecommendInputs(size=size, people=people, production=prod, labeling="heavy", engineering=eng)
            for size, people, prod, eng in itertools.product(COMPANY_SIZES, (1, 1000), (True, False), (True,))
        ),
    ],
)
def test_the_form_asks_for_every_input_pre_set_to_the_given_ones(inputs: RecommendInputs) -> None:
    view = build_recommend_modal(inputs, ids=IDS, private_metadata='{"channel":"C1"}')

    assert_modal_within_limits(view)
    fields = _inputs(view)
    assert list(fields) == [IDS.field(key) for key in INPUT_KEYS], "one input per key, in the usual order"
    for key in INPUT_KEYS:
        block = fields[IDS.field(key)]
        assert block["element"]["action_id"] == IDS.field(key)
        assert _preset(block) == inputs.value(key)
        if key in INPUT_VALUES:
            assert [o["value"] for o in block["element"]["options"]] == list(INPUT_VALUES[key])
    assert view["callback_id"] == "form"
    assert view["private_metadata"] == '{"channel":"C1"}'


def test_the_team_size_is_a_whole_number_from_1_to_1000() -> None:
    people = _inputs(build_recommend_modal(RecommendInputs(people=7), ids=IDS))[IDS.field("people")]
    element = people["element"]
    assert element["type"] == "number_input"
    assert element["is_decimal_allowed"] is False
    assert (element["min_value"], element["max_value"], element["initial_value"]) == ("1", "1000", "7")
    assert "1 to 1000" in people["hint"]["text"]


def test_options_read_as_words() -> None:
    fields = _inputs(build_recommend_modal(RecommendInputs(), ids=IDS))
    size = [o["text"]["text"] for o in fields[IDS.field("size")]["element"]["options"]]
    production = [o["text"]["text"] for o in fields[IDS.field("production")]["element"]["options"]]
    labeling = [o["text"]["text"] for o in fields[IDS.field("labeling")]["element"]["options"]]
    assert size == ["A startup", "A small company", "A mid-size company", "A large company"]
    assert production == ["Yes", "No"]
    assert labeling == ["No labeling", "Some labeling", "Heavy labeling"]


@pytest.mark.parametrize(("callback_id", "prefix"), [("c" * 256, "p"), ("c", "p" * 245)])
def test_ids_longer_than_slack_allows_are_refused_where_they_are_written(
    callback_id: str, prefix: str
) -> None:
    with pytest.raises(ValueError, match="at most 255"):
        FormIds(callback_id=callback_id, field_prefix=prefix)


def test_overlong_metadata_is_dropped_not_cut() -> None:
    ids = FormIds(callback_id="c" * 255, field_prefix="p" * 240)
    view = build_recommend_modal(RecommendInputs(), ids=ids, private_metadata="m" * 3001)

    assert_modal_within_limits(view)
    assert "private_metadata" not in view
    assert build_recommend_modal(RecommendInputs(), ids=IDS, private_metadata="m" * 3000)[
        "private_metadata"
    ] == ("m" * 3000)


def test_without_metadata_there_is_none() -> None:
    assert "private_metadata" not in build_recommend_modal(RecommendInputs(), ids=IDS)


# --- messages --------------------------------------------------------------------------------------------


def test_free_text_is_read_and_rendered_with_its_assumptions(
    bundled: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    text = "recommend a team for a 5 person startup"
    message = build_recommendation_for(text, bundled, adjust_action_id="adjust")

    inputs, assumptions = infer_inputs(text)
    rec = recommend(inputs, bundled, assumptions=assumptions)
    assert message == build_recommendation(rec, bundled, adjust_action_id="adjust")
    assert assumptions, "the words leave inputs unsaid"
    within_limits(message)


def test_the_recommend_kind_renders_a_real_recommendation_with_the_adjust_button(
    bundled: KnowledgeBase,
) -> None:
    from handlers.blocks import ActionIds

    found = Match("recommend a team for 12 people at a large company", "recommend")
    message = build_answer(found, bundled, actions=ActionIds("pick", adjust_recommendation="adjust"))

    assert message == build_recommendation_for(found.query, bundled, adjust_action_id="adjust")
    assert message["blocks"][0]["text"]["text"].startswith("Recommended team: ")
    assert message["blocks"][-1]["elements"][0]["action_id"] == "adjust"
    assert build_answer(found, bundled)["blocks"][-1]["type"] != "actions", "no ids, no button"


def test_a_knowledge_base_without_rules_gets_a_notice_not_an_exception(kb: KnowledgeBase) -> None:
    message = build_team_recommendation(RecommendInputs(), kb, adjust_action_id="adjust")
    assert "can't recommend a team yet" in message["text"]
    assert all(block["type"] != "actions" for block in message["blocks"])


@pytest.mark.parametrize(
    "pairs",
    [["colour=blue"], ["size=<!here>"], ["people=" + "9" * 5000], ["labeling"], ["size=small", "size=large"]],
)
def test_an_input_error_says_what_is_wrong_and_lists_every_input(
    pairs: list[str], within_limits: AssertWithinLimits
) -> None:
    with pytest.raises(InputError) as raised:
        parse_request(pairs)

    message = build_recommend_input_error(str(raised.value), command="/mlrole recommend")

    within_limits(message)
    usage = message["blocks"][1]["text"]["text"]
    for key, values in INPUT_VALUES.items():
        assert f"{key}={'|'.join(values)}" in usage
    assert "people=1..1000" in usage
    assert "`/mlrole recommend`" in message["blocks"][2]["elements"][0]["text"]
