"""One parser per top-level section of the knowledge base (`roles`, `approaches`, `tasks`, `synonyms`,
`recommendation`), each reading its node into the shared `Draft` and reporting problems to the file's
context. `knowledge.base.schema` registers them in `SECTIONS`."""

from __future__ import annotations

from typing import Final

from yaml.nodes import Node

from knowledge.base.draft import (
    Draft,
)
from knowledge.base.entry_head import entries, read_head, read_sizes, role_ids, texts
from knowledge.base.model import (
    Approach,
    OwnerVariant,
    Role,
    SizeNote,
    Synonym,
    Task,
)
from knowledge.base.nodes import (
    FileContext,
    line_of,
    normalize,
    read_fields,
    read_list,
    read_pairs,
    read_text,
    read_text_list,
)
from knowledge.base.org_yaml import parse_org
from knowledge.base.rules_yaml import parse_section

# --- roles -------------------------------------------------------------------------------------------------

_ROLE_LISTS: Final = ("responsibilities", "skills", "not_expected")


def parse_roles(node: Node, ctx: FileContext, draft: Draft) -> None:
    items = entries(node, ctx, draft, section="roles")
    draft.role_nodes += len(items)
    for item in items:
        role = _parse_role(item, ctx, draft)
        if role is not None:
            draft.roles.append(role)


def _parse_role(node: Node, ctx: FileContext, draft: Draft) -> Role | None:
    head, fields, what = read_head(
        node, ctx, draft, kind="role", optional=(*_ROLE_LISTS, "works_with", "by_company_size")
    )
    lists = {name: texts(fields, name, ctx, what=what) for name in _ROLE_LISTS}
    works_with: tuple[str, ...] | None = ()
    if "works_with" in fields:
        works_with = role_ids(fields["works_with"], ctx, draft, what=f"works_with of {what}")
        if head is not None and works_with is not None and head.id in works_with:
            ctx.error(fields["works_with"], f"{what} lists itself in works_with")
    notes: tuple[SizeNote, ...] | None = ()
    if "by_company_size" in fields:
        notes = _parse_size_notes(fields["by_company_size"], ctx, what=f"by_company_size of {what}")
    if head is None or works_with is None or notes is None:
        return None
    return Role(
        id=head.id,
        name=head.name,
        summary=head.summary,
        aliases=head.aliases,
        keywords=head.keywords,
        responsibilities=lists["responsibilities"],
        skills=lists["skills"],
        not_expected=lists["not_expected"],
        works_with=works_with,
        by_company_size=notes,
        source=head.source,
    )


def _parse_size_notes(node: Node, ctx: FileContext, *, what: str) -> tuple[SizeNote, ...] | None:
    items = read_list(node, ctx, what=what)
    if items is None:
        return None
    notes: list[SizeNote] = []
    ok = True
    for item in items:
        fields = read_fields(item, ctx, what=f"an item of {what}", required=("sizes", "text"), optional=())
        if fields is None:
            ok = False
            continue
        sizes = read_sizes(fields["sizes"], ctx, what=f"sizes in {what}") if "sizes" in fields else None
        text = read_text(fields["text"], ctx, what=f"text in {what}") if "text" in fields else None
        if sizes is None or text is None:
            ok = False
            continue
        notes.append(SizeNote(sizes=sizes, text=text))
    return tuple(notes) if ok else None


# --- approaches --------------------------------------------------------------------------------------------

_APPROACH_LISTS: Final = ("strengths", "weaknesses", "choose_when")


def parse_approaches(node: Node, ctx: FileContext, draft: Draft) -> None:
    for item in entries(node, ctx, draft, section="approaches"):
        approach = _parse_approach(item, ctx, draft)
        if approach is not None:
            draft.approaches.append(approach)


def _parse_approach(node: Node, ctx: FileContext, draft: Draft) -> Approach | None:
    head, fields, what = read_head(node, ctx, draft, kind="approach", optional=(*_APPROACH_LISTS, "roles"))
    lists = {name: texts(fields, name, ctx, what=what) for name in _APPROACH_LISTS}
    roles: tuple[str, ...] | None = ()
    if "roles" in fields:
        roles = role_ids(fields["roles"], ctx, draft, what=f"roles of {what}")
    if head is None or roles is None:
        return None
    return Approach(
        id=head.id,
        name=head.name,
        summary=head.summary,
        aliases=head.aliases,
        keywords=head.keywords,
        strengths=lists["strengths"],
        weaknesses=lists["weaknesses"],
        choose_when=lists["choose_when"],
        roles=roles,
        source=head.source,
    )


