"""Show a Slack message in a terminal: its Block Kit blocks as plain, wrapped text.

Pure: `render(message, width=...)` returns a string. Headers are underlined, a line that is only a bold
title becomes "Title:", other `*bold*` loses its asterisks, links show as "label (url)", mentions as
"@name", entities are decoded (`&lt;` -> `<`), and a section's fields sit in two columns as Slack shows them
(one under the other in a narrow terminal).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from itertools import zip_longest
from typing import Any, Final

from handlers.blocks import BULLET, Message

DEFAULT_WIDTH: Final = 80
MIN_WIDTH: Final = 20
MIN_COLUMNS_WIDTH: Final = 60
"""Narrower than this, a section's fields are listed one under the other instead of in two columns."""
COLUMN_GAP: Final = "   "
DIVIDER_WIDTH: Final = 40

_LINK: Final = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_BOLD: Final = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_TITLE: Final = re.compile(r"\*([^*\n]+?):?\*:?")


def unescape(text: str) -> str:
    """Undo `escape`: `&lt;` `&gt;` `&amp;` back to `<` `>` `&` (`&amp;` last, so `&amp;lt;` is `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _link(found: re.Match[str]) -> str:
    target, label = found.group(1), found.group(2)
    if target.startswith(("@", "#")):  # <@U123|name>, <#C123|general>
        return target[0] + (label or target[1:]).lstrip("@#")
    if target.startswith("!subteam^"):  # a user group: its handle if labelled, else its id
        return label or "@" + target.removeprefix("!subteam^")
    if target.startswith("!"):  # <!channel>, <!date^...|fallback>
        return label or "@" + target[1:]
    if label and label != target:
        return f"{label} ({target})"
    return target


def mrkdwn_to_text(text: str) -> str:
    """One mrkdwn string as plain text: links and mentions spelled out, bold markers dropped, decoded."""
    return unescape(_BOLD.sub(r"\1", _LINK.sub(_link, text)))


def _labelled(mrkdwn: str) -> list[str]:
    """Lines of a mrkdwn text; a leading bold-only title line becomes "Title: value" or "Title:" + indent."""
    first, _, rest = mrkdwn.partition("\n")
    title = _TITLE.fullmatch(first.strip())
    if title is None or not rest.strip():
        return [mrkdwn_to_text(line) for line in mrkdwn.split("\n")]
    label = mrkdwn_to_text(title.group(1))
    lines = [mrkdwn_to_text(line) for line in rest.split("\n")]
    if len(lines) == 1 and not lines[0].startswith(BULLET):
        return [f"{label}: {lines[0]}"]
    return [f"{label}:", *(f"  {line}" for line in lines)]


def _wrap(lines: Sequence[str], width: int) -> list[str]:
    """Word-wrap each line; a bullet's continuation lines align with its text."""
    wrapped: list[str] = []
    for line in lines:
        if len(line) <= width:
            wrapped.append(line)
            continue
        body = line.lstrip(" ")
        hanging = line[: len(line) - len(body)] + ("  " if body.startswith(BULLET + " ") else "")
        wrapped += textwrap.wrap(
            line, width, subsequent_indent=hanging, break_long_words=False, break_on_hyphens=False
        ) or [line]
    return wrapped


def _text_of(obj: Any) -> list[str]:
    """Lines of a text object: plain_text is only decoded, mrkdwn is converted."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return []
    if obj.get("type") == "plain_text":
        return unescape(obj["text"]).split("\n")
    return _labelled(obj["text"])


def _fields(fields: Sequence[Any], width: int) -> list[str]:
    cells = [_text_of(field) for field in fields]
    if width < MIN_COLUMNS_WIDTH:
        return [line for cell in cells for line in _wrap(cell, width)]
    column = (width - len(COLUMN_GAP)) // 2
    lines: list[str] = []
    for row in range(0, len(cells), 2):
        if row:
            lines.append("")
        left = _wrap(cells[row], column)
        right = _wrap(cells[row + 1], column) if row + 1 < len(cells) else []
        for a, b in zip_longest(left, right, fillvalue=""):
            lines.append(f"{a.ljust(column)}{COLUMN_GAP}{b}".rstrip() if b else a)
    return lines


def _header(block: dict[str, Any], width: int) -> list[str]:
    lines = _wrap(_text_of(block.get("text")), width)
    return [*lines, "=" * max((len(line) for line in lines), default=0)] if lines else []


def _section(block: dict[str, Any], width: int) -> list[str]:
    lines = _wrap(_text_of(block.get("text")), width)
    fields = block.get("fields")
    if isinstance(fields, list) and fields:
        lines += ([""] if lines else []) + _fields(fields, width)
    return lines


def _context(block: dict[str, Any], width: int) -> list[str]:
    texts = [" ".join(_text_of(element)) for element in block.get("elements", ())]
    return _wrap(["  ".join(text for text in texts if text)], width)


def _actions(block: dict[str, Any], width: int) -> list[str]:
    buttons = [" ".join(_text_of(element.get("text"))) for element in block.get("elements", ())]
    return _wrap(["  ".join(f"[ {text} ]" for text in buttons if text)], width)


def _block(block: dict[str, Any], width: int) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return _header(block, width)
    if kind == "section":
        return _section(block, width)
    if kind == "context":
        return _context(block, width)
    if kind == "actions":
        return _actions(block, width)
    if kind == "divider":
        return ["─" * min(width, DIVIDER_WIDTH)]
    return []


def render(message: Message, *, width: int = DEFAULT_WIDTH) -> str:
    """The message as text for a terminal `width` columns wide; its `text` fallback if no block shows."""
    width = max(width, MIN_WIDTH)
    chunks = [
        "\n".join(lines) for lines in (_block(block, width) for block in message["blocks"]) if any(lines)
    ]
    if not chunks:
        return "\n".join(_wrap(_labelled(message["text"]), width))
    return "\n\n".join(chunks)
