"""Recommend a team: an approach, a roster and who owns each key task, from the knowledge base's rules.

`recommend(inputs, kb)` is pure and deterministic. It applies `kb.recommendation` (see
`knowledge.base.rules` for the YAML) in three steps:

1. **Approach.** Approaches whose `requires` fail are out; every signal that holds adds its weight to the
   approach it favours; the highest total wins (a tie goes to the default approach, then to the knowledge
   base's order). The rationale quotes the strengths and weaknesses the winning signals cite.
2. **Roster.** The roster slots whose `when` holds are staffed. A slot with an `outside` fill that holds is
   filled from outside the team; the others share the headcount by the highest-averages method (each person
   goes to the slot with the largest `weight / (count + 1)`, earlier slots first on a tie, slots at their
   `max` skipped unless every slot is). A slot left with nobody is named as a risk.
3. **Owners.** Each key task gets the knowledge base's owners for the company size, or an `ownership` rule's;
   an owner not on the roster is replaced by its first stand-in who is, and a task nobody fits falls to the
   roster's largest role, with a risk.

**Headcount.** `count` is in-team people only, so the counts always add up to `inputs.people`. Members are
`full-time` or `part-time` (part-time members still count: they are people on the team). Help from outside
the team is listed with count 0 and mode `shared` (with another team, e.g. the company's DevOps team) or
`outsourced` (e.g. labelers from a vendor), and is never counted. Only in-team and shared roles are made
accountable for a task; outsourced help contributes.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final
from weakref import WeakKeyDictionary

from knowledge.base.model import COMPANY_SIZES, KnowledgeBase
from knowledge.base.rules import (
    APPROACH_KEY,
    Citation,
    Condition,
    FillMode,
    OutsideFill,
    OwnershipRule,
    RecommendationRules,
    RosterSlot,
)
from knowledge.recommend.inputs import (
    DEFAULTS,
    INPUT_KEYS,
    INPUT_LABELS,
    INPUT_VALUES,
    InputError,
    RecommendInputs,
    allowed_values,
    assumptions_for,
    infer_inputs,
    parse_inputs,
    parse_request,
    phrase,
    usage,
)

__all__ = [
    "DEFAULTS",
    "INPUT_KEYS",
    "INPUT_LABELS",
    "INPUT_VALUES",
    "InputError",
    "RecommendError",
    "RecommendInputs",
    "Recommendation",
    "RosterEntry",
    "allowed_values",
    "assumptions_for",
    "infer_inputs",
    "parse_inputs",
    "parse_request",
    "phrase",
    "recommend",
    "to_dict",
    "usage",
]

QUOTE_OPEN: Final = "“"
QUOTE_CLOSE: Final = "”"


class RecommendError(Exception):
    """The knowledge base cannot recommend (it has no `recommendation:` section)."""


@dataclass(frozen=True, slots=True)
class RosterEntry:
    role: str
    count: int
    """In-team people; 0 for `shared` and `outsourced` help, which is not part of the headcount."""
    mode: FillMode


@dataclass(frozen=True, slots=True)
class Recommendation:
    inputs: RecommendInputs
    approach: str
    roster: tuple[RosterEntry, ...]
    owners: Mapping[str, tuple[str, ...]]
    """Key task id -> role ids, the accountable owner first; in the rules' key-task order."""
    rationale: tuple[str, ...]
    risks: tuple[str, ...]
    assumptions: tuple[str, ...] = ()

    @property
    def headcount(self) -> int:
        return sum(entry.count for entry in self.roster)

    def in_team(self) -> tuple[RosterEntry, ...]:
        return tuple(entry for entry in self.roster if entry.count > 0)


def recommend(
    inputs: RecommendInputs, kb: KnowledgeBase, *, assumptions: Sequence[str] = ()
) -> Recommendation:
    """The recommendation for `inputs` under `kb`'s rules. Raises `RecommendError` when `kb` has none."""
    rules = kb.recommendation
    if rules is None:
        raise RecommendError(
            f"The knowledge base ({kb.source}) has no team-recommendation rules: "
            "add a `recommendation:` section."
        )
    prepared = _prepared(kb, rules)
    facts = inputs.facts()
    approach, rationale = _choose_approach(rules, prepared, facts)
    facts[APPROACH_KEY] = approach
    staffing = _staff(rules, facts, inputs.people)
    owners, covered = _assign_owners(prepared, facts, staffing)
    risks = [
        *_staffing_risks(kb, prepared, inputs.people, staffing, covered),
        *_rule_risks(rules, prepared, facts),
    ]
    rationale += [note for note in staffing.notes if note not in rationale]
    rationale += [note for note in covered.notes if note not in rationale]
    return Recommendation(
        inputs=inputs,
        approach=approach,
        roster=staffing.roster,
        owners=MappingProxyType(owners),
        rationale=tuple(rationale),
        risks=tuple(dict.fromkeys(risks)),
        assumptions=tuple(assumptions),
    )


