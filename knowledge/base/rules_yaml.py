"""Parses the `recommendation:` section of the knowledge base into `knowledge.base.rules` (see its docstring
for the YAML). Every problem is reported to the file's context with its line; nothing is raised.
"""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import Node

from knowledge.base.nodes import FileContext, line_of, read_pairs, read_text_list, suggest
from knowledge.base.project_inputs import MAX_PEOPLE
from knowledge.base.rules import (
    ALWAYS,
    MAX_WEIGHT,
    OUTSIDE_MODES,
    KeyTask,
    OutsideFill,
    OwnershipRule,
    RecommendationRules,
    Requirement,
    RiskRule,
    RosterSlot,
    Signal,
    WeightRule,
)
from knowledge.base.rules_reader import CitationRef, Reader, Ref


@dataclass(frozen=True, slots=True)
class ParsedSection:
    """The rules, with every id and quote they mention and where, for `knowledge.base.rules_check`."""

    rules: RecommendationRules
    refs: tuple[Ref, ...]
    citations: tuple[CitationRef, ...]
    file: str
    roster_line: int | None
    """Where the roster is, for problems with the roster as a whole."""


def parse_section(node: Node, ctx: FileContext) -> ParsedSection | None:
    """Read a `recommendation:` section; None (with every problem reported to `ctx`) when it is invalid."""
    reader = Reader(ctx)
    fields = reader.fields(
        node,
        what="the 'recommendation' section",
        required=("approach", "roster", "key_tasks"),
        optional=("ownership", "stand_ins", "risks"),
    )
    if fields is None:
        return None
    default, requirements, signals = _approach(reader, fields["approach"])
    roster = tuple(
        slot
        for index, item in enumerate(reader.items(fields["roster"], what="roster"), start=1)
        if (slot := _slot(reader, item, what=f"roster slot {index}")) is not None
    )
    key_tasks = _key_tasks(reader, fields["key_tasks"])
    ownership = _ownership(reader, fields["ownership"]) if "ownership" in fields else ()
    stand_ins = _stand_ins(reader, fields["stand_ins"]) if "stand_ins" in fields else ()
    risks = _risks(reader, fields["risks"]) if "risks" in fields else ()
    if not roster and reader.ok:
        reader.error(fields["roster"], "roster must list at least one role slot")
    if default is None or not reader.ok:
        return None
    rules = RecommendationRules(
        default_approach=default,
        requirements=requirements,
        signals=signals,
        roster=roster,
        key_tasks=key_tasks,
        ownership=ownership,
        stand_ins=stand_ins,
        risks=risks,
    )
    return ParsedSection(
        rules, tuple(reader.refs), tuple(reader.citations), ctx.file, line_of(fields["roster"])
    )


def _approach(reader: Reader, node: Node) -> tuple[str | None, tuple[Requirement, ...], tuple[Signal, ...]]:
    what = "recommendation.approach"
    fields = reader.fields(node, what=what, required=("default",), optional=("requires", "signals"))
    if fields is None:
        return None, (), ()
    default = reader.ref("approach", fields["default"], what=f"default of {what}")
    requirements: list[Requirement] = []
    for index, item in enumerate(
        reader.items(fields["requires"], what="requires") if "requires" in fields else [], 1
    ):
        where = f"requirement {index} of {what}"
        req = reader.fields(item, what=where, required=("approach", "when", "reason"))
        if req is None:
            continue
        approach = reader.ref("approach", req["approach"], what=where)
        when = reader.condition(req["when"], what=f"when of {where}", approach_allowed=False)
        reason = reader.text(req["reason"], what=f"reason of {where}")
        if approach is not None and reason is not None:
            requirements.append(Requirement(approach, when, reason))
    if default is not None and any(req.approach == default for req in requirements):
        reader.error(
            fields["default"],
            f"the default approach '{default}' must not have requirements: "
            "it is the answer when no other approach is eligible",
        )
    signals: list[Signal] = []
    for index, item in enumerate(
        reader.items(fields["signals"], what="signals") if "signals" in fields else [], 1
    ):
        where = f"signal {index} of {what}"
        sig = reader.fields(
            item, what=where, required=("favors", "when", "weight", "reason"), optional=("cites",)
        )
        if sig is None:
            continue
        favors = reader.ref("approach", sig["favors"], what=where)
        when = reader.condition(sig["when"], what=f"when of {where}", approach_allowed=False)
        weight = reader.integer(sig["weight"], what=f"weight of {where}", low=1, high=MAX_WEIGHT)
        reason = reader.text(sig["reason"], what=f"reason of {where}")
        cites = reader.cites(sig["cites"], what=where) if "cites" in sig else ()
        if favors is not None and weight is not None and reason is not None:
            signals.append(Signal(favors, when, weight, reason, cites))
    return default, tuple(requirements), tuple(signals)


