"""A team recommendation: the approach, the roster (in-team and outside help) and who owns each key task,
with the reasons and risks; and its JSON form for `mlrole recommend --json`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.base.rules import (
    FillMode,
)
from knowledge.recommend.inputs import RecommendInputs


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