def to_dict(rec: Recommendation) -> dict[str, Any]:
    """The recommendation as JSON-ready data (the `recommendation` object of `mlrole recommend --json`)."""
    return {
        "approach": rec.approach,
        "roster": [{"role": e.role, "count": e.count, "mode": e.mode} for e in rec.roster],
        "owners": {task: list(roles) for task, roles in rec.owners.items()},
        "rationale": list(rec.rationale),
        "risks": list(rec.risks),
        "assumptions": list(rec.assumptions),
    }


# --- what a snapshot's rules need, worked out once per snapshot ---------------------------------------------


@dataclass(frozen=True, slots=True)
class _KeyTaskPlan:
    """A key task with what the snapshot says about it, looked up once."""

    task: str
    needed: Condition
    ownership: tuple[OwnershipRule, ...]
    """The task's ownership rules, in the rules' order."""
    owners_by_size: Mapping[str, tuple[str, ...]]
    """Company size -> the task's owners at that size (its `by_company_size` or its default)."""


@dataclass(frozen=True, slots=True)
class _Prepared:
    """Lookups that depend on the snapshot alone (never on the inputs), built the first time it recommends."""

    known: tuple[str, ...]
    """Approach ids in the knowledge base's order (the default approach when there are none)."""
    approach_names: Mapping[str, str]
    signal_quotes: tuple[tuple[str, ...], ...]
    """For each signal, in the rules' order, the full items its citations quote (those that resolve)."""
    risk_quotes: tuple[tuple[str, ...], ...]
    """The same for each risk rule."""
    key_tasks: tuple[_KeyTaskPlan, ...]
    """The rules' key tasks that the knowledge base has, in the rules' order."""
    stand_ins: Mapping[str, tuple[str, ...]]
    elsewhere: Mapping[str, frozenset[str]]
    """Approach id -> the roles of the other approaches (see `_other_approaches_roles`)."""
    task_names: Mapping[str, str]
    """Task id -> its name as risks say it, mid-sentence (see `_lower_first`)."""


_PREPARED: WeakKeyDictionary[KnowledgeBase, _Prepared] = WeakKeyDictionary()


def _prepared(kb: KnowledgeBase, rules: RecommendationRules) -> _Prepared:
    try:
        return _PREPARED[kb]
    except KeyError:
        pass

    def quotes(citations: Sequence[Citation]) -> tuple[str, ...]:
        resolved = (c.resolve(kb.approach(c.approach)) for c in citations)
        return tuple(text for text in resolved if text is not None)

    ownership: dict[str, list[OwnershipRule]] = {}
    for rule in rules.ownership:
        ownership.setdefault(rule.task, []).append(rule)
    stand_ins: dict[str, tuple[str, ...]] = {}
    for role, by in rules.stand_ins:
        stand_ins.setdefault(role, by)
    key_tasks = tuple(
        _KeyTaskPlan(
            task=task.id,
            needed=key_task.needed,
            ownership=tuple(ownership.get(task.id, ())),
            owners_by_size={
                size: next((v.owners for v in task.by_company_size if size in v.sizes), task.owners)
                for size in COMPANY_SIZES
            },
        )
        for key_task in rules.key_tasks
        # A task the knowledge base lacks is left out: unreachable with checked rules.
        if (task := kb.task(key_task.task)) is not None
    )
    ids = {a.id for a in kb.approaches} | {rules.default_approach}
    prepared = _Prepared(
        known=tuple(a.id for a in kb.approaches) or (rules.default_approach,),
        approach_names={a.id: a.name for a in reversed(kb.approaches)},
        signal_quotes=tuple(quotes(signal.cites) for signal in rules.signals),
        risk_quotes=tuple(quotes(risk.cites) for risk in rules.risks),
        key_tasks=key_tasks,
        stand_ins=stand_ins,
        elsewhere={a: _other_approaches_roles(kb, a) for a in ids},
        # Reversed, so the first task of a repeated id wins, as `kb.task` finds it.
        task_names={t.id: _lower_first(t.name) for t in reversed(kb.tasks)},
    )
    _PREPARED[kb] = prepared
    return prepared


