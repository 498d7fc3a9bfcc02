"""Team recommendations end to end over HTTP: `/mlrole recommend`, the form (a modal), the Adjust button.

Requests are signed as Slack signs them; `views.open`, `chat.postEphemeral` and `chat.postMessage` land in
the fake Slack Web API, and submissions are built from the very modal the bot opened.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest

from handlers.blocks import (
    Message,
    build_recommendation_for,
    build_team_recommendation,
)
from handlers.commands import SUBCOMMANDS
from handlers.ids import ACTIONS, FORM
from handlers.pipeline import answer
from knowledge.base.model import KnowledgeBase
from knowledge.base.store import KnowledgeStore
from knowledge.match import match
from knowledge.recommend import INPUT_KEYS, INPUT_VALUES, RecommendInputs, parse_request
from tests.fakes.slack_api import BOT_USER_ID, RESPOND, Call, FakeSlack
from tests.fakes.slack_client import CHANNEL_ID, USER_ID, SlackClient, buttons, form_values
from tests.fakes.slack_client import FORM as FORM_ENCODED
from tests.handlers.conftest import assert_modal_within_limits

AssertWithinLimits = Callable[[Message], None]
DM = "DPERSON001"
ISSUE_EXAMPLE = "size=startup people=5 production=yes labeling=heavy sources=many domain=high"
FREE_TEXT = "recommend a team for a 5 person startup"


def _message(body: dict[str, Any]) -> Message:
    return {"text": body["text"], "blocks": body["blocks"]}


def _web_api_calls(fake: FakeSlack) -> list[str]:
    return [call.method for call in fake.calls if call.method != "auth.test"]


def _initial(view: dict[str, Any]) -> dict[str, str]:
    """Each input's pre-set value in a modal, by recommender key."""
    found = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        key = block["block_id"].removeprefix(FORM.field(""))
        element = block["element"]
        found[key] = element["initial_option"]["value"] if "options" in element else element["initial_value"]
    return found


def _fields(inputs: RecommendInputs) -> dict[str, str]:
    return {key: inputs.value(key) for key in INPUT_KEYS}


def _refuse(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch, method: str, error: str) -> None:
    """Make the fake Slack answer `method` with `{"ok": false, "error": error}`, as Slack does."""
    answer_normally = fake._answer

    def refusing(called: str, call: Call) -> dict[str, Any]:
        return {"ok": False, "error": error} if called == method else answer_normally(called, call)

    monkeypatch.setattr(fake, "_answer", refusing)


async def _open_form(slack: SlackClient, fake: FakeSlack, *, channel: str = CHANNEL_ID) -> dict[str, Any]:
    """`/mlrole recommend` in `channel`: the ack is empty, and `views.open` got the command's trigger id."""
    payload = slack.command_payload("recommend", channel=channel)
    reply = await slack.post(urlencode(payload), content_type=FORM_ENCODED)
    assert reply.status == 200
    assert reply.body == "", "the form is the answer: the ack carries no message"
    [opened] = await fake.wait_for("views.open")
    assert opened.body["trigger_id"] == payload["trigger_id"]
    return opened.view


# --- the form ----------------------------------------------------------------------------------------------


