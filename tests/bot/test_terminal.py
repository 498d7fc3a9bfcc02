"""Drawing a Slack message for the terminal."""

from __future__ import annotations

from typing import Any

import pytest

from bot.terminal import mrkdwn_to_text, render, unescape
from handlers.blocks import Message, build_help
from knowledge.base.model import KnowledgeBase, Role


def _message(*blocks: dict[str, Any], text: str = "fallback") -> Message:
    return {"text": text, "blocks": list(blocks)}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _fields(*texts: str) -> dict[str, Any]:
    return {"type": "section", "fields": [{"type": "mrkdwn", "text": text} for text in texts]}


def test_header_is_underlined_and_decoded() -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "R&amp;D &lt;team&gt;"}}
    assert render(_message(header)) == "R&D <team>\n=========="


def test_blocks_are_separated_by_blank_lines() -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "Title"}}
    assert render(_message(header, _section("one"), {"type": "divider"}, _section("two"))) == (
        "Title\n=====\n\none\n\n" + "─" * 40 + "\n\ntwo"
    )


def test_a_bold_title_line_becomes_a_label() -> None:
    assert render(_message(_section("*Responsibilities*\n• Build pipelines\n• Write APIs"))) == (
        "Responsibilities:\n  • Build pipelines\n  • Write APIs"
    )
    assert render(_message(_section("*Team*\nData Engineer"))) == "Team: Data Engineer"
    assert render(_message(_section("*Strengths*\n• Only one"))) == "Strengths:\n  • Only one"


def test_bold_markers_are_dropped_elsewhere() -> None:
    assert render(_message(_section("*Owner:* DevOps Engineer\n*Contributors:* ML Engineer"))) == (
        "Owner: DevOps Engineer\nContributors: ML Engineer"
    )
    assert mrkdwn_to_text("a *very* good 2*3*4 snake_case_name") == "a very good 2*3*4 snake_case_name"


@pytest.mark.parametrize(
    ("mrkdwn", "text"),
    [
        ("see <https://example.com|the docs>", "see the docs (https://example.com)"),
        ("see <https://example.com>", "see https://example.com"),
        ("ask <@U123> or <@U456|bob>", "ask @U123 or @bob"),
        ("in <#C1|general>", "in #general"),
        ("hey <!channel> <!here>", "hey @channel @here"),
        ("<!subteam^S1|@ml-team>", "@ml-team"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
        ("&amp;lt; stays an entity", "&lt; stays an entity"),
    ],
)
def test_mrkdwn_to_text(mrkdwn: str, text: str) -> None:
    assert mrkdwn_to_text(mrkdwn) == text


def test_unescape() -> None:
    assert unescape("&lt;!channel&gt; &amp;amp;") == "<!channel> &amp;"


def test_fields_sit_in_two_columns_when_there_is_room() -> None:
    message = _message(_fields("*Left*\nA", "*Right*\nB", "*Third*\n• x"))
    lines = render(message, width=80).splitlines()
    assert lines[0].startswith("Left: A")
    assert lines[0].endswith("Right: B")
    assert lines[0].index("Right") == (80 - 3) // 2 + 3
    assert lines[1:] == ["", "Third:", "  • x"]


def test_fields_are_listed_in_a_narrow_terminal() -> None:
    message = _message(_fields("*Left*\nA", "*Right*\nB"))
    assert render(message, width=40) == "Left: A\nRight: B"


def test_long_lines_wrap_and_bullets_hang() -> None:
    words = " ".join(["word"] * 30)
    lines = render(_message(_section(f"*Title*\n• {words}")), width=40).splitlines()
    assert lines[0] == "Title:"
    assert lines[1].startswith("  • word")
    assert all(len(line) <= 40 for line in lines)
    assert all(line.startswith("    word") for line in lines[2:])
    assert " ".join(line.strip(" •") for line in lines[1:]) == words


def test_context_and_buttons() -> None:
    context = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": "a &amp; b"}, {"type": "mrkdwn", "text": "c"}],
    }
    actions = {
        "type": "actions",
        "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "Data Engineer"}, "action_id": "x-0"},
            {"type": "button", "text": {"type": "plain_text", "text": "R&amp;D"}, "action_id": "x-1"},
        ],
    }
    assert render(_message(context, actions)) == "a & b  c\n\n[ Data Engineer ]  [ R&D ]"


def test_without_blocks_the_fallback_text_shows() -> None:
    assert render(_message(text="Nothing &lt;here&gt;")) == "Nothing <here>"
    assert render(_message({"type": "unknown"}, text="fallback")) == "fallback"


def test_what_the_user_typed_reads_back_as_typed() -> None:
    kb = KnowledgeBase(
        version="v", source="s", roles=(Role(id="r", name="R", summary="S"),), approaches=(), tasks=()
    )
    question = "<!channel> & <@U123> <https://x|y>"
    assert f"“{question}”" in render(build_help(kb, query=question), width=200)
