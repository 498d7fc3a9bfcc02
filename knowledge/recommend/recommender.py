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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from knowledge.base.model import KnowledgeBase
from knowledge.base.rules import (
    APPROACH_KEY,
    OwnershipRule,
    RecommendationRules,
)
from knowledge.recommend.inputs import (
    RecommendInputs,
)
from knowledge.recommend.prepared import Prepared, prepared_for
from knowledge.recommend.result import Recommendation, RecommendError, RosterEntry
from knowledge.recommend.staffing import Staffing, staff

QUOTE_OPEN: Final = "“"
QUOTE_CLOSE: Final = "”"


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
    prepared = prepared_for(kb, rules)
    facts = inputs.facts()
    approach, rationale = _choose_approach(rules, prepared, facts)
    facts[APPROACH_KEY] = approach
    staffing = staff(rules, facts, inputs.people)
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


# --- 1. the approach ---------------------------------------------------------------------------------------


def _quoted(items: Sequence[str], shown: set[str]) -> str:
    """The cited items in quotes, each after a space; an item already in `shown` is not repeated."""
    quotes: list[str] = []
    for text in items:
        if text not in shown:
            shown.add(text)
            quotes.append(f" {QUOTE_OPEN}{text}{QUOTE_CLOSE}")
    return "".join(quotes)


def _approach_name(prepared: Prepared, approach_id: str) -> str:
    return prepared.approach_names.get(approach_id, approach_id)


def _choose_approach(
    rules: RecommendationRules, prepared: Prepared, facts: Mapping[str, str]
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
    prepared: Prepared, facts: Mapping[str, str], staffing: Staffing
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


# --- risks -------------------------------------------------------------------------------------------------


def _task_names(task_ids: Sequence[str], prepared: Prepared) -> str:
    names = [prepared.task_names.get(i, i) for i in task_ids]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _staffing_risks(
    kb: KnowledgeBase, prepared: Prepared, people: int, staffing: Staffing, coverage: _Coverage
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


def _rule_risks(rules: RecommendationRules, prepared: Prepared, facts: Mapping[str, str]) -> list[str]:
    shown: set[str] = set()
    return [
        f"{risk.text}{_quoted(quotes, shown)}"
        for risk, quotes in zip(rules.risks, prepared.risk_quotes, strict=True)
        if risk.when.holds(facts)
    ]