# --- tasks -------------------------------------------------------------------------------------------------


def parse_tasks(node: Node, ctx: FileContext, draft: Draft) -> None:
    for item in entries(node, ctx, draft, section="tasks"):
        task = _parse_task(item, ctx, draft)
        if task is not None:
            draft.tasks.append(task)


def _parse_task(node: Node, ctx: FileContext, draft: Draft) -> Task | None:
    head, fields, what = read_head(
        node, ctx, draft, kind="task", required=("owners",), optional=("by_company_size",)
    )
    owners: tuple[str, ...] | None = None
    if "owners" in fields:
        owners = role_ids(fields["owners"], ctx, draft, what=f"owners of {what}", required=True)
    variants: tuple[OwnerVariant, ...] | None = ()
    if "by_company_size" in fields:
        variants = _parse_owner_variants(
            fields["by_company_size"], ctx, draft, what=f"by_company_size of {what}"
        )
    if head is None or owners is None or variants is None:
        return None
    return Task(
        id=head.id,
        name=head.name,
        summary=head.summary,
        owners=owners,
        aliases=head.aliases,
        keywords=head.keywords,
        by_company_size=variants,
        source=head.source,
    )


def _parse_owner_variants(
    node: Node, ctx: FileContext, draft: Draft, *, what: str
) -> tuple[OwnerVariant, ...] | None:
    items = read_list(node, ctx, what=what)
    if items is None:
        return None
    variants: list[OwnerVariant] = []
    size_lines: dict[str, int | None] = {}
    ok = True
    for item in items:
        fields = read_fields(
            item, ctx, what=f"an item of {what}", required=("sizes", "owners"), optional=("note",)
        )
        if fields is None:
            ok = False
            continue
        sizes = read_sizes(fields["sizes"], ctx, what=f"sizes in {what}") if "sizes" in fields else None
        owners = (
            role_ids(fields["owners"], ctx, draft, what=f"owners in {what}", required=True)
            if "owners" in fields
            else None
        )
        note = read_text(fields["note"], ctx, what=f"note in {what}") if "note" in fields else ""
        if sizes is not None:
            for size in sizes:
                if size in size_lines:
                    ctx.error(
                        fields["sizes"],
                        f"company size '{size}' already has owners in {what} (line {size_lines[size]})",
                    )
                    ok = False
                else:
                    size_lines[size] = line_of(fields["sizes"])
        if sizes is None or owners is None or note is None:
            ok = False
            continue
        variants.append(OwnerVariant(sizes=sizes, owners=owners, note=note))
    return tuple(variants) if ok else None


# --- synonyms ----------------------------------------------------------------------------------------------


def parse_synonyms(node: Node, ctx: FileContext, draft: Draft) -> None:
    """`canonical: [variant, ...]`. Both sides are stored normalized (lowercase, single spaces)."""
    pairs = read_pairs(node, ctx, what="the 'synonyms' section")
    if pairs is None:
        draft.complete = False
        return
    owner: dict[str, tuple[str, Node]] = {}
    for canonical_text, key_node, value_node in pairs:
        canonical = normalize(canonical_text)
        variants = read_text_list(value_node, ctx, what=f"synonyms of '{canonical_text}'")
        if variants is None:
            continue
        if not value_node.value:
            ctx.error(key_node, f"synonyms of '{canonical_text}' is an empty list")
        for variant_text, variant_node in variants:
            word = normalize(variant_text)
            if word == canonical:
                ctx.error(variant_node, f"'{variant_text}' is listed as a synonym of itself")
                continue
            if word in owner:
                first, first_node = owner[word]
                ctx.error(
                    variant_node,
                    f"synonym '{variant_text}' is listed under both '{first}' (line {line_of(first_node)}) "
                    f"and '{canonical}'",
                )
                continue
            owner[word] = (canonical, variant_node)
            draft.synonyms.append(Synonym(word=word, canonical=canonical))


def parse_recommendation(node: Node, ctx: FileContext, draft: Draft) -> None:
    parsed = parse_section(node, ctx)
    if parsed is None:
        draft.complete = False
        return
    draft.recommendation = parsed


def parse_org_section(node: Node, ctx: FileContext, draft: Draft) -> None:
    parsed = parse_org(node, ctx)
    if parsed is None:
        draft.complete = False
        return
    draft.org = parsed