async def test_recommend_alone_opens_a_valid_form_with_the_defaults(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    view = await _open_form(slack, fake_slack)

    assert_modal_within_limits(view)
    assert view["callback_id"] == FORM.callback_id
    assert _initial(view) == _fields(RecommendInputs())
    assert _web_api_calls(fake_slack) == ["views.open"]


async def test_submitting_the_form_posts_the_recommendation_ephemerally_where_it_was_asked(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    view = await _open_form(slack, fake_slack)
    changes = {FORM.field("size"): "large", FORM.field("people"): "12", FORM.field("labeling"): "heavy"}

    reply = await slack.submit(view, form_values(view, changes))

    assert reply.status == 200
    assert reply.body == "", "an empty ack closes the form"
    [posted] = await fake_slack.wait_for("chat.postEphemeral")
    assert posted.body["channel"] == CHANNEL_ID
    assert posted.body["user"] == USER_ID
    expected_inputs = dataclasses.replace(RecommendInputs(), size="large", people=12, labeling="heavy")
    expected = build_team_recommendation(
        expected_inputs, bundled_kb, adjust_action_id=ACTIONS.adjust_recommendation
    )
    assert _message(posted.body) == expected
    assert "12 people" in str(posted.blocks[1]), "the context line repeats the inputs submitted"
    assert not any("Assumed" in str(block) for block in posted.blocks), "every input was given"
    within_limits(_message(posted.body))
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_asked_from_a_dm_the_recommendation_goes_to_the_persons_dm(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase
) -> None:
    view = await _open_form(slack, fake_slack, channel=DM)

    await slack.submit(view, form_values(view))

    [posted] = await fake_slack.wait_for("chat.postMessage")
    assert posted.body["channel"] == USER_ID, "posting to the user's id lands in their DM with the bot"
    expected = build_team_recommendation(
        RecommendInputs(), bundled_kb, adjust_action_id=ACTIONS.adjust_recommendation
    )
    assert _message(posted.body) == expected
    assert fake_slack.calls_to("chat.postEphemeral") == []


async def test_a_channel_that_refuses_the_ephemeral_gets_it_by_dm_instead(
    slack: SlackClient, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = await _open_form(slack, fake_slack)
    _refuse(fake_slack, monkeypatch, "chat.postEphemeral", "channel_not_found")

    await slack.submit(view, form_values(view))

    [posted] = await fake_slack.wait_for("chat.postMessage")
    assert posted.body["channel"] == USER_ID
    [refused] = fake_slack.calls_to("chat.postEphemeral")
    assert refused.body["channel"] == CHANNEL_ID
    assert posted.body["blocks"] == refused.blocks, "the same recommendation, delivered elsewhere"


@pytest.mark.parametrize("people", ["0", "1001", "abc", "5.5", "-3", "٣"])
async def test_a_bad_team_size_is_shown_under_its_field_and_nothing_is_posted(
    people: str, slack: SlackClient, fake_slack: FakeSlack
) -> None:
    view = await _open_form(slack, fake_slack)

    reply = await slack.submit(view, form_values(view, {FORM.field("people"): people}))

    assert reply.status == 200
    assert reply.json() == {
        "response_action": "errors",
        "errors": {FORM.field("people"): "Enter a whole number from 1 to 1000."},
    }
    # A good submission next; once its answer is posted, the bad one has had every chance to post too.
    await slack.submit(view, form_values(view))
    await fake_slack.wait_for("chat.postEphemeral")
    assert len(fake_slack.calls_to("chat.postEphemeral")) == 1


async def test_a_choice_that_is_not_an_option_is_refused_with_the_allowed_ones(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    view = await _open_form(slack, fake_slack)

    reply = await slack.submit(view, form_values(view, {FORM.field("size"): "<!channel>"}))

    errors = reply.json()["errors"]
    assert list(errors) == [FORM.field("size")]
    assert errors[FORM.field("size")] == "Choose one of: startup, small, medium, large."


# --- answered at once ---------------------------------------------------------------------------------------


async def test_inputs_after_recommend_are_answered_in_the_ack(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    reply = await slack.command(f"recommend {ISSUE_EXAMPLE}")

    ack = reply.json()
    assert ack["response_type"] == "ephemeral"
    inputs, assumptions = parse_request(ISSUE_EXAMPLE.split())
    assert assumptions == ("Assumed no engineering team yet (engineering=no).",)
    expected = build_team_recommendation(
        inputs, bundled_kb, assumptions=assumptions, adjust_action_id=ACTIONS.adjust_recommendation
    )
    assert _message(ack) == expected
    assert ack["blocks"][0]["text"]["text"].startswith("Recommended team: ")
    assert "Assumed no engineering team yet (engineering=no)." in str(ack["blocks"])
    within_limits(_message(ack))
    assert _web_api_calls(fake_slack) == [], "the answer travels in the ack"


@pytest.mark.parametrize(
    ("inputs", "named", "allowed"),
    [
        ("colour=blue people=5", "colour", INPUT_KEYS),
        ("size=huge", "size=huge", INPUT_VALUES["size"]),
        ("people=5 labeling=tons", "labeling=tons", INPUT_VALUES["labeling"]),
        ("people=0", "people=0", ("a whole number from 1 to 1000",)),
        ("a small team size=gigantic", "size=gigantic", INPUT_VALUES["size"]),
    ],
)
async def test_an_unknown_key_or_value_is_answered_with_the_allowed_ones(
    inputs: str,
    named: str,
    allowed: tuple[str, ...],
    slack: SlackClient,
    within_limits: AssertWithinLimits,
) -> None:
    ack = (await slack.command(f"recommend {inputs}")).json()

    assert ack["response_type"] == "ephemeral"
    first = ack["blocks"][0]["text"]["text"]
    assert named in first
    for value in allowed:
        assert value in first
    shown = str(ack["blocks"])
    for key in INPUT_KEYS:
        assert f"{key}=" in shown, "the message lists every input"
    assert not any(block["type"] == "header" for block in ack["blocks"]), "no recommendation on bad input"
    within_limits(_message(ack))


async def test_what_a_user_types_in_an_input_is_never_echoed_as_slack_markup(
    slack: SlackClient, within_limits: AssertWithinLimits
) -> None:
    typed = "recommend size=&lt;!channel&gt;&amp;&lt;@U999&gt;"  # as Slack sends what was typed
    ack = (await slack.command(typed)).json()

    assert "<!channel>" not in str(ack) and "<@U999>" not in str(ack)
    assert "&lt;!channel&gt;" in ack["text"]
    within_limits(_message(ack))


# --- free text, and the Adjust button ----------------------------------------------------------------------


async def test_words_after_recommend_are_read_and_the_assumptions_named(
    slack: SlackClient, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    words = "a team for a 5 person startup"
    ack = (await slack.command(f"recommend {words}")).json()

    adjust = ACTIONS.adjust_recommendation
    assert _message(ack) == build_recommendation_for(words, bundled_kb, adjust_action_id=adjust)
    context = " ".join(e["text"] for b in ack["blocks"] if b["type"] == "context" for e in b["elements"])
    assert context.startswith("For a startup · 5 people")
    assert "Assumed" in context and "(size=" not in context and "(people=" not in context
    [button] = buttons(ack["blocks"])
    assert button["action_id"] == adjust
    within_limits(_message(ack))


async def test_a_recommendation_asked_in_a_dm_has_assumptions_and_adjust_opens_the_form_prefilled(
    slack: SlackClient, fake_slack: FakeSlack, bundled_kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    assert match(FREE_TEXT, bundled_kb).kind == "recommend", "the matcher must route this to the recommender"
    event = {"type": "message", "channel_type": "im", "channel": DM, "user": USER_ID, "text": FREE_TEXT}
    await slack.event({**event, "ts": "1700000200.000100", "event_ts": "1700000200.000100"})

    [post] = await fake_slack.wait_for("chat.postMessage")
    assert post.body["channel"] == DM
    _, expected = answer(FREE_TEXT, bundled_kb)
    assert _message(post.body) == expected
    assert "Assumed some labeling (labeling=some)." in str(post.blocks)
    within_limits(_message(post.body))
    [adjust] = buttons(post.blocks)
    assert adjust["text"]["text"] == "Adjust the inputs"

    click = slack.block_action_payload(
        adjust, ephemeral=False, channel=DM, message={"ts": "1700000000.000001"}
    )
    reply = await slack.post(urlencode({"payload": json.dumps(click)}), content_type=FORM_ENCODED)

    assert reply.status == 200
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.body["trigger_id"] == click["trigger_id"], "a click carries a trigger id of its own"
    assert_modal_within_limits(opened.view)
    inferred, _ = parse_request(adjust["value"].split())
    assert _initial(opened.view) == _fields(inferred)
    assert _initial(opened.view)["size"] == "startup" and _initial(opened.view)["people"] == "5"

    await slack.submit(opened.view, form_values(opened.view, {FORM.field("sources"): "many"}))

    second = await fake_slack.wait_for("chat.postMessage", count=2)
    assert second[-1].body["channel"] == USER_ID, "asked in a DM: answered in the DM"
    assert "5 people" in str(second[-1].blocks[1]) and "many data sources" in str(second[-1].blocks[1])


async def test_adjust_under_a_threaded_answer_in_a_channel_answers_in_that_thread(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    mention = {
        "type": "app_mention",
        "user": USER_ID,
        "text": f"<@{BOT_USER_ID}> {FREE_TEXT}",
        "ts": "1700000100.000100",
        "channel": CHANNEL_ID,
        "event_ts": "1700000100.000100",
    }
    await slack.event(mention)
    [post] = await fake_slack.wait_for("chat.postMessage")
    [adjust] = buttons(post.blocks)
    message = {"ts": "1700000000.000001", "thread_ts": post.body["thread_ts"]}

    await slack.click(adjust, ephemeral=False, channel=CHANNEL_ID, message=message)
    [opened] = await fake_slack.wait_for("views.open")
    await slack.submit(opened.view, form_values(opened.view))

    [posted] = await fake_slack.wait_for("chat.postEphemeral")
    assert posted.body["channel"] == CHANNEL_ID
    assert posted.body["user"] == USER_ID
    assert posted.body["thread_ts"] == "1700000100.000100"


async def test_adjust_with_a_value_that_is_not_ours_opens_the_form_with_the_defaults(
    slack: SlackClient, fake_slack: FakeSlack
) -> None:
    ack = (await slack.command(f"recommend {ISSUE_EXAMPLE}")).json()
    [adjust] = buttons(ack["blocks"])

    await slack.click({**adjust, "value": "size=enormous people=-1"}, ephemeral=True)

    [opened] = await fake_slack.wait_for("views.open")
    assert _initial(opened.view) == _fields(RecommendInputs())


async def test_a_form_slack_will_not_open_is_explained_through_the_response_url(
    slack: SlackClient, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refuse(fake_slack, monkeypatch, "views.open", "expired_trigger_id")
    payload = slack.command_payload("recommend")

    reply = await slack.post(urlencode(payload), content_type=FORM_ENCODED)

    assert (reply.status, reply.body) == (200, ""), "acked at once, before views.open"
    [explained] = await fake_slack.wait_for(RESPOND)
    assert explained.path == urlparse(payload["response_url"]).path
    assert explained.body["response_type"] == "ephemeral"
    assert "could not open the form" in explained.body["text"]
    assert "/mlrole recommend size=startup" in explained.body["text"]
    assert len(fake_slack.calls_to("views.open")) == 1, "one attempt: a trigger id does not outlive a retry"


async def test_help_lists_recommend_from_the_subcommand_table(slack: SlackClient) -> None:
    [row] = [sub for sub in SUBCOMMANDS if sub.name == "recommend"]
    assert row.takes_args, "`recommend size=startup` passes its inputs to the subcommand"

    shown = str((await slack.command("help")).json()["blocks"])

    assert f"/mlrole {row.usage}" in shown
    assert row.help in shown


class TestAKnowledgeBaseWithoutRules:
    @pytest.fixture
    def store(self, bundled_kb: KnowledgeBase) -> KnowledgeStore:
        return KnowledgeStore(dataclasses.replace(bundled_kb, recommendation=None))

    async def test_every_way_of_asking_gets_a_polite_answer_and_no_form(
        self, slack: SlackClient, fake_slack: FakeSlack, within_limits: AssertWithinLimits
    ) -> None:
        asked = (
            "recommend",
            f"recommend {ISSUE_EXAMPLE}",
            FREE_TEXT,
            "what team should we build for 5 people",
        )
        for text in asked:
            ack = (await slack.command(text)).json()
            assert ack["response_type"] == "ephemeral"
            assert "can't recommend a team yet" in ack["text"], text
            within_limits(_message(ack))
        assert _web_api_calls(fake_slack) == []
