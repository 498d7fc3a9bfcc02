"""Reads the parts of a `recommendation:` section, collecting every id it mentions and where.

The field readers, conditions and citations that `knowledge.base.rules_yaml` builds the section from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from yaml.nodes import Node, ScalarNode, SequenceNode

from knowledge.base.nodes import (
    FileContext,
    describe,
    line_of,
    read_fields,
    read_list,
    read_pairs,
    read_text,
    read_text_list,
    suggest,
)
from knowledge.base.project_inputs import INPUT_KEYS, INPUT_VALUES, MAX_PEOPLE, MIN_PEOPLE
from knowledge.base.rules import (
    ALWAYS,
    APPROACH_KEY,
    CITED_LISTS,
    Citation,
    CitedList,
    Condition,
)

RefKind = Literal["role", "task", "approach"]


@dataclass(frozen=True, slots=True)
class Ref:
    """An id the rules mention, and where, for `check_section`."""

    kind: RefKind
    id: str
    what: str
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class CitationRef:
    citation: Citation
    what: str
    file: str
    line: int | None


class Reader:
    """Reads one `recommendation:` section, collecting the ids it mentions."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.refs: list[Ref] = []
        self.citations: list[CitationRef] = []
        self.ok = True

    def error(self, node: Node | None, message: str) -> None:
        self.ok = False
        self.ctx.error(node, message)

    def ref(self, kind: RefKind, node: Node, *, what: str) -> str | None:
        value = read_text(node, self.ctx, what=what)
        if value is None:
            self.ok = False
            return None
        self.refs.append(Ref(kind, value, what, self.ctx.file, line_of(node)))
        return value

    def text(self, node: Node, *, what: str) -> str | None:
        value = read_text(node, self.ctx, what=what)
        if value is None:
            self.ok = False
        return value

    def fields(
        self, node: Node, *, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        errors_before = len(self.ctx.errors)
        fields = read_fields(node, self.ctx, what=what, required=required, optional=optional)
        if fields is None or len(self.ctx.errors) > errors_before:
            self.ok = False
        if fields is None or any(name not in fields for name in required):
            return None
        return fields

    def items(self, node: Node, *, what: str) -> list[Node]:
        items = read_list(node, self.ctx, what=what)
        if items is None:
            self.ok = False
            return []
        return items

    def integer(self, node: Node, *, what: str, low: int, high: int) -> int | None:
        if not isinstance(node, ScalarNode) or not str(node.value).strip().isdigit():
            self.error(node, f"{what} must be a whole number from {low} to {high}, not {describe(node)}")
            return None
        value = int(str(node.value).strip())
        if not low <= value <= high:
            self.error(node, f"{what} must be from {low} to {high}, not {value}")
            return None
        return value

    def flag(self, node: Node, *, what: str) -> bool | None:
        value = read_text(node, self.ctx, what=what)
        word = None if value is None else value.casefold()
        if word in ("yes", "true"):
            return True
        if word in ("no", "false"):
            return False
        self.error(node, f"{what} must be yes or no, not {describe(node)}")
        return None

    def condition(self, node: Node, *, what: str, approach_allowed: bool) -> Condition:
        """A condition; on error it is reported and `ALWAYS` is returned (the section fails anyway)."""
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return ALWAYS
        pairs = read_pairs(node, self.ctx, what=what)
        if pairs is None:
            self.ok = False
            return ALWAYS
        keys = (*INPUT_KEYS, APPROACH_KEY) if approach_allowed else INPUT_KEYS
        values: list[tuple[str, tuple[str, ...]]] = []
        bounds: dict[str, int | None] = {"min": None, "max": None}
        for key, key_node, value_node in pairs:
            if key not in keys:
                hint = (
                    ""
                    if approach_allowed or key != APPROACH_KEY
                    else " (the approach is not chosen yet here)"
                )
                self.error(
                    key_node,
                    f"unknown key '{key}' in {what}{suggest(key, keys)}{hint}; known: {', '.join(keys)}",
                )
                continue
            if key == "people":
                bounds = self._people(value_node, what=f"people in {what}")
                continue
            allowed = self._values(key, value_node, what=f"{key} in {what}")
            if allowed is not None:
                values.append((key, allowed))
        low, high = bounds["min"], bounds["max"]
        if low is not None and high is not None and low > high:
            self.error(node, f"people in {what}: min {low} is more than max {high}")
        return Condition(values=tuple(values), min_people=low, max_people=high)

    def _people(self, node: Node, *, what: str) -> dict[str, int | None]:
        bounds: dict[str, int | None] = {"min": None, "max": None}
        fields = self.fields(node, what=what, required=(), optional=("min", "max"))
        if fields is None:
            return bounds
        if not fields:
            self.error(node, f"{what} needs min, max or both")
        for name, value_node in fields.items():
            bounds[name] = self.integer(value_node, what=f"{name} of {what}", low=MIN_PEOPLE, high=MAX_PEOPLE)
        return bounds

    def _values(self, key: str, node: Node, *, what: str) -> tuple[str, ...] | None:
        if isinstance(node, SequenceNode):
            items = read_text_list(node, self.ctx, what=what)
            if items is None:
                self.ok = False
                return None
            if not items:
                self.error(node, f"{what} is an empty list")
                return None
        else:
            value = read_text(node, self.ctx, what=what)
            if value is None:
                self.ok = False
                return None
            items = [(value, node)]
        result: list[str] = []
        for value, item in items:
            word = value.casefold()
            if key == APPROACH_KEY:
                self.refs.append(Ref("approach", value, what, self.ctx.file, line_of(item)))
                result.append(value)
            elif word in INPUT_VALUES[key]:
                result.append(word)
            else:
                allowed = INPUT_VALUES[key]
                self.error(
                    item,
                    f"'{value}' is not a value of {key}{suggest(word, allowed)}; "
                    f"expected one of {', '.join(allowed)}",
                )
        return tuple(result)

    def cites(self, node: Node, *, what: str) -> tuple[Citation, ...]:
        citations: list[Citation] = []
        for item in self.items(node, what=what):
            fields = self.fields(
                item, what=f"a citation in {what}", required=("approach",), optional=CITED_LISTS
            )
            if fields is None:
                continue
            lists = [name for name in CITED_LISTS if name in fields]
            if len(lists) != 1:
                self.error(item, f"a citation in {what} must quote exactly one of {', '.join(CITED_LISTS)}")
                continue
            approach = self.ref("approach", fields["approach"], what=f"a citation in {what}")
            cited: CitedList = lists[0]
            quote = self.text(fields[cited], what=f"the quote in {what}")
            if approach is None or quote is None:
                continue
            citation = Citation(approach, cited, quote)
            citations.append(citation)
            self.citations.append(CitationRef(citation, what, self.ctx.file, line_of(fields[cited])))
        return tuple(citations)
