"""The knowledge-base schema: one parser per top-level section, then checks across the whole base.

How it fits together: the loader composes each file, and for every top-level key looks up `SECTIONS`
(section name -> parser). A parser reads its section's node into a shared `Draft`, reporting problems through
the file's `FileContext`, and records what later checks need: the ids it declares (`Draft.ids`), the names
people may type (`Draft.claims`) and the role ids it mentions (`Draft.role_refs`). Once every file is read,
each function in `CHECKS` looks across the draft (duplicate ids, unknown roles, clashing aliases, an empty
base), and `build` turns a draft with no errors into a frozen `KnowledgeBase`. The loader itself enforces
that a section appears in only one file.

To add a section (say `recommendation`, team-recommendation rules):
1. give `Draft` a field for the parsed rules;
2. write `parse_recommendation(node, ctx, draft)` in `knowledge.base.sections` with the readers in
   `knowledge.base.nodes`, append to the new field, append role ids it mentions to `draft.role_refs` (they
   are then checked for free), and register it in `SECTIONS`;
3. for anything else to check across sections (e.g. rules naming known approaches), write
   `check_recommendation(draft, errors)` in `knowledge.base.checks` and add it to `CHECKS`;
4. pass the field to the model in `build`.
The loader's loop does not change.
"""

from __future__ import annotations

from typing import Final

from knowledge.base.checks import (
    check_claims,
    check_has_roles,
    check_org_section,
    check_recommendation,
    check_role_refs,
    check_unique_ids,
)
from knowledge.base.draft import (
    Check,
    Draft,
    SectionParser,
)
from knowledge.base.missing_roles import parse_missing_roles
from knowledge.base.model import (
    KnowledgeBase,
)
from knowledge.base.org import NO_ORG, OrgDirectory
from knowledge.base.org_yaml import SECTION as ORG_SECTION
from knowledge.base.sections import (
    parse_approaches,
    parse_org_section,
    parse_recommendation,
    parse_roles,
    parse_synonyms,
    parse_tasks,
)

SECTIONS: Final[dict[str, SectionParser]] = {
    "roles": parse_roles,
    "approaches": parse_approaches,
    "tasks": parse_tasks,
    "synonyms": parse_synonyms,
    "recommendation": parse_recommendation,
    "missing_roles": parse_missing_roles,
    ORG_SECTION: parse_org_section,
}


CHECKS: Final[tuple[Check, ...]] = (
    check_unique_ids,
    check_role_refs,
    check_claims,
    check_has_roles,
    check_recommendation,
    check_org_section,
)


def build(draft: Draft, *, version: str) -> KnowledgeBase:
    """The frozen snapshot of a draft that passed every check."""
    return KnowledgeBase(
        version=version,
        source=draft.source,
        roles=tuple(draft.roles),
        approaches=tuple(draft.approaches),
        tasks=tuple(draft.tasks),
        synonyms=tuple(draft.synonyms),
        recommendation=None if draft.recommendation is None else draft.recommendation.rules,
        missing_roles=tuple(draft.missing_roles),
        org=NO_ORG if draft.org is None else OrgDirectory(draft.org.mappings),
    )
