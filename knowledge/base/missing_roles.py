"""The `missing_roles` section: roles people ask about that the knowledge base does not describe.

    missing_roles:
      - id: product-manager
        name: Product Manager
        aliases: [PM, product owner]
        closest: [domain-expert, ml-scientist]
        note: Decides what the product should do and why ...

A question naming one gets an honest answer naming the closest roles (`closest`, role ids that must exist),
never a guess. Names and aliases must not clash with an entry's (`check_claims`), so a name leads to one
thing only.
"""

from __future__ import annotations

from yaml.nodes import Node

from knowledge.base.draft import ID_PATTERN, Claim, Declared, Draft, RoleRef, where_of
from knowledge.base.model import MissingRole
from knowledge.base.nodes import FileContext, normalize, read_fields, read_list, read_text, read_text_list


def parse_missing_roles(node: Node, ctx: FileContext, draft: Draft) -> None:
    items = read_list(node, ctx, what="the 'missing_roles' section")
    if items is None:
        draft.complete = False
        return
    for item in items:
        missing = _parse_missing_role(item, ctx, draft)
        if missing is not None:
            draft.missing_roles.append(missing)


def _parse_missing_role(node: Node, ctx: FileContext, draft: Draft) -> MissingRole | None:
    fields = read_fields(
        node, ctx, what="a missing role", required=("id", "name", "note", "closest"), optional=("aliases",)
    )
    if fields is None:
        return None
    role_id = read_text(fields["id"], ctx, what="missing role id") if "id" in fields else None
    if role_id is not None and not ID_PATTERN.fullmatch(role_id):
        ctx.error(fields["id"], f"missing role id '{role_id}' must be kebab-case")
        role_id = None
    what = f"missing role '{role_id}'"
    name = read_text(fields["name"], ctx, what=f"name of {what}") if "name" in fields else None
    note = read_text(fields["note"], ctx, what=f"note of {what}") if "note" in fields else None
    closest = (
        _closest(fields["closest"], ctx, draft, what=f"closest of {what}") if "closest" in fields else None
    )
    aliases = read_text_list(fields["aliases"], ctx, what=f"aliases of {what}") if "aliases" in fields else []
    if role_id is None or name is None or note is None or closest is None or aliases is None:
        return None
    declared = Declared(role_id, "missing role", where_of(ctx, fields["id"]))
    draft.claims.append(Claim(normalize(name), name, "name", declared, where_of(ctx, fields["name"])))
    for alias, alias_node in aliases:
        draft.claims.append(Claim(normalize(alias), alias, "alias", declared, where_of(ctx, alias_node)))
    return MissingRole(
        id=role_id, name=name, note=note, closest=closest, aliases=tuple(alias for alias, _ in aliases)
    )


def _closest(node: Node, ctx: FileContext, draft: Draft, *, what: str) -> tuple[str, ...] | None:
    items = read_text_list(node, ctx, what=what)
    if items is None:
        return None
    if not items:
        ctx.error(node, f"{what} must name at least one role")
        return None
    for value, item in items:
        draft.role_refs.append(RoleRef(value, what, where_of(ctx, item)))
    return tuple(value for value, _ in items)
