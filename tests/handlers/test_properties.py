"""Property-based tests: whatever anyone types, the matcher and the renderer give a sensible answer that Slack
accepts and that echoes nothing as a ping, a link or an invisible control.

Hypothesis draws questions from arbitrary Unicode and from the classes people actually paste: empty and
whitespace-only, very long, emoji (with joiners and variation selectors), right-to-left scripts with
direction overrides, control characters, punctuation only, and Slack's own markup (`<!channel>`, `<@U123>`,
`<https://x|y>`, `&`). Runs are derandomized and small, so the suite stays fast and repeatable.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handlers import share
from handlers.blocks import Message
from handlers.conversation import question_from
from handlers.ids import ACTIONS
from handlers.pipeline import answer
from knowledge.base.model import KnowledgeBase
from knowledge.match import match
from tests.handlers.conftest import assert_within_limits

KINDS = frozenset({"role", "approach", "task", "compare", "recommend", "help", "none"})
BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks and overrides that reorder the text around them: echoed, they could disguise the bot's words."""

SLACK_MARKUP = st.sampled_from(
    [
        "<!channel>",
        "<!here>",
        "<!everyone>",
        "<@U123>",
        "<@U123|alice>",
        "<#C123|general>",
        "<!subteam^S123>",
        "<https://x|y>",
        "<mailto:a@b.c|mail>",
        "&",
        "&amp;",
        "&lt;",
        "&#60;",
        "<",
        ">",
        "*bold*",
        "`code`",
        "```block```",
        "> quote",
        "~strike~",
        " labeler ",
        " who owns deployment ",
    ]
)
WHITESPACE = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u1680\u2003\u2028\u2029\u3000\u200b", max_size=40)
EMOJI = st.lists(
    st.sampled_from(["😀", "👩", "💻", "🏳", "🌈", "🤖", "\u200d", "\ufe0f", "🇺🇸", "👍🏽", " "]), max_size=30
).map("".join)
RIGHT_TO_LEFT = st.lists(
    st.sampled_from([*"مرحبامنيملكالنشر", *"שלוםמיאחראי", *sorted(BIDI_CONTROLS), " ", "?", " labeler "]),
    max_size=40,
).map("".join)
CONTROLS = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=40)
PUNCTUATION = st.text(
    alphabet=st.characters(categories=["Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc"])
)
MARKUP_MIX = st.lists(st.one_of(SLACK_MARKUP, st.text(max_size=5)), max_size=12).map("".join)
LONG = st.builds(lambda unit, times: unit * times, st.text(min_size=1, max_size=12), st.integers(200, 1200))
QUESTIONS = st.one_of(
    st.text(), WHITESPACE, EMOJI, RIGHT_TO_LEFT, CONTROLS, PUNCTUATION, MARKUP_MIX, LONG,
    st.lists(st.one_of(EMOJI, RIGHT_TO_LEFT, CONTROLS, PUNCTUATION, MARKUP_MIX), max_size=4).map("".join),
)  # fmt: skip

FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ODD_QUESTIONS: Final = (
    "",
    "   \t\n  ",
    "x" * 10_000,
    "who owns deployment? " * 500,
    "🤖👩‍💻🏳️‍🌈 " * 300,
    "من يملك نشر النموذج؟",
    "\u202eyolpeD snwo ohw",
    "\x00\x01\x02\x1b[31m\x7f",
    "?!?!... ;;; ---",
    "<!channel> <!here> <@U123> <https://x|y> & pizza",
)


def texts(message: Message) -> list[str]:
    """The fallback and every text in the blocks (sections, fields, context elements, buttons)."""
    found = [message["text"]]
    for block in message["blocks"]:
        if isinstance(block.get("text"), dict):
            found.append(block["text"]["text"])
        found += [field["text"] for field in block.get("fields", ())]
        for element in block.get("elements", ()):
            text = element.get("text")
            found.append(text["text"] if isinstance(text, dict) else text)
    return found


def assert_no_invisible_controls(message: Message) -> None:
    for text in texts(message):
        controls = [c for c in text if (c != "\n" and unicodedata.category(c) == "Cc") or c in BIDI_CONTROLS]
        assert not controls, f"control characters {controls!r} in {text!r}"


@FAST
@given(question=QUESTIONS)
@example(question=ODD_QUESTIONS[0])
@example(question=ODD_QUESTIONS[1])
@example(question=ODD_QUESTIONS[2])
@example(question=ODD_QUESTIONS[3])
@example(question=ODD_QUESTIONS[4])
@example(question=ODD_QUESTIONS[5])
@example(question=ODD_QUESTIONS[6])
@example(question=ODD_QUESTIONS[7])
@example(question=ODD_QUESTIONS[8])
@example(question=ODD_QUESTIONS[9])
def test_every_answer_fits_slacks_limits_and_echoes_text_safely(
    bundled_kb: KnowledgeBase, question: str
) -> None:
    found, message = answer(question, bundled_kb, actions=ACTIONS)

    assert_within_limits(message)  # also: no raw `<`, `>` or bare `&` in any text
    assert_no_invisible_controls(message)
    assert "“”" not in message["text"], "an echo with nothing in it is no answer"
    assert found.kind in KINDS
    again = answer(question, bundled_kb, actions=ACTIONS)
    assert again == (found, message), "the same question always gets the same answer"


@FAST
@given(question=QUESTIONS)
def test_the_matcher_only_names_entries_it_has(bundled_kb: KnowledgeBase, question: str) -> None:
    found = match(question, bundled_kb)

    assert found.kind in KINDS
    if found.id is not None:
        assert bundled_kb.entry(found.id) is not None
    assert all(bundled_kb.entry(alternative) is not None for alternative in found.alternatives)
    if not question.strip():
        assert found.kind == "help"


@FAST
@given(text=QUESTIONS)
def test_a_mention_of_anything_gets_a_reply_within_limits(bundled_kb: KnowledgeBase, text: str) -> None:
    # As Slack sends it: `&`, `<`, `>` as entities, the bot's own mention in front.
    slack_text = "<@UBOT0001> " + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    question = question_from(slack_text, "UBOT0001")

    _, message = answer(question, bundled_kb, actions=ACTIONS)

    assert_within_limits(message)
    assert_no_invisible_controls(message)


@FAST
@given(question=QUESTIONS)
def test_a_share_button_value_always_fits_and_decodes(question: str) -> None:
    value = share.encode(share.ShareTarget(question=question))

    assert len(value) <= 2000
    decoded = share.decode(value)
    if question.strip():
        assert decoded is not None and decoded.question is not None
        assert question.startswith(decoded.question)


def test_the_odd_questions_echo_what_was_asked_as_text(bundled_kb: KnowledgeBase) -> None:
    _, message = answer("<!channel> <!here> <@U123> <https://x|y> & pizza", bundled_kb, actions=ACTIONS)

    assert "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://x|y&gt; &amp; pizza" in message["text"]