def _slot(reader: Reader, node: Node, *, what: str) -> RosterSlot | None:
    fields = reader.fields(
        node,
        what=what,
        required=("role", "weight"),
        optional=("when", "weights", "min", "max", "part_time", "outside"),
    )
    if fields is None:
        return None
    role = reader.ref("role", fields["role"], what=what)
    if role is not None:
        what = f"{what} ({role})"
    when = (
        reader.condition(fields["when"], what=f"when of {what}", approach_allowed=True)
        if "when" in fields
        else ALWAYS
    )
    weight = reader.integer(fields["weight"], what=f"weight of {what}", low=1, high=MAX_WEIGHT)
    weights: list[WeightRule] = []
    for item in reader.items(fields["weights"], what=f"weights of {what}") if "weights" in fields else []:
        rule = reader.fields(item, what=f"an item of weights of {what}", required=("when", "weight"))
        if rule is None:
            continue
        rule_when = reader.condition(rule["when"], what=f"weights of {what}", approach_allowed=True)
        rule_weight = reader.integer(
            rule["weight"], what=f"a weight in weights of {what}", low=1, high=MAX_WEIGHT
        )
        if rule_weight is not None:
            weights.append(WeightRule(rule_when, rule_weight))
    min_count = (
        reader.integer(fields["min"], what=f"min of {what}", low=0, high=MAX_PEOPLE) if "min" in fields else 0
    )
    max_count = (
        reader.integer(fields["max"], what=f"max of {what}", low=1, high=MAX_PEOPLE)
        if "max" in fields
        else None
    )
    if min_count is not None and max_count is not None and min_count > max_count:
        reader.error(fields["min"], f"min of {what} ({min_count}) is more than its max ({max_count})")
    part_time = (
        reader.condition(fields["part_time"], what=f"part_time of {what}", approach_allowed=True)
        if "part_time" in fields
        else None
    )
    outside: list[OutsideFill] = []
    for item in reader.items(fields["outside"], what=f"outside of {what}") if "outside" in fields else []:
        fill = _outside(reader, item, what=f"outside of {what}")
        if fill is not None:
            outside.append(fill)
    if role is None or weight is None or min_count is None:
        return None
    return RosterSlot(role, when, weight, tuple(weights), min_count, max_count, part_time, tuple(outside))


def _outside(reader: Reader, node: Node, *, what: str) -> OutsideFill | None:
    fields = reader.fields(
        node, what=f"an item of {what}", required=("when", "mode", "note"), optional=("in_team_too",)
    )
    if fields is None:
        return None
    when = reader.condition(fields["when"], what=f"when of {what}", approach_allowed=True)
    mode_text = reader.text(fields["mode"], what=f"mode of {what}")
    mode = next((m for m in OUTSIDE_MODES if m == mode_text), None)
    if mode_text is not None and mode is None:
        reader.error(
            fields["mode"],
            f"mode of {what} is '{mode_text}'{suggest(mode_text, OUTSIDE_MODES)}; expected one of "
            f"{', '.join(OUTSIDE_MODES)} (in-team members are full-time or part-time)",
        )
    note = reader.text(fields["note"], what=f"note of {what}")
    in_team_too = (
        reader.flag(fields["in_team_too"], what=f"in_team_too of {what}")
        if "in_team_too" in fields
        else False
    )
    if mode is None or note is None or in_team_too is None:
        return None
    return OutsideFill(when, mode, note, in_team_too)


