"""A team recommendation as a message, and what to say when the inputs cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from handlers.blocks.core import (
    BULLET,
    Message,
    _actions,
    _bulleted,
    _button,
    _context,
    _header,
    _join,
    _message,
    _section,
    _sections,
    build_notice,
    escape,
)
from handlers.blocks.names import _escaped_name, _Names, _names
from handlers.blocks.org import owners_here
from knowledge.base.model import KnowledgeBase
from knowledge.recommend import (
    INPUT_KEYS,
    Recommendation,
    RecommendError,
    RecommendInputs,
    RosterEntry,
    infer_inputs,
    phrase,
    recommend,
    usage,
)

_MODE_LABELS: Final[dict[str, str]] = {
    "full-time": "full-time",
    "part-time": "part-time",
    "shared": "shared with another team",
    "outsourced": "outsourced",
}
TIMES: Final = "\u00d7"
"""The multiplication sign, as in "2 x ML Engineer" (a real sign, not the letter)."""
MAX_RECOMMEND_ITEMS: Final = 12
"""Rationale, risks and assumptions shown at most, each: the rest is summarized."""


def describe_inputs(inputs: RecommendInputs) -> str:
    """`a startup · 5 people · models go to production · heavy labeling · …` (plain text, not escaped)."""
    return " · ".join([phrase(inputs, key) for key in INPUT_KEYS])


def _roster_line(entry: RosterEntry, names: _Names) -> str:
    name = _escaped_name(names.roles, entry.role)
    mode = _MODE_LABELS.get(entry.mode, escape(entry.mode))
    if entry.count == 0:
        return f"{BULLET} {name}: {mode} (not in the headcount)"
    return f"{BULLET} {entry.count} {TIMES} {name}, {mode}"


def _owners_line(task_id: str, owners: Sequence[str], names: _Names) -> str:
    name = _escaped_name(names.tasks, task_id)
    if not owners:
        return f"{BULLET} *{name}:* nobody yet"
    roles = names.roles
    owner = _escaped_name(roles, owners[0])
    if len(owners) == 1:
        return f"{BULLET} *{name}:* {owner}"
    return f"{BULLET} *{name}:* {owner}, with {_join([_escaped_name(roles, r) for r in owners[1:]])}"


def _here(line: str, owners: str) -> str:
    """An owner line, with who that is in this organization when `org.yaml` says (`owners_here`)."""
    return f"{line} — here: {owners}" if owners else line


def _capped(items: Sequence[str]) -> list[str]:
    shown = list(items[:MAX_RECOMMEND_ITEMS])
    if len(items) > MAX_RECOMMEND_ITEMS:
        shown.append(f"…and {len(items) - MAX_RECOMMEND_ITEMS} more")
    return shown


def build_recommendation(
    rec: Recommendation, kb: KnowledgeBase, *, adjust_action_id: str | None = None
) -> Message:
    """A team recommendation: approach, roster, owners, why, risks and assumptions.

    With `adjust_action_id`, an "Adjust the inputs" button carries the inputs as `KEY=VALUE` pairs (its
    value), so the handler can open the form prefilled.
    """
    names = _names(kb)
    approach = _escaped_name(names.approaches, rec.approach)
    headcount = rec.headcount
    people = "1 person" if headcount == 1 else f"{headcount} people"
    roster = [_roster_line(entry, names) for entry in rec.roster]
    owners = [
        _here(_owners_line(task_id, role_ids, names), owners_here(kb.org.for_task(task_id, role_ids)))
        for task_id, role_ids in rec.owners.items()
    ]
    blocks = [
        _header(f"Recommended team: {approach}"),
        _context([f"For {escape(describe_inputs(rec.inputs))}"]),
        *_sections(
            [
                f"*Roster* ({people})\n" + "\n".join(roster),
                "*Who owns what* (accountable first)\n" + "\n".join(owners) if owners else "",
                _bulleted("Why", _capped(rec.rationale)),
                _bulleted("Risks", _capped(rec.risks)),
            ]
        ),
    ]
    if rec.assumptions:
        blocks.append(_context([escape(assumption) for assumption in rec.assumptions]))
    if adjust_action_id is not None:
        pairs = " ".join([f"{key}={value}" for key, value in rec.inputs.facts().items()])
        blocks.append(_actions([_button("Adjust the inputs", action_id=adjust_action_id, value=pairs)]))
    members = [
        f"{entry.count} {TIMES} {_escaped_name(names.roles, entry.role)}"
        for entry in rec.roster
        if entry.count > 0
    ]
    text = f"Recommended team: {approach}, {people}: {_join(members)}."
    if rec.risks:
        text += f" {len(rec.risks)} risk{'' if len(rec.risks) == 1 else 's'} to watch."
    return _message(text, blocks)


NO_RECOMMENDATION_RULES: Final = (
    "Sorry, I can't recommend a team yet: this knowledge base has no team-recommendation rules. "
    "An admin can add a `recommendation:` section to it."
)


def build_team_recommendation(
    inputs: RecommendInputs,
    kb: KnowledgeBase,
    *,
    assumptions: Sequence[str] = (),
    adjust_action_id: str | None = None,
) -> Message:
    """The recommendation for `inputs` under `kb`'s rules, or a polite notice when `kb` has none."""
    try:
        rec = recommend(inputs, kb, assumptions=assumptions)
    except RecommendError:
        return build_notice(NO_RECOMMENDATION_RULES)
    return build_recommendation(rec, kb, adjust_action_id=adjust_action_id)


def build_recommendation_for(text: str, kb: KnowledgeBase, *, adjust_action_id: str | None = None) -> Message:
    """The recommendation free text asks for ("a team for a 5 person startup"): what the words say, and the
    defaults, named as assumptions, for the rest."""
    inputs, assumptions = infer_inputs(text)
    return build_team_recommendation(inputs, kb, assumptions=assumptions, adjust_action_id=adjust_action_id)


def build_recommend_input_error(error: str, *, command: str) -> Message:
    """Inputs the recommender cannot read: what is wrong (`error`, which may quote the user) and every key
    with its allowed values. `command` is how to ask, e.g. `/mlrole recommend`."""
    example = f"{command} size=startup people=5 production=yes"
    blocks = [
        _section(escape(error)),
        _section(f"*Inputs* (any order, each optional)\n```{escape(usage())}```"),
        _context([f"For example `{escape(example)}`, or `{escape(command)}` alone for a form."]),
    ]
    return _message(escape(error), blocks)
