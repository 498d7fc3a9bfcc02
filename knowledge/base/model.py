"""The knowledge base as an immutable snapshot: frozen dataclasses holding tuples.

A `KnowledgeBase` is built once by the loader and never changed; a reload builds a new one aside and the
store swaps it in with one assignment. Ids are unique across roles, approaches and tasks, so an id alone
names an entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal, TypeVar

from knowledge.base.org import NO_ORG, OrgDirectory
from knowledge.base.rules import RecommendationRules

CompanySize = Literal["startup", "small", "medium", "large"]
COMPANY_SIZES: Final[tuple[CompanySize, ...]] = ("startup", "small", "medium", "large")

Source = Literal["document", "practice"]
SOURCES: Final[tuple[Source, ...]] = ("document", "practice")
"""Where an entry comes from: what the source document states, or common practice it does not cover."""


@dataclass(frozen=True, slots=True)
class SizeNote:
    """How a role differs at some company sizes, in the source's words."""

    sizes: tuple[CompanySize, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    """Other names people type for this role: spellings, abbreviations, job titles."""
    keywords: tuple[str, ...] = ()
    """Phrases about the role's work that should lead to it (weaker than aliases)."""
    responsibilities: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    not_expected: tuple[str, ...] = ()
    works_with: tuple[str, ...] = ()
    """Role ids."""
    by_company_size: tuple[SizeNote, ...] = ()
    source: Source | None = None
    """Where it comes from (`SOURCES`); None when the knowledge base does not say."""


@dataclass(frozen=True, slots=True)
class Approach:
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    choose_when: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    """Role ids that make up a team of this approach."""
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class OwnerVariant:
    """Who owns a task at some company sizes, where that differs from the default owners."""

    sizes: tuple[CompanySize, ...]
    owners: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    name: str
    summary: str
    owners: tuple[str, ...]
    """Role ids: the accountable owner first, then contributors."""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    by_company_size: tuple[OwnerVariant, ...] = ()
    source: Source | None = None


Entry = Role | Approach | Task


@dataclass(frozen=True, slots=True)
class MissingRole:
    """A role people ask about that the knowledge base does not describe (a product manager): the honest
    answer names the closest roles it has instead of guessing."""

    id: str
    name: str
    note: str
    """What such a person does, and why the closest roles are close."""
    closest: tuple[str, ...]
    """Role ids, closest first."""
    aliases: tuple[str, ...] = ()


E = TypeVar("E", Role, Approach, Task)


def _by_id(items: Iterable[E]) -> Mapping[str, E]:
    """Items by id, the first of a repeated id winning (as a scan in order would find it)."""
    index: dict[str, E] = {}
    for item in items:
        index.setdefault(item.id, item)
    return MappingProxyType(index)


@dataclass(frozen=True, slots=True)
class Synonym:
    """A word people type (`prod`) and the canonical word the matcher reads it as (`production`)."""

    word: str
    canonical: str


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class KnowledgeBase:
    """One complete, validated version of the knowledge base.

    `eq=False` keeps identity hashing, so derived indexes (the matcher's) can be cached per snapshot.
    """

    version: str
    """A content hash of the source files: equal versions mean equal content."""
    source: str
    """Where it was loaded from (a path or URL), for people, not for parsing."""
    roles: tuple[Role, ...]
    approaches: tuple[Approach, ...]
    tasks: tuple[Task, ...]
    synonyms: tuple[Synonym, ...] = ()
    recommendation: RecommendationRules | None = None
    """The team-recommendation rules (`knowledge.base.rules`); None when the base has no such section."""
    missing_roles: tuple[MissingRole, ...] = ()
    """Roles people ask about that this knowledge base does not describe (`missing_roles` section)."""
    org: OrgDirectory = NO_ORG
    """The organization's own owners (`knowledge.base.org`); empty when the base has no `org:` section."""

    _roles_by_id: Mapping[str, Role] = field(init=False, repr=False, compare=False)
    _approaches_by_id: Mapping[str, Approach] = field(init=False, repr=False, compare=False)
    _tasks_by_id: Mapping[str, Task] = field(init=False, repr=False, compare=False)
    """Indexes by id, built once with the snapshot: the lookups below are dict lookups, not scans."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_roles_by_id", _by_id(self.roles))
        object.__setattr__(self, "_approaches_by_id", _by_id(self.approaches))
        object.__setattr__(self, "_tasks_by_id", _by_id(self.tasks))

    def entry(self, entry_id: str) -> Entry | None:
        found: Entry | None = self._roles_by_id.get(entry_id)
        if found is None:
            found = self._approaches_by_id.get(entry_id)
        if found is None:
            found = self._tasks_by_id.get(entry_id)
        return found

    def role(self, role_id: str) -> Role | None:
        return self._roles_by_id.get(role_id)

    def approach(self, approach_id: str) -> Approach | None:
        return self._approaches_by_id.get(approach_id)

    def task(self, task_id: str) -> Task | None:
        return self._tasks_by_id.get(task_id)

    def role_name(self, role_id: str) -> str:
        role = self._roles_by_id.get(role_id)
        return role.name if role else role_id
