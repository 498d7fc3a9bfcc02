"""The answer cards: a role, a task, a team approach, and the approaches side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from handlers.blocks.core import (
    BULLET,
    Block,
    Message,
    _bulleted,
    _context,
    _divider,
    _fields,
    _header,
    _join,
    _message,
    _section,
    _sections,
    escape,
)
from handlers.blocks.names import _role_names
from handlers.blocks.org import HERE, IN_THIS_ORG, org_line
from knowledge.base.model import Approach, CompanySize, KnowledgeBase, OwnerVariant, Role, SizeNote, Task

_SIZE_LABELS: Final[dict[CompanySize, str]] = {
    "startup": "startups",
    "small": "small companies",
    "medium": "mid-size companies",
    "large": "large companies",
}


def _sizes(sizes: Sequence[CompanySize]) -> str:
    label = _join([_SIZE_LABELS[size] for size in sizes])
    return label[:1].upper() + label[1:]


def _size_notes(notes: Sequence[SizeNote]) -> str:
    lines = [f"{BULLET} *{_sizes(note.sizes)}:* {escape(note.text)}" for note in notes]
    return "*By company size*\n" + "\n".join(lines) if lines else ""


def build_role_card(role: Role, kb: KnowledgeBase) -> Message:
    works_with = _role_names(role.works_with, kb)
    blocks = [
        _header(escape(role.name)),
        *_sections(
            [
                escape(role.summary),
                org_line(IN_THIS_ORG, kb.org.for_role(role.id)),
                _bulleted("Responsibilities", role.responsibilities),
                _bulleted("Skills", role.skills),
                _bulleted("Not expected", role.not_expected),
                f"*Works with:* {', '.join(works_with)}" if works_with else "",
                _size_notes(role.by_company_size),
            ]
        ),
    ]
    return _message(f"{escape(role.name)}: {escape(role.summary)}", blocks)


def _owner_lines(owners: Sequence[str], kb: KnowledgeBase) -> tuple[str, str]:
    """(accountable owner, contributors), escaped role names; contributors "" when there are none."""
    names = _role_names(owners, kb)
    return (names[0] if names else "nobody yet"), _join(names[1:])


def _variant(variant: OwnerVariant, kb: KnowledgeBase) -> str:
    owner, contributors = _owner_lines(variant.owners, kb)
    line = f"{BULLET} *{_sizes(variant.sizes)}:* {owner}"
    if contributors:
        line += f", with {contributors}"
    if variant.note:
        line += f". {escape(variant.note)}"
    return line


def build_task_card(task: Task, kb: KnowledgeBase) -> Message:
    owner, contributors = _owner_lines(task.owners, kb)
    ownership = f"*Owner:* {owner}"
    if contributors:
        ownership += f"\n*Contributors:* {contributors}"
    variants = [_variant(variant, kb) for variant in task.by_company_size]
    blocks = [
        _header(escape(task.name)),
        *_sections(
            [
                ownership,
                org_line(HERE, kb.org.for_task(task.id, task.owners)),
                escape(task.summary),
                "*By company size*\n" + "\n".join(variants) if variants else "",
            ]
        ),
    ]
    text = f"{escape(task.name)}: owned by {owner}"
    text += f", with {contributors}." if contributors else "."
    return _message(text, blocks)


def build_approach_card(approach: Approach, kb: KnowledgeBase) -> Message:
    team = _role_names(approach.roles, kb)
    blocks = [
        _header(escape(approach.name)),
        *_sections(
            [
                escape(approach.summary),
                _bulleted("Strengths", approach.strengths),
                _bulleted("Weaknesses", approach.weaknesses),
                _bulleted("Choose it when", approach.choose_when),
                f"*Team:* {', '.join(team)}" if team else "",
            ]
        ),
    ]
    return _message(f"{escape(approach.name)}: {escape(approach.summary)}", blocks)


def _comparison_rows(pair: Sequence[Approach], kb: KnowledgeBase) -> list[Block]:
    """Side-by-side rows (one fields section each) for up to two approaches."""
    columns = [
        [
            f"*{escape(a.name)}*\n{escape(a.summary)}",
            _bulleted("Strengths", a.strengths),
            _bulleted("Weaknesses", a.weaknesses),
            _bulleted("Choose it when", a.choose_when),
            f"*Team*\n{', '.join(_role_names(a.roles, kb))}" if a.roles else "",
        ]
        for a in pair
    ]
    rows = []
    for row in zip(*columns, strict=True):
        if any(cell for cell in row):
            rows.append(_fields([cell or "—" for cell in row]))
    return rows


def build_comparison(kb: KnowledgeBase) -> Message:
    approaches = kb.approaches
    if not approaches:
        return _message(
            "There are no team approaches to compare yet.",
            [_section("There are no team approaches to compare yet: the knowledge base lists none.")],
        )
    blocks = [_header("Team approaches side by side")]
    for start in range(0, len(approaches), 2):
        if start:
            blocks.append(_divider())
        blocks.extend(_comparison_rows(approaches[start : start + 2], kb))
    blocks.append(_context(["Want a pick for your team? Ask me for a team recommendation."]))
    names = _join([escape(a.name) for a in approaches])
    return _message(f"Team approaches side by side: {names}.", blocks)
