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
from knowledge.base.model import (
    COMPANY_SIZES,
    Approach,
    CompanySize,
    Entry,
    KnowledgeBase,
    OwnerVariant,
    Role,
    SizeNote,
    Task,
)

_SIZE_LABELS: Final[dict[CompanySize, str]] = {
    "startup": "startups",
    "small": "small companies",
    "medium": "mid-size companies",
    "large": "large companies",
}


PRACTICE_NOTE: Final = "Common practice, not from the source document."
"""The context line of an entry marked `source: practice`, so nobody mistakes it for the document."""
_MAX_NOTE_LABEL: Final = 40
"""A note opening with a label this short and a colon ("Big companies: ...") names its sizes itself."""
_MOST: Final = len(COMPANY_SIZES) // 2 + 1
"""An accountable owner in this many company sizes holds "in most sizes"; otherwise it depends on size."""


def _sizes(sizes: Sequence[CompanySize]) -> str:
    label = _join([_SIZE_LABELS[size] for size in sizes])
    return label[:1].upper() + label[1:]


def _own_label(text: str) -> tuple[str, str]:
    """(label, rest) of a text that opens with its own label ("Big companies: ..."); ("", text) if none."""
    label, colon, rest = text.partition(":")
    if colon and rest.strip() and len(label) <= _MAX_NOTE_LABEL and "." not in label:
        return label.strip(), rest.strip()
    return "", text


def _labelled(sizes: Sequence[CompanySize], text: str, *, lead: str = "") -> str:
    """`• *Sizes:* lead text`, labelled by the text's own label when it has one ("Big companies: ..."), so
    the sizes are never said twice."""
    label, rest = _own_label(text)
    said = " ".join(part for part in (lead, escape(rest)) if part)
    return f"{BULLET} *{escape(label) if label else _sizes(sizes)}:* {said}"


def _size_notes(notes: Sequence[SizeNote]) -> str:
    lines = [_labelled(note.sizes, note.text) for note in notes]
    return "*By company size*\n" + "\n".join(lines) if lines else ""


def _provenance(entry: Entry) -> list[Block]:
    """A discreet context line for an entry from common practice (none for the document's own)."""
    return [_context([f"_{PRACTICE_NOTE}_"])] if entry.source == "practice" else []


def build_role_card(role: Role, kb: KnowledgeBase) -> Message:
    works_with = _role_names(role.works_with, kb)
    blocks = [
        _header(escape(role.name)),
        *_provenance(role),
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
    who = f"{owner}, with {contributors}." if contributors else f"{owner}."
    return _labelled(variant.sizes, variant.note, lead=who)


def owners_by_size(task: Task) -> dict[CompanySize, tuple[str, ...]]:
    """The task's owners at every company size (sizes its `by_company_size` does not list use `owners`)."""
    found = {size: task.owners for size in COMPANY_SIZES}
    for variant in task.by_company_size:
        for size in variant.sizes:
            found[size] = variant.owners
    return found


def _headline(task: Task, kb: KnowledgeBase) -> tuple[str, str]:
    """(the card's ownership lines, the text fallback's): the accountable owner that holds in most company
    sizes, or, when none does, each size's."""
    by_size = owners_by_size(task)
    accountable = [owners[0] for owners in by_size.values() if owners]
    common = max(set(accountable), key=accountable.count, default=None)
    if common is not None and accountable.count(common) >= _MOST:
        usual = next(owners for owners in by_size.values() if owners and owners[0] == common)
        owner, contributors = _owner_lines(usual, kb)
        others = [size for size, owners in by_size.items() if owners and owners[0] != common]
        lines = f"*Owner:* {owner}"
        if others:
            elsewhere = _owner_lines(by_size[others[0]], kb)[0]
            lines += f" ({elsewhere} at {_join([_SIZE_LABELS[s] for s in others])})"
        lines += f"\n*Contributors:* {contributors}" if contributors else ""
        text = f"owned by {owner}" + (f", with {contributors}" if contributors else "")
        return lines, text
    groups: dict[str, list[CompanySize]] = {}
    for size, owners in by_size.items():
        groups.setdefault(_owner_lines(owners, kb)[0], []).append(size)
    parts = [f"{owner} at {_join([_SIZE_LABELS[s] for s in sizes])}" for owner, sizes in groups.items()]
    said = "; ".join(parts)
    return f"*Owner:* depends on company size: {said}", f"owned by {said}"


def build_task_card(task: Task, kb: KnowledgeBase) -> Message:
    ownership, owned = _headline(task, kb)
    variants = [_variant(variant, kb) for variant in task.by_company_size]
    blocks = [
        _header(escape(task.name)),
        *_provenance(task),
        *_sections(
            [
                ownership,
                org_line(HERE, kb.org.for_task(task.id, task.owners)),
                escape(task.summary),
                "*By company size*\n" + "\n".join(variants) if variants else "",
            ]
        ),
    ]
    return _message(f"{escape(task.name)}: {owned}.", blocks)


def build_approach_card(approach: Approach, kb: KnowledgeBase) -> Message:
    team = _role_names(approach.roles, kb)
    blocks = [
        _header(escape(approach.name)),
        *_provenance(approach),
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
