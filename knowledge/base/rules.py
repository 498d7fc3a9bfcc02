"""The team-recommendation rules (the `recommendation:` section of the knowledge base) and their parser.

The rules are data so admins can tune them without code; `knowledge.recommend.recommender` applies them. The
section:

```yaml
recommendation:
  approach:
    default: ml-software-engineers            # chosen on a tie; must have no `requires`
    requires:                                 # an approach is only eligible when its `when` holds
      - {approach: scientists-plus-engineers, when: {people: {min: 2}}, reason: ...}
    signals:                                  # each signal that holds adds `weight` to one approach
      - favors: ml-software-engineers
        when: {production: yes, engineering: no}
        weight: 2
        reason: ...                           # why, applied to the inputs
        cites: [{approach: scientists-plus-engineers, weaknesses: "impractical"}]
  roster:                                     # role slots, in priority order
    - role: ml-engineer
      when: {approach: ml-software-engineers}
      weight: 4                               # share of the headcount (highest averages)
      weights: [{when: {...}, weight: 5}]     # optional: the first that holds replaces `weight`
      min: 1                                  # optional: people it gets first, before the weighted share
      max: 3                                  # optional cap on the in-team headcount
      part_time: {size: [startup]}            # optional: in-team members are part-time when this holds
      outside:                                # optional: filled from outside the team (count 0)
        - {when: {size: large}, mode: shared, in_team_too: false, note: ...}
  key_tasks:                                  # the tasks every recommendation assigns
    - {task: deployment, needed: {production: yes}}
  ownership:                                  # replaces the task's owners when `when` holds (first wins)
    - {task: deployment, when: {size: startup}, owners: [ml-engineer, devops-engineer], note: ...}
  stand_ins:                                  # who covers a role's tasks when it is not on the roster
    devops-engineer: [ml-engineer, software-engineer]
  risks:                                      # warnings added when `when` holds
    - {when: {...}, text: ..., cites: [...]}
```

A condition (`when`, `needed`, `part_time`) maps input keys to a value or a list of values (any of them);
every key listed must match, and no keys means always. Keys: size, production, labeling, sources, domain,
engineering, people (`{min: N, max: N}`) and, outside `approach:`, approach (approach ids).

A citation names an approach and one of its lists (`strengths`, `weaknesses`, `choose_when`) with a quote: a
piece of text that must occur in exactly one item of that list, so the rationale always shows the knowledge
base's own words and a reworded item is caught by `mlrole check`.

This module knows nothing of the rest of the schema: `parse_section` returns the rules with every id they
mention and where, and `check_section` checks those ids against the rest of the knowledge base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from yaml.nodes import Node, ScalarNode, SequenceNode

from knowledge.base.errors import LoadError
from knowledge.base.model import Approach
from knowledge.base.nodes import (
    FileContext,
    article,
    describe,
    line_of,
    normalize,
    read_fields,
    read_list,
    read_pairs,
    read_text,
    read_text_list,
    suggest,
)
from knowledge.base.project_inputs import INPUT_KEYS, INPUT_VALUES, MAX_PEOPLE, MIN_PEOPLE

FillMode = Literal["full-time", "part-time", "shared", "outsourced"]
FILL_MODES: Final[tuple[FillMode, ...]] = ("full-time", "part-time", "shared", "outsourced")
OutsideMode = Literal["shared", "outsourced"]
OUTSIDE_MODES: Final[tuple[OutsideMode, ...]] = ("shared", "outsourced")
CitedList = Literal["strengths", "weaknesses", "choose_when"]
CITED_LISTS: Final[tuple[CitedList, ...]] = ("strengths", "weaknesses", "choose_when")

MAX_WEIGHT: Final = 100
APPROACH_KEY: Final = "approach"


# --- the rules model ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """Holds when every listed key has one of its values and the team size is within the bounds."""

    values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    min_people: int | None = None
    max_people: int | None = None

    def holds(self, facts: Mapping[str, str]) -> bool:
        """`facts` maps input keys (and `approach`, once chosen) to their values as text."""
        if self.min_people is not None or self.max_people is not None:
            people = int(facts["people"])
            if self.min_people is not None and people < self.min_people:
                return False
            if self.max_people is not None and people > self.max_people:
                return False
        # A plain loop, not all(generator): this runs a few dozen times per recommendation.
        for key, allowed in self.values:  # noqa: SIM110
            if facts.get(key) not in allowed:
                return False
        return True

    def keys(self) -> frozenset[str]:
        keys = {key for key, _ in self.values}
        if self.min_people is not None or self.max_people is not None:
            keys.add("people")
        return frozenset(keys)


ALWAYS: Final = Condition()


@dataclass(frozen=True, slots=True)
class Citation:
    """One item of an approach's strengths, weaknesses or choose_when, found by a quote from it."""

    approach: str
    list: CitedList
    quote: str

    def resolve(self, approach: Approach | None) -> str | None:
        """The full item the quote comes from, or None when it is not (exactly once) there."""
        if approach is None:
            return None
        needle = normalize(self.quote)
        found = [item for item in getattr(approach, self.list) if needle in normalize(item)]
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class Requirement:
    approach: str
    when: Condition
    reason: str
    """Why the approach is not eligible when `when` does not hold."""


@dataclass(frozen=True, slots=True)
class Signal:
    favors: str
    when: Condition
    weight: int
    reason: str
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class WeightRule:
    when: Condition
    weight: int


