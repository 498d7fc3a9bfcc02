"""What every role, approach and task starts with (id, name, summary, aliases, keywords, source) and the
small readers the section parsers (`knowledge.base.sections`) share: entries of a section, company sizes,
role ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from yaml.nodes import Node

from knowledge.base.draft import (
    ID_PATTERN,
    Claim,
    Declared,
    Draft,
    Kind,
    RoleRef,
    where_of,
)
from knowledge.base.model import (
    COMPANY_SIZES,
    SOURCES,
    CompanySize,
    Source,
)
from knowledge.base.nodes import (
    FileContext,
    line_of,
    normalize,
    read_choice,
    read_fields,
    read_list,
    read_text,
    read_text_list,
    suggest,
)

_ENTRY_REQUIRED: Final = ("id", "name", "summary")
_ENTRY_OPTIONAL: Final = ("aliases", "keywords", "source")


@dataclass(frozen=True, slots=True)
class Head:
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    declared: Declared
    source: Source | None


def _read_id(node: Node, ctx: FileContext, *, what: str) -> str | None:
    value = read_text(node, ctx, what=what)
    if value is None:
        return None
    if not ID_PATTERN.fullmatch(value):
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f", e.g. '{fixed}'" if fixed else ""
        ctx.error(node, f"{what} '{value}' must be kebab-case (lowercase letters, digits, hyphens{hint})")
        return None
    return value


def texts(fields: dict[str, Node], name: str, ctx: FileContext, *, what: str) -> tuple[str, ...]:
    node = fields.get(name)
    if node is None:
        return ()
    items = read_text_list(node, ctx, what=f"{name} of {what}")
    return () if items is None else tuple(value for value, _ in items)


def role_ids(
    node: Node, ctx: FileContext, draft: Draft, *, what: str, required: bool = False
) -> tuple[str, ...] | None:
    """A list of role ids; each is recorded in `draft.role_refs` for `check_role_refs`."""
    items = read_text_list(node, ctx, what=what)
    if items is None:
        return None
    if required and not node.value:
        ctx.error(node, f"{what} must name at least one role")
        return None
    ids: list[str] = []
    for value, item in items:
        draft.role_refs.append(RoleRef(value, what, where_of(ctx, item)))
        ids.append(value)
    return tuple(ids)


def read_head(
    node: Node,
    ctx: FileContext,
    draft: Draft,
    *,
    kind: Kind,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...],
) -> tuple[Head | None, dict[str, Node], str]:
    """Read and register an entry's id, name, summary, aliases and keywords.

    Returns the head (None if any of it is wrong), all the entry's fields, and how messages name it."""
    fields = read_fields(
        node,
        ctx,
        what=f"a {kind}",
        required=(*_ENTRY_REQUIRED, *required),
        optional=(*_ENTRY_OPTIONAL, *optional),
    )
    if fields is None:
        return None, {}, f"the {kind} on line {line_of(node)}"
    entry_id = _read_id(fields["id"], ctx, what=f"{kind} id") if "id" in fields else None
    what = f"{kind} '{entry_id}'" if entry_id else f"the {kind} on line {line_of(node)}"
    name = read_text(fields["name"], ctx, what=f"name of {what}") if "name" in fields else None
    summary = read_text(fields["summary"], ctx, what=f"summary of {what}") if "summary" in fields else None
    aliases_node = fields.get("aliases")
    aliases = None if aliases_node is None else read_text_list(aliases_node, ctx, what=f"aliases of {what}")
    keywords = texts(fields, "keywords", ctx, what=what)
    source_node = fields.get("source")
    source = (
        None
        if source_node is None
        else read_choice(source_node, ctx, what=f"source of {what}", choices=SOURCES)
    )
    if entry_id is None:
        return None, fields, what
    declared = Declared(entry_id, kind, where_of(ctx, fields["id"]))
    draft.ids.append(declared)
    draft.claims.append(Claim(normalize(entry_id), entry_id, "id", declared, declared.where))
    if name is not None:
        draft.claims.append(Claim(normalize(name), name, "name", declared, where_of(ctx, fields["name"])))
    for alias, alias_node in aliases or ():
        draft.claims.append(Claim(normalize(alias), alias, "alias", declared, where_of(ctx, alias_node)))
    if name is None or summary is None or (source_node is not None and source is None):
        return None, fields, what
    alias_texts = tuple(alias for alias, _ in aliases or ())
    sourced = next((s for s in SOURCES if s == source), None)
    return Head(entry_id, name, summary, alias_texts, keywords, declared, sourced), fields, what


def entries(node: Node, ctx: FileContext, draft: Draft, *, section: str) -> list[Node]:
    items = read_list(node, ctx, what=f"the '{section}' section")
    if items is None:
        draft.complete = False
        return []
    return items


def read_sizes(node: Node, ctx: FileContext, *, what: str) -> tuple[CompanySize, ...] | None:
    items = read_text_list(node, ctx, what=what)
    if items is None:
        return None
    if not items:
        if not node.value:
            ctx.error(node, f"{what} must name at least one company size")
        return None
    sizes: list[CompanySize] = []
    ok = True
    for value, item in items:
        size = next((s for s in COMPANY_SIZES if s == value), None)
        if size is None:
            ctx.error(
                item,
                f"unknown company size '{value}' in {what}{suggest(value, COMPANY_SIZES)}; "
                f"expected one of {', '.join(COMPANY_SIZES)}",
            )
            ok = False
        else:
            sizes.append(size)
    return tuple(sizes) if ok else None
