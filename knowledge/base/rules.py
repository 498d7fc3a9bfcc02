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

This module is the rules' model. `knowledge.base.rules_yaml` reads the section (`parse_section`, with every id
it mentions and where) and `knowledge.base.rules_check` checks those ids against the rest of the knowledge
base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, Protocol

from knowledge.base.nodes import normalize

FillMode = Literal["full-time", "part-time", "shared", "outsourced"]
FILL_MODES: Final[tuple[FillMode, ...]] = ("full-time", "part-time", "shared", "outsourced")
OutsideMode = Literal["shared", "outsourced"]
OUTSIDE_MODES: Final[tuple[OutsideMode, ...]] = ("shared", "outsourced")
CitedList = Literal["strengths", "weaknesses", "choose_when"]
CITED_LISTS: Final[tuple[CitedList, ...]] = ("strengths", "weaknesses", "choose_when")

MAX_WEIGHT: Final = 100
APPROACH_KEY: Final = "approach"


class CitedLists(Protocol):
    """What a citation quotes from: an approach's lists (`knowledge.base.model.Approach` is one)."""

    @property
    def strengths(self) -> tuple[str, ...]: ...
    @property
    def weaknesses(self) -> tuple[str, ...]: ...
    @property
    def choose_when(self) -> tuple[str, ...]: ...


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

    def resolve(self, approach: CitedLists | None) -> str | None:
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
