"""Checks a parsed `recommendation:` section against the rest of the knowledge base: every id it mentions
exists with the right kind, every quote is found exactly once, and every approach can staff a first person.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.base.errors import LoadError
from knowledge.base.model import Approach
from knowledge.base.nodes import kind_error, normalize
from knowledge.base.rules import APPROACH_KEY, RosterSlot
from knowledge.base.rules_yaml import ParsedSection


def check_section(
    parsed: ParsedSection, *, kinds: Mapping[str, str], approaches: Mapping[str, Approach]
) -> list[LoadError]:
    """Every id the rules mention exists with the right kind, and every quote is found exactly once.

    `kinds` maps every declared id to its kind (`role`, `approach`, `task`).
    """
    errors: list[LoadError] = []
    for ref in parsed.refs:
        message = kind_error(ref.id, ref.kind, kinds, where=ref.what)
        if message is not None:
            errors.append(LoadError(ref.file, ref.line, message))
    for cref in parsed.citations:
        citation = cref.citation
        approach = approaches.get(citation.approach)
        if approach is None:
            continue  # reported above as an unknown approach
        items = getattr(approach, citation.list)
        count = sum(normalize(citation.quote) in normalize(item) for item in items)
        if count != 1:
            problem = "is not in" if count == 0 else f"occurs in {count} items of"
            errors.append(
                LoadError(
                    cref.file,
                    cref.line,
                    f"the quote '{citation.quote}' in {cref.what} {problem} the {citation.list} of approach "
                    f"'{citation.approach}'",
                )
            )
    rules = parsed.rules
    for approach_id in approaches:
        if not any(_lead_slot(slot, approach_id) for slot in rules.roster):
            errors.append(
                LoadError(
                    parsed.file,
                    parsed.roster_line,
                    f"the roster has no slot that is always staffed for approach '{approach_id}' (a slot "
                    "whose `when` names only that approach and that is never filled from outside): a team "
                    "needs one to put its first person in",
                )
            )
    return errors


def _lead_slot(slot: RosterSlot, approach_id: str) -> bool:
    if slot.outside or slot.when.keys() - {APPROACH_KEY}:
        return False
    return all(approach_id in allowed for key, allowed in slot.when.values if key == APPROACH_KEY)