@dataclass(frozen=True, slots=True)
class OutsideFill:
    """The role filled from outside the team: `shared` with another team or `outsourced`; never counted."""

    when: Condition
    mode: OutsideMode
    note: str
    in_team_too: bool = False
    """Whether the role still gets in-team headcount (e.g. a labeler who manages outsourced labelers)."""


@dataclass(frozen=True, slots=True)
class RosterSlot:
    role: str
    when: Condition
    weight: int
    weights: tuple[WeightRule, ...] = ()
    min_count: int = 0
    """People this slot gets before the rest is shared by weight (as far as the headcount goes)."""
    max_count: int | None = None
    part_time: Condition | None = None
    outside: tuple[OutsideFill, ...] = ()

    def weight_for(self, facts: Mapping[str, str]) -> int:
        for rule in self.weights:
            if rule.when.holds(facts):
                return rule.weight
        return self.weight


@dataclass(frozen=True, slots=True)
class KeyTask:
    task: str
    needed: Condition = ALWAYS
    """When the task matters for the inputs; a task not needed raises no risk when nobody fits it."""


@dataclass(frozen=True, slots=True)
class OwnershipRule:
    task: str
    when: Condition
    owners: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class RiskRule:
    when: Condition
    text: str
    cites: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class RecommendationRules:
    default_approach: str
    requirements: tuple[Requirement, ...]
    signals: tuple[Signal, ...]
    roster: tuple[RosterSlot, ...]
    key_tasks: tuple[KeyTask, ...]
    ownership: tuple[OwnershipRule, ...] = ()
    stand_ins: tuple[tuple[str, tuple[str, ...]], ...] = ()
    risks: tuple[RiskRule, ...] = ()


# --- parsing -----------------------------------------------------------------------------------------------

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


@dataclass(frozen=True, slots=True)
class ParsedSection:
    rules: RecommendationRules
    refs: tuple[Ref, ...]
    citations: tuple[CitationRef, ...]
    file: str
    roster_line: int | None
    """Where the roster is, for problems with the roster as a whole."""


class _Reader:
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


def parse_section(node: Node, ctx: FileContext) -> ParsedSection | None:
    """Read a `recommendation:` section; None (with every problem reported to `ctx`) when it is invalid."""
    reader = _Reader(ctx)
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


def _approach(reader: _Reader, node: Node) -> tuple[str | None, tuple[Requirement, ...], tuple[Signal, ...]]:
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


def _slot(reader: _Reader, node: Node, *, what: str) -> RosterSlot | None:
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


def _outside(reader: _Reader, node: Node, *, what: str) -> OutsideFill | None:
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


def _key_tasks(reader: _Reader, node: Node) -> tuple[KeyTask, ...]:
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


def _ownership(reader: _Reader, node: Node) -> tuple[OwnershipRule, ...]:
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


def _role_list(reader: _Reader, node: Node, *, what: str) -> tuple[str, ...]:
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


def _stand_ins(reader: _Reader, node: Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
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


def _risks(reader: _Reader, node: Node) -> tuple[RiskRule, ...]:
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


# --- checks against the rest of the knowledge base ---------------------------------------------------------


def check_section(
    parsed: ParsedSection, *, kinds: Mapping[str, str], approaches: Mapping[str, Approach]
) -> list[LoadError]:
    """Every id the rules mention exists with the right kind, and every quote is found exactly once.

    `kinds` maps every declared id to its kind (`role`, `approach`, `task`).
    """
    errors: list[LoadError] = []
    for ref in parsed.refs:
        kind = kinds.get(ref.id)
        if kind == ref.kind:
            continue
        if kind is None:
            same_kind = [i for i, k in kinds.items() if k == ref.kind]
            message = f"unknown {ref.kind} '{ref.id}' in {ref.what}{suggest(ref.id, same_kind)}"
        else:
            wrong, right = f"{article(kind)} {kind}", f"{article(ref.kind)} {ref.kind}"
            message = f"'{ref.id}' in {ref.what} is {wrong}, not {right}"
        errors.append(LoadError(ref.file, ref.line, message))
    for cref in parsed.citations:
        citation = cref.citation
        approach = approaches.get(citation.approach)
        if approach is None:
            continue  # reported above as an unknown approach
        items = getattr(approach, citation.list)
        count = sum(normalize(citation.quote) in normalize(item) for item in items)
        if count != 1:
            problem = "is not in" if count == 0 else f"occurs in {count} items of"
            errors.append(
                LoadError(
                    cref.file,
                    cref.line,
                    f"the quote '{citation.quote}' in {cref.what} {problem} the {citation.list} of approach "
                    f"'{citation.approach}'",
                )
            )
    rules = parsed.rules
    for approach_id in approaches:
        if not any(_lead_slot(slot, approach_id) for slot in rules.roster):
            errors.append(
                LoadError(
                    parsed.file,
                    parsed.roster_line,
                    f"the roster has no slot that is always staffed for approach '{approach_id}' (a slot "
                    "whose `when` names only that approach and that is never filled from outside): a team "
                    "needs one to put its first person in",
                )
            )
    return errors


def _lead_slot(slot: RosterSlot, approach_id: str) -> bool:
    if slot.outside or slot.when.keys() - {APPROACH_KEY}:
        return False
    return all(approach_id in allowed for key, allowed in slot.when.values if key == APPROACH_KEY)


__all__ = [
    "ALWAYS",
    "FILL_MODES",
    "Citation",
    "Condition",
    "FillMode",
    "KeyTask",
    "OutsideFill",
    "OwnershipRule",
    "ParsedSection",
    "RecommendationRules",
    "Requirement",
    "RiskRule",
    "RosterSlot",
    "Signal",
    "WeightRule",
    "check_section",
    "parse_section",
]
