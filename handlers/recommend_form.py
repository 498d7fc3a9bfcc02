"""The team-recommendation form's data, read and written by pure functions (no Slack calls here).

- `read_form`: a submitted view's `state.values` -> the inputs given, key -> value text.
- `form_errors`: the inputs the recommender cannot read -> `response_action: errors` messages, by block id.
- `Where`: where to post the answer (the channel and thread the person asked in), carried through the modal
  in its `private_metadata` as a small JSON document.

The form itself is `handlers.blocks.build_recommend_modal`; both sides find an input by `FormIds.field(key)`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from handlers.blocks import FormIds
from knowledge.recommend import INPUT_KEYS, INPUT_VALUES, InputError, allowed_values, parse_request

DIRECT_MESSAGE_PREFIX: Final = "D"
"""Slack's ids of direct-message conversations start with D (channels with C, group conversations G)."""


def read_form(values: Mapping[str, Any], *, ids: FormIds) -> dict[str, str]:
    """The inputs in a submitted form's `view.state.values`, in the recommender's key order.

    A select or radio group gives its `selected_option.value`, a text or number input its `value`. An input
    that is missing, empty or not shaped as Slack sends it is left out (and gets its default).
    """
    given: dict[str, str] = {}
    for key in INPUT_KEYS:
        block = values.get(ids.field(key))
        state = block.get(ids.field(key)) if isinstance(block, Mapping) else None
        if not isinstance(state, Mapping):
            continue
        selected = state.get("selected_option")
        value = selected.get("value") if isinstance(selected, Mapping) else state.get("value")
        if isinstance(value, str) and value.strip():
            given[key] = value.strip()
    return given


def pairs(given: Mapping[str, str]) -> list[str]:
    """`{"size": "startup"}` -> `["size=startup"]`: what `knowledge.recommend.parse_request` reads."""
    return [f"{key}={value}" for key, value in given.items()]


def form_errors(given: Mapping[str, str], *, ids: FormIds) -> dict[str, str]:
    """One message per input the recommender cannot read, keyed by the input's block id (Slack shows each
    under its field); empty when every input is fine. Messages do not quote the value: it is on screen."""
    errors: dict[str, str] = {}
    for key, value in given.items():
        try:
            parse_request([f"{key}={value}"])
        except InputError:
            if key in INPUT_VALUES:
                errors[ids.field(key)] = f"Choose one of: {allowed_values(key)}."
            else:
                errors[ids.field(key)] = f"Enter {allowed_values(key)}."
    return errors


@dataclass(frozen=True, slots=True)
class Where:
    """Where a person asked for a recommendation: the answer goes back there."""

    channel: str = ""
    """The conversation id; "" when unknown (the answer then goes to the person's DM with the bot)."""
    thread_ts: str | None = None

    @property
    def is_direct(self) -> bool:
        """A DM (with the bot or with someone else), or nowhere known: answer in the DM with the bot."""
        return not self.channel or self.channel.startswith(DIRECT_MESSAGE_PREFIX)


def encode_where(where: Where) -> str:
    data = {"channel": where.channel} | ({"thread_ts": where.thread_ts} if where.thread_ts else {})
    return json.dumps(data, separators=(",", ":"))


def decode_where(text: str) -> Where:
    """The `Where` in a view's `private_metadata`; anything else is "nowhere known" (the DM)."""
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return Where()
    if not isinstance(data, dict):
        return Where()
    channel, thread_ts = data.get("channel"), data.get("thread_ts")
    return Where(
        channel=channel if isinstance(channel, str) else "",
        thread_ts=thread_ts if isinstance(thread_ts, str) and thread_ts else None,
    )