# --- 1. the approach ---------------------------------------------------------------------------------------


def _quoted(items: Sequence[str], shown: set[str]) -> str:
    """The cited items in quotes, each after a space; an item already in `shown` is not repeated."""
    quotes: list[str] = []
    for text in items:
        if text not in shown:
            shown.add(text)
            quotes.append(f" {QUOTE_OPEN}{text}{QUOTE_CLOSE}")
    return "".join(quotes)


def _approach_name(prepared: _Prepared, approach_id: str) -> str:
    return prepared.approach_names.get(approach_id, approach_id)


def _choose_approach(
    rules: RecommendationRules, prepared: _Prepared, facts: Mapping[str, str]
) -> tuple[str, list[str]]:
    known = prepared.known
    excluded = {
        req.approach: req.reason
        for req in rules.requirements
        if not req.when.holds(facts) and req.approach in known
    }
    eligible = [a for a in known if a not in excluded] or [rules.default_approach]
    scores = dict.fromkeys(eligible, 0)
    holding = [
        (signal, quotes)
        for signal, quotes in zip(rules.signals, prepared.signal_quotes, strict=True)
        if signal.when.holds(facts)
    ]
    for signal, _ in holding:
        if signal.favors in scores:
            scores[signal.favors] += signal.weight
    best = max(scores.values())
    tied = [a for a in eligible if scores[a] == best]
    chosen = rules.default_approach if rules.default_approach in tied else tied[0]

    rationale: list[str] = []
    shown: set[str] = set()
    for signal, quotes in holding:
        if signal.favors == chosen:
            rationale.append(f"{signal.reason}{_quoted(quotes, shown)}")
    if not rationale:
        name = _approach_name(prepared, chosen)
        rationale.append(f"Nothing in the inputs tips the balance, so this is the default approach: {name}.")
    for approach_id, reason in excluded.items():
        rationale.append(f"Not {_approach_name(prepared, approach_id)}: {reason}")
    for signal, quotes in holding:
        if signal.favors != chosen and signal.favors in scores:
            rationale.append(
                f"Weighed against (favours {_approach_name(prepared, signal.favors)}): "
                f"{signal.reason}{_quoted(quotes, shown)}"
            )
    return chosen, rationale


# --- 2. the roster -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Staffing:
    roster: tuple[RosterEntry, ...]
    unstaffed: tuple[str, ...]
    """Roles of active slots with nobody in the team (unless wholly filled from outside): named as risks."""
    notes: tuple[str, ...]


def _outside_fill(slot: RosterSlot, facts: Mapping[str, str]) -> OutsideFill | None:
    for fill in slot.outside:
        if fill.when.holds(facts):
            return fill
    return None


def _allocate(slots: Sequence[RosterSlot], facts: Mapping[str, str], people: int) -> list[int]:
    """Minimums first, in slot order; then highest averages (D'Hondt): each person goes to the slot with the
    largest weight / (count + 1), the earlier slot on a tie, skipping slots at their max unless all are."""
    weights = [slot.weight_for(facts) for slot in slots]
    caps = [slot.max_count for slot in slots]
    counts = [0] * len(slots)
    left = people
    for i, slot in enumerate(slots):
        counts[i] = min(slot.min_count, left)
        left -= counts[i]
    if left <= 0:
        return counts
    if left >= _BULK_AT_LEAST:
        left -= _place_in_bulk(weights, caps, counts, left)
    # A heap of (-average, slot): the smallest is the largest average, the earlier slot on a tie. The
    # averages are floats, yet exact for ordering: int / int is correctly rounded, so equal quotients are
    # equal floats, and distinct quotients of weights and counts this small are far apart.
    capping = True
    heap = [
        (-weights[i] / (counts[i] + 1), i) for i, cap in enumerate(caps) if cap is None or counts[i] < cap
    ]
    if not heap:  # every slot is at its max: they all share the rest
        capping = False
        heap = [(-weights[i] / (counts[i] + 1), i) for i in range(len(slots))]
    heapq.heapify(heap)
    for _ in range(left):
        i = heap[0][1]
        counts[i] += 1
        cap = caps[i]
        if capping and cap is not None and counts[i] >= cap:
            heapq.heappop(heap)
            if not heap:
                capping = False
                heap = [(-weights[j] / (counts[j] + 1), j) for j in range(len(slots))]
                heapq.heapify(heap)
        else:
            heapq.heapreplace(heap, (-weights[i] / (counts[i] + 1), i))
    return counts


