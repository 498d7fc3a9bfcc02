"""Read typed values out of composed YAML nodes, reporting every problem with its file and line.

The loader never constructs Python objects from YAML (no tags are ever executed): it composes the node tree
with the safe loader and reads text, lists and mappings from it here. Plain scalars are read as the text the
author typed, so YAML 1.1 surprises (`no` -> false, `1:30` -> 90) do not change what the bot says.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Mapping, Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from knowledge.base.errors import LoadError

_YAML_TAG = "tag:yaml.org,2002:"
_NULL_TAG = _YAML_TAG + "null"
_TEXT_TAGS = frozenset(_YAML_TAG + name for name in ("str", "int", "float", "bool"))


def normalize(text: str) -> str:
    """The form two names are compared in: case-insensitive, whitespace collapsed."""
    return " ".join(text.casefold().split())


def line_of(node: Node) -> int | None:
    mark = node.start_mark
    return None if mark is None else mark.line + 1


def describe(node: Node) -> str:
    """What a node is, in words an author understands ("a list", "nothing")."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if node.tag == _NULL_TAG:
        return "nothing"
    return f"'{node.value}'"


def article(word: str) -> str:
    """The indefinite article for `word` in an error message: "an approach", "a role"."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a choice is close to `word`, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def kind_error(entry_id: str, wanted: str, kinds: Mapping[str, str], *, where: str) -> str | None:
    """None when `entry_id` is declared as a `wanted` (`kinds`: every declared id's kind); else what is
    wrong: `unknown role 'x' in <where> (did you mean 'y'?)` or `'x' in <where> is a task, not a role`."""
    kind = kinds.get(entry_id)
    if kind == wanted:
        return None
    if kind is None:
        same_kind = [i for i, k in kinds.items() if k == wanted]
        return f"unknown {wanted} '{entry_id}' in {where}{suggest(entry_id, same_kind)}"
    return f"'{entry_id}' in {where} is {article(kind)} {kind}, not {article(wanted)} {wanted}"


class FileContext:
    """Collects errors for one file; every reader below reports through it and returns None on failure."""

    def __init__(self, file: str, errors: list[LoadError]) -> None:
        self.file = file
        self.errors = errors

    def error(self, node: Node | None, message: str) -> None:
        self.error_at(None if node is None else line_of(node), message)

    def error_at(self, line: int | None, message: str) -> None:
        self.errors.append(LoadError(self.file, line, message))


def read_text(node: Node, ctx: FileContext, *, what: str) -> str | None:
    """A non-empty piece of text, stripped of surrounding whitespace."""
    if not isinstance(node, ScalarNode):
        ctx.error(node, f"{what} must be text, not {describe(node)}")
        return None
    if node.tag == _NULL_TAG:
        ctx.error(node, f"{what} is empty")
        return None
    if node.tag not in _TEXT_TAGS:
        ctx.error(node, f"{what} has an unsupported YAML tag '{node.tag}'")
        return None
    value = sys.intern(str(node.value).strip())  # a large knowledge base repeats much of its text
    if not value:
        ctx.error(node, f"{what} is empty")
        return None
    return value


def read_choice(node: Node, ctx: FileContext, *, what: str, choices: Sequence[str]) -> str | None:
    """A text that must be one of `choices` (None, after an error, if it is not)."""
    value = read_text(node, ctx, what=what)
    if value is None or value in choices:
        return value
    ctx.error(
        node, f"unknown {what}: '{value}'{suggest(value, choices)}; expected one of {', '.join(choices)}"
    )
    return None


def read_text_list(node: Node, ctx: FileContext, *, what: str) -> list[tuple[str, Node]] | None:
    """A list of non-empty texts with their nodes; an item listed twice (case-insensitively) is an error."""
    if not isinstance(node, SequenceNode):
        hint = " (write a single item as a list: [item])" if isinstance(node, ScalarNode) else ""
        ctx.error(node, f"{what} must be a list, not {describe(node)}{hint}")
        return None
    items: list[tuple[str, Node]] = []
    seen: dict[str, Node] = {}
    for item in node.value:
        value = read_text(item, ctx, what=f"an item of {what}")
        if value is None:
            continue
        key = normalize(value)
        if key in seen:
            ctx.error(item, f"'{value}' is listed twice in {what} (first on line {line_of(seen[key])})")
            continue
        seen[key] = item
        items.append((value, item))
    return items


def read_list(node: Node, ctx: FileContext, *, what: str) -> list[Node] | None:
    """The item nodes of a list."""
    if not isinstance(node, SequenceNode):
        ctx.error(node, f"{what} must be a list, not {describe(node)}")
        return None
    return list(node.value)


def read_pairs(node: Node, ctx: FileContext, *, what: str) -> list[tuple[str, Node, Node]] | None:
    """The (key, key node, value node) pairs of a mapping; a key given twice is an error."""
    if not isinstance(node, MappingNode):
        ctx.error(node, f"{what} must be a mapping, not {describe(node)}")
        return None
    pairs: list[tuple[str, Node, Node]] = []
    seen: dict[str, Node] = {}
    for key_node, value_node in node.value:
        key = read_text(key_node, ctx, what=f"a key in {what}")
        if key is None:
            continue
        if key in seen:
            ctx.error(key_node, f"duplicate key '{key}' in {what} (first on line {line_of(seen[key])})")
            continue
        seen[key] = key_node
        pairs.append((key, key_node, value_node))
    return pairs


def read_fields(
    node: Node, ctx: FileContext, *, what: str, required: Sequence[str], optional: Sequence[str]
) -> dict[str, Node] | None:
    """The value nodes of a record, by field name. Unknown and missing fields are errors."""
    pairs = read_pairs(node, ctx, what=what)
    if pairs is None:
        return None
    allowed = (*required, *optional)
    fields: dict[str, Node] = {}
    for key, key_node, value_node in pairs:
        if key not in allowed:
            ctx.error(key_node, f"unknown field '{key}' in {what}{suggest(key, allowed)}")
            continue
        fields[key] = value_node
    for name in required:
        if name not in fields:
            ctx.error(node, f"{what} is missing the required field '{name}'")
    return fields
