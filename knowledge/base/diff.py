"""What changed between two knowledge base snapshots, for the admin who just reloaded.

The diff is per section ("roles", "approaches", "tasks", "synonyms"): entries added, removed and changed, by
id, with the names of the fields that changed. Each section is one `Section` in `SECTIONS`, a name and a
function giving that section's entries keyed by id; a new kind of knowledge (recommendation rules, say) is
one more `Section`, and the diff and its summary pick it up unchanged.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from knowledge.base.model import KnowledgeBase

SUMMARY_IDS_PER_LIST: Final = 5
"""How many ids `summarize` names in each added / removed / changed list before saying "and N more"."""


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of knowledge: its name, and its entries keyed by id (values compare with `==`)."""

    name: str
    entries: Callable[[KnowledgeBase], Mapping[str, object]]


def _synonym_groups(kb: KnowledgeBase) -> Mapping[str, object]:
    """Synonyms as the YAML writes them: each canonical word with the sorted words read as it."""
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for synonym in kb.synonyms:
        groups[synonym.canonical].append(synonym.word)
    return {canonical: tuple(sorted(words)) for canonical, words in groups.items()}


def _recommendation_rules(kb: KnowledgeBase) -> Mapping[str, object]:
    """The team-recommendation rules as one entry, "rules": a change lists the parts that changed."""
    return {} if kb.recommendation is None else {"rules": kb.recommendation}


SECTIONS: Final[tuple[Section, ...]] = (
    Section("roles", lambda kb: {role.id: role for role in kb.roles}),
    Section("approaches", lambda kb: {approach.id: approach for approach in kb.approaches}),
    Section("tasks", lambda kb: {task.id: task for task in kb.tasks}),
    Section("synonyms", _synonym_groups),
    Section("recommendation", _recommendation_rules),
    Section("org", lambda kb: {f"{m.kind} {m.target}": m for m in kb.org.mappings}),
)


@dataclass(frozen=True, slots=True)
class Change:
    """An entry present in both versions with different content."""

    id: str
    fields: tuple[str, ...]
    """The fields that differ, in declaration order; empty when the entry is not a dataclass (a synonym
    group's word list)."""


@dataclass(frozen=True, slots=True)
class SectionDiff:
    section: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[Change, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class KnowledgeDiff:
    old_version: str
    new_version: str
    sections: tuple[SectionDiff, ...]
    """One per `SECTIONS` entry, in that order, including empty ones."""

    @property
    def is_empty(self) -> bool:
        return all(section.is_empty for section in self.sections)

    def section(self, name: str) -> SectionDiff:
        for section in self.sections:
            if section.section == name:
                return section
        raise KeyError(name)


def _changed_fields(old: object, new: object) -> tuple[str, ...]:
    if not (dataclasses.is_dataclass(old) and dataclasses.is_dataclass(new) and type(old) is type(new)):
        return ()
    return tuple(
        field.name
        for field in dataclasses.fields(old)
        if field.compare and getattr(old, field.name) != getattr(new, field.name)
    )


def _diff_section(section: Section, old: KnowledgeBase, new: KnowledgeBase) -> SectionDiff:
    before, after = section.entries(old), section.entries(new)
    return SectionDiff(
        section=section.name,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(sorted(before.keys() - after.keys())),
        changed=tuple(
            Change(id=key, fields=_changed_fields(before[key], after[key]))
            for key in sorted(before.keys() & after.keys())
            if before[key] != after[key]
        ),
    )


def diff(
    old: KnowledgeBase, new: KnowledgeBase, *, sections: tuple[Section, ...] = SECTIONS
) -> KnowledgeDiff:
    """Compare two snapshots entry by entry. Ids are listed sorted, so equal inputs give equal diffs."""
    return KnowledgeDiff(
        old_version=old.version,
        new_version=new.version,
        sections=tuple(_diff_section(section, old, new) for section in sections),
    )


def _some(items: tuple[str, ...], limit: int) -> str:
    shown = ", ".join(items[:limit])
    rest = len(items) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def _describe_change(change: Change) -> str:
    return f"{change.id} ({', '.join(change.fields)})" if change.fields else change.id


def summarize(knowledge_diff: KnowledgeDiff, *, limit: int = SUMMARY_IDS_PER_LIST) -> str:
    """A short plain-text summary, one line per section that changed. When none did: "No change.", or,
    when the files changed all the same (comments, formatting, order), a sentence saying so.

    Example: `roles: 1 added (mlops-engineer); 1 changed (data-scientist (aliases))`. Plain text: the
    caller escapes it for Slack.
    """
    lines: list[str] = []
    for section in knowledge_diff.sections:
        if section.is_empty:
            continue
        parts: list[str] = []
        if section.added:
            parts.append(f"{len(section.added)} added ({_some(section.added, limit)})")
        if section.removed:
            parts.append(f"{len(section.removed)} removed ({_some(section.removed, limit)})")
        if section.changed:
            described = tuple(_describe_change(change) for change in section.changed)
            parts.append(f"{len(section.changed)} changed ({_some(described, limit)})")
        lines.append(f"{section.section}: {'; '.join(parts)}")
    if lines:
        return "\n".join(lines)
    if knowledge_diff.old_version != knowledge_diff.new_version:
        return "No change to the content (the files changed only in comments, formatting or order)."
    return "No change."