_BULK_AT_LEAST: Final = 40
"""People left to place from which `_place_in_bulk` pays for its arithmetic (measured with the bundled
rules' four or five slots); fewer go one at a time."""


def _place_in_bulk(weights: Sequence[int], caps: Sequence[int | None], counts: list[int], left: int) -> int:
    """Place at once people that placing `left` people one at a time is bound to place; return how many.

    One at a time, the people go to the `left` largest of the averages `weight / (count + k)`, k = 1, 2, ...
    up to each slot's max (largest first, the earlier slot on a tie). So when at most `left` of those
    averages reach some bar, they are all among them: placing them first, and the rest one at a time, gives
    the same counts. With the bar `total / n`, `total` the weight of the slots below their max, a slot has
    `weight * n // total - count` averages that reach it (exact integers; none if that is negative, and no
    more than its max allows). The first `n` tried, the people left plus those already in these slots,
    places nearly everyone; when a slot far above its share makes that too many, `n = left` never is.
    Repeated while it places anyone, since a slot that reaches its max leaves its share to the others.
    """
    placed = 0
    while left > 0:
        below_max = [i for i, cap in enumerate(caps) if cap is None or counts[i] < cap]
        if not below_max or any(weights[i] <= 0 for i in below_max):  # checked rules weigh 1 or more
            break
        total = sum(weights[i] for i in below_max)
        for n in (left + sum(counts[i] for i in below_max), left):
            sure = [_reaching(weights[i], counts[i], caps[i], total, n) for i in below_max]
            step = sum(sure)
            if step <= left:
                break
        if not step:
            break
        for i, more in zip(below_max, sure, strict=True):
            counts[i] += more
        left -= step
        placed += step
    return placed


def _reaching(weight: int, count: int, cap: int | None, total: int, n: int) -> int:
    """How many more averages `weight / (count + k)` of a slot reach `total / n`, as far as its max allows."""
    more = weight * n // total - count
    if cap is not None:
        more = min(more, cap - count)
    return max(more, 0)


def _staff(rules: RecommendationRules, facts: Mapping[str, str], people: int) -> _Staffing:
    active: list[tuple[RosterSlot, OutsideFill | None]] = []
    in_team: list[RosterSlot] = []
    for slot in rules.roster:
        if slot.when.holds(facts):
            fill = _outside_fill(slot, facts) if slot.outside else None
            active.append((slot, fill))
            if fill is None or fill.in_team_too:
                in_team.append(slot)
    if not in_team:  # unreachable with checked rules: every approach has an always-staffed slot
        raise RecommendError(f"The recommendation rules staff nobody for approach '{facts[APPROACH_KEY]}'.")
    count_of = dict(zip(map(id, in_team), _allocate(in_team, facts, people), strict=True))

    roster: dict[tuple[str, FillMode], int] = {}
    unstaffed: list[str] = []
    notes: list[str] = []
    for slot, fill in active:
        count = count_of.get(id(slot), 0)
        if count:
            mode: FillMode = (
                "part-time" if slot.part_time is not None and slot.part_time.holds(facts) else "full-time"
            )
            key = (slot.role, mode)
            roster[key] = roster.get(key, 0) + count
        if fill is not None:
            roster.setdefault((slot.role, fill.mode), 0)
            if fill.note not in notes:
                notes.append(fill.note)
        if not count and (fill is None or fill.in_team_too):
            unstaffed.append(slot.role)
    entries = tuple(RosterEntry(role, count, mode) for (role, mode), count in roster.items())
    in_team_roles = {entry.role for entry in entries if entry.count}
    return _Staffing(
        roster=entries,
        unstaffed=tuple(dict.fromkeys(r for r in unstaffed if r not in in_team_roles)) if unstaffed else (),
        notes=tuple(notes),
    )


# --- 3. the owners -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Coverage:
    """What ownership had to work around: (missing role, task, stand-in) and the notes of rules applied."""

    stand_ins: list[tuple[str, str, str]] = field(default_factory=list)
    orphans: list[tuple[str, str]] = field(default_factory=list)
    """(task, fallback owner) for needed tasks nobody on the roster was suited to."""
    notes: list[str] = field(default_factory=list)


