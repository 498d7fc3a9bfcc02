"""The team-recommendation form (a modal) and its ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from handlers.blocks.core import MAX_VIEW_BLOCKS, Block, View, _section, truncate
from knowledge.base.project_inputs import MAX_PEOPLE, MIN_PEOPLE
from knowledge.recommend import (
    INPUT_KEYS,
    INPUT_LABELS,
    INPUT_VALUES,
    RecommendInputs,
    allowed_values,
    parse_inputs,
    phrase,
)

MAX_VIEW_TITLE: Final = 24
"""A modal's title, submit and close texts."""
MAX_LABEL: Final = 2000
MAX_HINT: Final = 2000
MAX_OPTIONS: Final = 100
"""Options of a `static_select`."""
MAX_RADIO_OPTIONS: Final = 10
MAX_OPTION_TEXT: Final = 75
MAX_BLOCK_ID: Final = 255
"""Also a view's `callback_id` and an input's `action_id`."""
MAX_PRIVATE_METADATA: Final = 3000

RADIO_UP_TO: Final = 3
"""Inputs with at most this many values are radio buttons (one click, all visible); more, a drop-down."""
FORM_TITLE: Final = "Team recommendation"
FORM_SUBMIT: Final = "Recommend"
FORM_CLOSE: Final = "Cancel"
_FORM_LABELS: Final[dict[str, str]] = {
    "size": "Company size",
    "people": "Team size (people)",
    "production": "Do models go to production?",
    "labeling": "How much data labeling?",
    "sources": "Data sources",
    "domain": "Domain complexity",
    "engineering": "Is there an engineering team already?",
}
_FORM_HINTS: Final[dict[str, str]] = {
    "people": f"Everyone on the ML team, part-time members included: {allowed_values('people')}.",
    "engineering": "A software-engineering team the ML team can lean on.",
}
_YES_NO_TEXT: Final[dict[str, str]] = {"yes": "Yes", "no": "No"}


@dataclass(frozen=True, slots=True)
class FormIds:
    """The team-recommendation form's ids: the modal's `callback_id`, and one id per input.

    Input `key` (`size`, `people`, ...) is the block with `block_id` `field(key)` holding the element with
    the same `action_id`, so its value arrives as `view.state.values[field(key)][field(key)]`.
    """

    callback_id: str
    field_prefix: str

    def __post_init__(self) -> None:
        # Cutting an id to Slack's limit could make two inputs one, or stop the submission matching the
        # form: too long is a mistake in the ids, reported where they are written.
        longest = max((self.callback_id, *(self.field(key) for key in INPUT_KEYS)), key=len)
        if len(longest) > MAX_BLOCK_ID:
            raise ValueError(f"Slack ids are at most {MAX_BLOCK_ID} characters: {longest[:40]}… is longer")

    def field(self, key: str) -> str:
        return f"{self.field_prefix}{key}"


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit)}


def _option_text(key: str, value: str) -> str:
    """`Yes`, or the value in words: `A startup`, `Heavy labeling`, `Many data sources`."""
    if value in _YES_NO_TEXT and set(INPUT_VALUES[key]) == set(_YES_NO_TEXT):
        return _YES_NO_TEXT[value]
    words = phrase(parse_inputs([f"{key}={value}"]), key)
    return words[:1].upper() + words[1:]


def _choice(key: str, current: str, field_id: str) -> Block:
    values = INPUT_VALUES[key]
    radio = len(values) <= RADIO_UP_TO
    limit = MAX_RADIO_OPTIONS if radio else MAX_OPTIONS
    options = [
        {"text": _plain(_option_text(key, value), MAX_OPTION_TEXT), "value": value}
        for value in values[:limit]
    ]
    element: Block = {"type": "radio_buttons" if radio else "static_select", "action_id": field_id}
    if not radio:
        element["placeholder"] = _plain(f"Choose the {INPUT_LABELS[key]}", MAX_OPTION_TEXT)
    element["options"] = options
    element["initial_option"] = next((o for o in options if o["value"] == current), options[0])
    return element


def _number(current: int, field_id: str) -> Block:
    return {
        "type": "number_input",
        "action_id": field_id,
        "is_decimal_allowed": False,
        "initial_value": str(current),
        "min_value": str(MIN_PEOPLE),
        "max_value": str(MAX_PEOPLE),
    }


def build_recommend_modal(inputs: RecommendInputs, *, ids: FormIds, private_metadata: str = "") -> View:
    """The form asking for a team recommendation's inputs, each pre-set to `inputs`.

    `private_metadata` (where to post the answer, as the handler encodes it) is dropped if it is longer than
    Slack allows rather than cut: a cut document would not decode. Every input is required, so a submission
    always carries all of them; the people field is also checked when it arrives (see `handlers.recommend`).
    """
    blocks: list[Block] = [
        _section(
            "Tell me about the team you are planning and I'll recommend an approach, a roster and who owns "
            "which task, with the reasons and the risks."
        )
    ]
    for key in INPUT_KEYS:
        field_id = ids.field(key)
        element = (
            _number(inputs.people, field_id) if key == "people" else _choice(key, inputs.value(key), field_id)
        )
        label = _FORM_LABELS.get(key) or INPUT_LABELS[key][:1].upper() + INPUT_LABELS[key][1:]
        block: Block = {
            "type": "input",
            "block_id": field_id,
            "label": _plain(label, MAX_LABEL),
            "element": element,
        }
        if key in _FORM_HINTS:
            block["hint"] = _plain(_FORM_HINTS[key], MAX_HINT)
        blocks.append(block)
    view: View = {
        "type": "modal",
        "callback_id": ids.callback_id,
        "title": _plain(FORM_TITLE, MAX_VIEW_TITLE),
        "submit": _plain(FORM_SUBMIT, MAX_VIEW_TITLE),
        "close": _plain(FORM_CLOSE, MAX_VIEW_TITLE),
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }
    if private_metadata and len(private_metadata) <= MAX_PRIVATE_METADATA:
        view["private_metadata"] = private_metadata
    return view