def _key_tasks(reader: Reader, node: Node) -> tuple[KeyTask, ...]:
    tasks: list[KeyTask] = []
    seen: dict[str, int | None] = {}
    for item in reader.items(node, what="key_tasks"):
        fields = reader.fields(item, what="an item of key_tasks", required=("task",), optional=("needed",))
        if fields is None:
            continue
        task = reader.ref("task", fields["task"], what="key_tasks")
        if task is None:
            continue
        if task in seen:
            reader.error(
                fields["task"], f"task '{task}' is listed twice in key_tasks (first on line {seen[task]})"
            )
            continue
        seen[task] = line_of(fields["task"])
        needed = (
            reader.condition(fields["needed"], what=f"needed of key task '{task}'", approach_allowed=True)
            if "needed" in fields
            else ALWAYS
        )
        tasks.append(KeyTask(task, needed))
    if not tasks and reader.ok:
        reader.error(node, "key_tasks must list at least one task")
    return tuple(tasks)


def _ownership(reader: Reader, node: Node) -> tuple[OwnershipRule, ...]:
    rules: list[OwnershipRule] = []
    for index, item in enumerate(reader.items(node, what="ownership"), start=1):
        where = f"ownership rule {index}"
        fields = reader.fields(item, what=where, required=("task", "when", "owners", "note"))
        if fields is None:
            continue
        task = reader.ref("task", fields["task"], what=where)
        when = reader.condition(fields["when"], what=f"when of {where}", approach_allowed=True)
        owners = _role_list(reader, fields["owners"], what=f"owners of {where}")
        note = reader.text(fields["note"], what=f"note of {where}")
        if task is not None and owners and note is not None:
            rules.append(OwnershipRule(task, when, owners, note))
    return tuple(rules)


def _role_list(reader: Reader, node: Node, *, what: str) -> tuple[str, ...]:
    items = read_text_list(node, reader.ctx, what=what)
    if items is None:
        reader.ok = False
        return ()
    if not items:
        reader.error(node, f"{what} must name at least one role")
        return ()
    for value, item in items:
        reader.refs.append(Ref("role", value, what, reader.ctx.file, line_of(item)))
    return tuple(value for value, _ in items)


def _stand_ins(reader: Reader, node: Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    pairs = read_pairs(node, reader.ctx, what="stand_ins")
    if pairs is None:
        reader.ok = False
        return ()
    result: list[tuple[str, tuple[str, ...]]] = []
    for role, key_node, value_node in pairs:
        reader.refs.append(Ref("role", role, "stand_ins", reader.ctx.file, line_of(key_node)))
        by = _role_list(reader, value_node, what=f"stand_ins of '{role}'")
        if role in by:
            reader.error(value_node, f"stand_ins of '{role}' lists '{role}' itself")
        result.append((role, by))
    return tuple(result)


def _risks(reader: Reader, node: Node) -> tuple[RiskRule, ...]:
    risks: list[RiskRule] = []
    for index, item in enumerate(reader.items(node, what="risks"), start=1):
        where = f"risk {index}"
        fields = reader.fields(item, what=where, required=("when", "text"), optional=("cites",))
        if fields is None:
            continue
        when = reader.condition(fields["when"], what=f"when of {where}", approach_allowed=True)
        text = reader.text(fields["text"], what=f"text of {where}")
        cites = reader.cites(fields["cites"], what=where) if "cites" in fields else ()
        if text is not None:
            risks.append(RiskRule(when, text, cites))
    return tuple(risks)
