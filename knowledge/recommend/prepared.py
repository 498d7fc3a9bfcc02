"""What a snapshot's recommendation rules need, worked out once per snapshot (never per request): the key
tasks with their owners by company size, the quotes the rules cite, stand-ins and names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from knowledge.base.model import COMPANY_SIZES, KnowledgeBase
from knowledge.base.rules import (
    Citation,
    Condition,
    OwnershipRule,
    RecommendationRules,
)


@dataclass(frozen=True, slots=True)
class KeyTaskPlan:
    """A key task with what the snapshot says about it, looked up once."""

    task: str
    needed: Condition
    ownership: tuple[OwnershipRule, ...]
    """The task's ownership rules, in the rules' order."""
    owners_by_size: Mapping[str, tuple[str, ...]]
    """Company size -> the task's owners at that size (its `by_company_size` or its default)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Lookups that depend on the snapshot alone (never on the inputs), built the first time it recommends."""

    known: tuple[str, ...]
    """Approach ids in the knowledge base's order (the default approach when there are none)."""
    approach_names: Mapping[str, str]
    signal_quotes: tuple[tuple[str, ...], ...]
    """For each signal, in the rules' order, the full items its citations quote (those that resolve)."""
    risk_quotes: tuple[tuple[str, ...], ...]
    """The same for each risk rule."""
    key_tasks: tuple[KeyTaskPlan, ...]
    """The rules' key tasks that the knowledge base has, in the rules' order."""
    stand_ins: Mapping[str, tuple[str, ...]]
    elsewhere: Mapping[str, frozenset[str]]
    """Approach id -> the roles of the other approaches (see `other_approaches_roles`)."""
    task_names: Mapping[str, str]
    """Task id -> its name as risks say it, mid-sentence (see `lower_first`)."""


_PREPARED: WeakKeyDictionary[KnowledgeBase, Prepared] = WeakKeyDictionary()


def prepared_for(kb: KnowledgeBase, rules: RecommendationRules) -> Prepared:
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
        KeyTaskPlan(
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
    prepared = Prepared(
        known=tuple(a.id for a in kb.approaches) or (rules.default_approach,),
        approach_names={a.id: a.name for a in reversed(kb.approaches)},
        signal_quotes=tuple(quotes(signal.cites) for signal in rules.signals),
        risk_quotes=tuple(quotes(risk.cites) for risk in rules.risks),
        key_tasks=key_tasks,
        stand_ins=stand_ins,
        elsewhere={a: other_approaches_roles(kb, a) for a in ids},
        # Reversed, so the first task of a repeated id wins, as `kb.task` finds it.
        task_names={t.id: lower_first(t.name) for t in reversed(kb.tasks)},
    )
    _PREPARED[kb] = prepared
    return prepared


def other_approaches_roles(kb: KnowledgeBase, chosen: str) -> frozenset[str]:
    """Roles that belong to the approaches not chosen: expected to be absent, not missing."""
    own = set(a.roles) if (a := kb.approach(chosen)) else set()
    return frozenset(r for other in kb.approaches if other.id != chosen for r in other.roles if r not in own)


def lower_first(text: str) -> str:
    """`Model deployment` -> `model deployment`, but `ETL and data pipelines` stays."""
    return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]