def _count(entry: RosterEntry) -> int:
    return entry.count


def _assign_owners(
    prepared: _Prepared, facts: Mapping[str, str], staffing: _Staffing
) -> tuple[dict[str, tuple[str, ...]], _Coverage]:
    roster = staffing.roster
    # The largest in-team role leads (the first of the largest on a tie): it has people, as the headcount has.
    lead = max(roster, key=_count).role
    accountable_ok = {e.role for e in roster if e.count > 0 or e.mode == "shared"}
    present = {e.role for e in roster}
    elsewhere = prepared.elsewhere[facts[APPROACH_KEY]]
    size = facts["size"]
    stand_ins = prepared.stand_ins
    coverage = _Coverage()
    owners: dict[str, tuple[str, ...]] = {}
    # Plain loops rather than `next(generator)`: this runs for every key task of every recommendation.
    for plan in prepared.key_tasks:
        task_id = plan.task
        base = plan.owners_by_size[size]
        rule: OwnershipRule | None = None
        for candidate in plan.ownership:
            if candidate.when.holds(facts):
                rule = candidate
                base = candidate.owners
                break
        needed = plan.needed.holds(facts)
        chosen: list[str] = []
        for role in base:
            if role in accountable_ok:
                chosen.append(role)
                continue
            for stand_in in stand_ins.get(role, ()):
                if stand_in in accountable_ok:
                    chosen.append(stand_in)
                    if needed:
                        coverage.stand_ins.append((role, task_id, stand_in))
                    break
            if role in present:  # outsourced help: contributes, is not accountable
                chosen.append(role)
        chosen = list(dict.fromkeys(chosen))
        accountable = lead
        for role in chosen:
            if role in accountable_ok:
                accountable = role
                chosen.remove(role)
                break
        else:
            if needed:
                coverage.orphans.append((task_id, lead))
        owners[task_id] = (accountable, *chosen)
        if rule is not None:
            # The rule's note speaks of its roles: show it only when they are the ones doing the task.
            applicable = [r for r in rule.owners if r not in elsewhere]
            if applicable and applicable[0] == accountable and all(r in present for r in applicable):
                coverage.notes.append(rule.note)
    return owners, coverage


def _other_approaches_roles(kb: KnowledgeBase, chosen: str) -> frozenset[str]:
    """Roles that belong to the approaches not chosen: expected to be absent, not missing."""
    own = set(a.roles) if (a := kb.approach(chosen)) else set()
    return frozenset(r for other in kb.approaches if other.id != chosen for r in other.roles if r not in own)


# --- risks -------------------------------------------------------------------------------------------------


def _lower_first(text: str) -> str:
    """`Model deployment` -> `model deployment`, but `ETL and data pipelines` stays."""
    return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]


def _task_names(task_ids: Sequence[str], prepared: _Prepared) -> str:
    names = [prepared.task_names.get(i, i) for i in task_ids]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _staffing_risks(
    kb: KnowledgeBase, prepared: _Prepared, people: int, staffing: _Staffing, coverage: _Coverage
) -> list[str]:
    risks: list[str] = []
    team = f"a team of {people}" if people != 1 else "a team of one"
    outsourced = {e.role for e in staffing.roster if e.mode == "outsourced"}
    for role in staffing.unstaffed:
        name = kb.role_name(role)
        if role in outsourced:
            line = f"No {name} in the team to manage the outsourced help: there is no room for one in {team}."
        else:
            line = f"No {name}: there is no room for one in {team}."
        by_stand_in: dict[str, list[str]] = {}
        for missing, task, by in coverage.stand_ins:
            if missing == role:
                by_stand_in.setdefault(by, []).append(task)
        for by, tasks in by_stand_in.items():
            line += f" The {kb.role_name(by)} also covers {_task_names(tasks, prepared)}."
        risks.append(line)
    for task, lead in coverage.orphans:
        risks.append(
            f"Nobody on the roster is suited to own {_task_names([task], prepared)}; "
            f"the {kb.role_name(lead)} is accountable by default."
        )
    return risks


def _rule_risks(rules: RecommendationRules, prepared: _Prepared, facts: Mapping[str, str]) -> list[str]:
    shown: set[str] = set()
    return [
        f"{risk.text}{_quoted(quotes, shown)}"
        for risk, quotes in zip(rules.risks, prepared.risk_quotes, strict=True)
        if risk.when.holds(facts)
    ]
