"""The organization's own owners: which Slack user group, channel and people stand behind a role or a task.

An optional `org:` section (an `org.yaml` next to the rest of the knowledge base; the bundled one has none)
maps roles, and tasks where they differ from their role, to the organization's Slack ids. Parsed and checked
by `knowledge.base.org_yaml`; the snapshot carries the result as an `OrgDirectory`. Ids here are validated
shapes only (`S…`, `C…`, `U…`/`W…`): rendering them as Slack mentions is the handlers' business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Final, Literal

TargetKind = Literal["role", "task"]

GROUP_ID: Final = re.compile(r"S[A-Z0-9]{1,30}")
"""A Slack user group id (`S0ML0PLAT`)."""
CHANNEL_ID: Final = re.compile(r"[CG][A-Z0-9]{1,30}")
"""A Slack channel id (`C0ML0PLAT`; `G…` for an older private channel)."""
USER_ID: Final = re.compile(r"[UW][A-Z0-9]{1,30}")
"""A Slack user id (`U0ALICE01`; `W…` on Enterprise Grid)."""
DEFAULT_REVIEW_DAYS: Final = 180
"""A mapping reviewed longer ago than this is stale (`MLROLE_REVIEW_DAYS` overrides it)."""


@dataclass(frozen=True, slots=True)
class OrgMapping:
    """Who, in this organization, stands behind one role or task."""

    target: str
    """The role or task id the mapping is for (`for` in `--json`)."""
    kind: TargetKind
    group: str | None = None
    channel: str | None = None
    """Where to ask: `Ask the owners` posts here."""
    contacts: tuple[str, ...] = ()
    reviewed: date | None = None
    where: str = field(default="", compare=False)
    """`file:line` of the mapping, for warnings about it (not content: moving a mapping changes nothing)."""


def _index(mappings: Sequence[OrgMapping], kind: TargetKind) -> Mapping[str, OrgMapping]:
    index: dict[str, OrgMapping] = {}
    for mapping in mappings:
        if mapping.kind == kind:
            index.setdefault(mapping.target, mapping)
    return MappingProxyType(index)


@dataclass(frozen=True, slots=True)
class OrgDirectory:
    """Every mapping of one snapshot, with lookups by role and task id."""

    mappings: tuple[OrgMapping, ...] = ()
    _roles: Mapping[str, OrgMapping] = field(init=False, repr=False, compare=False)
    _tasks: Mapping[str, OrgMapping] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_roles", _index(self.mappings, "role"))
        object.__setattr__(self, "_tasks", _index(self.mappings, "task"))

    def __bool__(self) -> bool:
        return bool(self.mappings)

    def for_role(self, role_id: str) -> OrgMapping | None:
        return self._roles.get(role_id)

    def for_task(self, task_id: str, owners: Sequence[str]) -> OrgMapping | None:
        """The task's own mapping, or else its accountable owner's (`owners[0]`, a role id)."""
        found = self._tasks.get(task_id)
        if found is None and owners:
            found = self._roles.get(owners[0])
        return found

    @property
    def channels(self) -> tuple[str, ...]:
        """Every channel named, once each, in order."""
        return tuple(dict.fromkeys(m.channel for m in self.mappings if m.channel))

    @property
    def groups(self) -> tuple[str, ...]:
        """Every user group named, once each, in order."""
        return tuple(dict.fromkeys(m.group for m in self.mappings if m.group))


NO_ORG: Final = OrgDirectory()


@dataclass(frozen=True, slots=True)
class StaleMapping:
    target: str
    kind: TargetKind
    reviewed: date
    days: int
    """Days since `reviewed`."""


def stale(org: OrgDirectory, *, today: date, max_age_days: int) -> tuple[StaleMapping, ...]:
    """Mappings reviewed more than `max_age_days` before `today`, oldest first."""
    found = [
        StaleMapping(m.target, m.kind, m.reviewed, (today - m.reviewed).days)
        for m in org.mappings
        if m.reviewed is not None and (today - m.reviewed).days > max_age_days
    ]
    return tuple(sorted(found, key=lambda s: (-s.days, s.target)))
