"""Checks across the whole knowledge base, once every file is read: unique ids, known roles, names that lead
to one entry, a base with roles, and recommendation rules that match the rest. Registered in
`knowledge.base.schema.CHECKS`."""

from __future__ import annotations

from knowledge.base.draft import (
    Claim,
    Declared,
    Draft,
)
from knowledge.base.errors import LoadError
from knowledge.base.nodes import (
    article,
    suggest,
)
from knowledge.base.org_yaml import check_org
from knowledge.base.rules_check import check_section


def check_unique_ids(draft: Draft, errors: list[LoadError]) -> None:
    """Ids are unique across roles, approaches and tasks, so an id alone names an entry."""
    first: dict[str, Declared] = {}
    for declared in draft.ids:
        if declared.id in first:
            other = first[declared.id]
            errors.append(
                LoadError(
                    declared.where.file,
                    declared.where.line,
                    f"duplicate id '{declared.id}': already used by the {other.kind} at {other.where}",
                )
            )
        else:
            first[declared.id] = declared


def check_role_refs(draft: Draft, errors: list[LoadError]) -> None:
    """Every role id mentioned names a role. Skipped on an incomplete draft: the role may be unread."""
    if not draft.complete:
        return
    role_ids = [declared.id for declared in draft.ids if declared.kind == "role"]
    known = set(role_ids)
    other_kinds = {declared.id: declared.kind for declared in draft.ids if declared.kind != "role"}
    for ref in draft.role_refs:
        if ref.role_id in known:
            continue
        kind = other_kinds.get(ref.role_id)
        if kind is None:
            message = f"unknown role '{ref.role_id}' in {ref.what}{suggest(ref.role_id, role_ids)}"
        else:
            message = f"'{ref.role_id}' in {ref.what} is {article(kind)} {kind}, not a role"
        errors.append(LoadError(ref.where.file, ref.where.line, message))


def check_claims(draft: Draft, errors: list[LoadError]) -> None:
    """A name people type (an id, name or alias) must lead to one entry only."""
    first: dict[str, Claim] = {}
    for claim in draft.claims:
        other = first.get(claim.key)
        if other is None:
            first[claim.key] = claim
            continue
        if other.entry.id == claim.entry.id or (claim.field == "id" and other.field == "id"):
            continue  # the same entry, or a duplicate id (reported by check_unique_ids)
        errors.append(
            LoadError(
                claim.where.file,
                claim.where.line,
                f"{claim.field} '{claim.text}' of {claim.entry.kind} '{claim.entry.id}' is already the "
                f"{other.field} of {other.entry.kind} '{other.entry.id}' ({other.where})",
            )
        )


def check_has_roles(draft: Draft, errors: list[LoadError]) -> None:
    """A base needs roles. Skipped on an incomplete draft: they may be in the file that could not be read."""
    if draft.complete and draft.role_nodes == 0:
        errors.append(LoadError(draft.source, None, "the knowledge base defines no roles"))


def check_recommendation(draft: Draft, errors: list[LoadError]) -> None:
    """The rules name known roles, tasks and approaches, and quote the approaches' own words."""
    if draft.recommendation is None:
        return
    kinds = {declared.id: declared.kind for declared in draft.ids}
    approaches = {approach.id: approach for approach in draft.approaches}
    errors.extend(check_section(draft.recommendation, kinds=kinds, approaches=approaches))


def check_org_section(draft: Draft, errors: list[LoadError]) -> None:
    """The org mappings name known roles and tasks. Skipped on an incomplete draft, as `check_role_refs`."""
    if draft.org is None or not draft.complete:
        return
    errors.extend(check_org(draft.org, kinds={declared.id: declared.kind for declared in draft.ids}))
