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
2. write `parse_recommendation(node, ctx, draft)` with the readers in `knowledge.base.nodes`, append to the
new
   field, append role ids it mentions to `draft.role_refs` (they are then checked for free), and register it
   in `SECTIONS`;
3. for anything else to check across sections (e.g. rules naming known approaches), write
   `check_recommendation(draft, errors)` and add it to `CHECKS`;
4. pass the field to the model in `build`.
The loader's loop does not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from yaml.nodes import Node

from knowledge.base.errors import LoadError
from knowledge.base.model import (
    COMPANY_SIZES,
    Approach,
    CompanySize,
    KnowledgeBase,
    OwnerVariant,
    Role,
    SizeNote,
    Synonym,
    Task,
)
from knowledge.base.nodes import (
    FileContext,
    article,
    line_of,
    normalize,
    read_fields,
    read_list,
    read_pairs,
    read_text,
    read_text_list,
    suggest,
)
from knowledge.base.rules_check import check_section
from knowledge.base.rules_yaml import ParsedSection, parse_section

Kind = Literal["role", "approach", "task"]
_ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    line: int | None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Declared:
    """An entry id, where it is declared."""

    id: str
    kind: Kind
    where: Where


@dataclass(frozen=True, slots=True)
class Claim:
    """A name people may type that should lead to one entry: its id, name or an alias."""

    key: str
    """`normalize(text)`: claims are compared case-insensitively with whitespace collapsed."""
    text: str
    field: Literal["id", "name", "alias"]
    entry: Declared
    where: Where


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A role id mentioned by an entry (`what` says where, for the message)."""

    role_id: str
    what: str
    where: Where


@dataclass(slots=True)
class Draft:
    """Everything read so far.

    `complete` is False once a file or a whole section could not be read; checks that look for something
    missing (an unknown role, no roles at all) then return early, since what they miss may be in the part
    that could not be read. Checks for clashes (duplicate ids, aliases) still run: a clash is real anyway.
    """

    source: str
    roles: list[Role] = field(default_factory=list)
    approaches: list[Approach] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    recommendation: ParsedSection | None = None
    ids: list[Declared] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    role_refs: list[RoleRef] = field(default_factory=list)
    complete: bool = True
    role_nodes: int = 0
    """How many role entries were read, valid or not."""


SectionParser = Callable[[Node, FileContext, Draft], None]
Check = Callable[[Draft, list[LoadError]], None]


def _where(ctx: FileContext, node: Node) -> Where:
    return Where(ctx.file, line_of(node))


# --- fields shared by entries ------------------------------------------------------------------------------

_ENTRY_REQUIRED: Final = ("id", "name", "summary")
_ENTRY_OPTIONAL: Final = ("aliases", "keywords")


@dataclass(frozen=True, slots=True)
class _Head:
    id: str
    name: str
    summary: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    declared: Declared


def _read_id(node: Node, ctx: FileContext, *, what: str) -> str | None:
    value = read_text(node, ctx, what=what)
    if value is None:
        return None
    if not _ID_PATTERN.fullmatch(value):
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        hint = f", e.g. '{fixed}'" if fixed else ""
        ctx.error(node, f"{what} '{value}' must be kebab-case (lowercase letters, digits, hyphens{hint})")
        return None
    return value


def _texts(fields: dict[str, Node], name: str, ctx: FileContext, *, what: str) -> tuple[str, ...]:
    node = fields.get(name)
    if node is None:
        return ()
    items = read_text_list(node, ctx, what=f"{name} of {what}")
    return () if items is None else tuple(value for value, _ in items)


def _role_ids(
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
        draft.role_refs.append(RoleRef(value, what, _where(ctx, item)))
        ids.append(value)
    return tuple(ids)


def _read_head(
    node: Node,
    ctx: FileContext,
    draft: Draft,
    *,
    kind: Kind,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...],
) -> tuple[_Head | None, dict[str, Node], str]:
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
    keywords = _texts(fields, "keywords", ctx, what=what)
    if entry_id is None:
        return None, fields, what
    declared = Declared(entry_id, kind, _where(ctx, fields["id"]))
    draft.ids.append(declared)
    draft.claims.append(Claim(normalize(entry_id), entry_id, "id", declared, declared.where))
    if name is not None:
        draft.claims.append(Claim(normalize(name), name, "name", declared, _where(ctx, fields["name"])))
    for alias, alias_node in aliases or ():
        draft.claims.append(Claim(normalize(alias), alias, "alias", declared, _where(ctx, alias_node)))
    if name is None or summary is None:
        return None, fields, what
    alias_texts = tuple(alias for alias, _ in aliases or ())
    return _Head(entry_id, name, summary, alias_texts, keywords, declared), fields, what


def _entries(node: Node, ctx: FileContext, draft: Draft, *, section: str) -> list[Node]:
    items = read_list(node, ctx, what=f"the '{section}' section")
    if items is None:
        draft.complete = False
        return []
    return items


def _read_sizes(node: Node, ctx: FileContext, *, what: str) -> tuple[CompanySize, ...] | None:
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


# --- roles -------------------------------------------------------------------------------------------------

_ROLE_LISTS: Final = ("responsibilities", "skills", "not_expected")


def parse_roles(node: Node, ctx: FileContext, draft: Draft) -> None:
    items = _entries(node, ctx, draft, section="roles")
    draft.role_nodes += len(items)
    for item in items:
        role = _parse_role(item, ctx, draft)
        if role is not None:
            draft.roles.append(role)


def _parse_role(node: Node, ctx: FileContext, draft: Draft) -> Role | None:
    head, fields, what = _read_head(
        node, ctx, draft, kind="role", optional=(*_ROLE_LISTS, "works_with", "by_company_size")
    )
    lists = {name: _texts(fields, name, ctx, what=what) for name in _ROLE_LISTS}
    works_with: tuple[str, ...] | None = ()
    if "works_with" in fields:
        works_with = _role_ids(fields["works_with"], ctx, draft, what=f"works_with of {what}")
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
        sizes = _read_sizes(fields["sizes"], ctx, what=f"sizes in {what}") if "sizes" in fields else None
        text = read_text(fields["text"], ctx, what=f"text in {what}") if "text" in fields else None
        if sizes is None or text is None:
            ok = False
            continue
        notes.append(SizeNote(sizes=sizes, text=text))
    return tuple(notes) if ok else None


# --- approaches --------------------------------------------------------------------------------------------

_APPROACH_LISTS: Final = ("strengths", "weaknesses", "choose_when")


def parse_approaches(node: Node, ctx: FileContext, draft: Draft) -> None:
    for item in _entries(node, ctx, draft, section="approaches"):
        approach = _parse_approach(item, ctx, draft)
        if approach is not None:
            draft.approaches.append(approach)


def _parse_approach(node: Node, ctx: FileContext, draft: Draft) -> Approach | None:
    head, fields, what = _read_head(node, ctx, draft, kind="approach", optional=(*_APPROACH_LISTS, "roles"))
    lists = {name: _texts(fields, name, ctx, what=what) for name in _APPROACH_LISTS}
    roles: tuple[str, ...] | None = ()
    if "roles" in fields:
        roles = _role_ids(fields["roles"], ctx, draft, what=f"roles of {what}")
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
    )


# --- tasks -------------------------------------------------------------------------------------------------


def parse_tasks(node: Node, ctx: FileContext, draft: Draft) -> None:
    for item in _entries(node, ctx, draft, section="tasks"):
        task = _parse_task(item, ctx, draft)
        if task is not None:
            draft.tasks.append(task)


def _parse_task(node: Node, ctx: FileContext, draft: Draft) -> Task | None:
    head, fields, what = _read_head(
        node, ctx, draft, kind="task", required=("owners",), optional=("by_company_size",)
    )
    owners: tuple[str, ...] | None = None
    if "owners" in fields:
        owners = _role_ids(fields["owners"], ctx, draft, what=f"owners of {what}", required=True)
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
        sizes = _read_sizes(fields["sizes"], ctx, what=f"sizes in {what}") if "sizes" in fields else None
        owners = (
            _role_ids(fields["owners"], ctx, draft, what=f"owners in {what}", required=True)
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


# --- recommendation (the rules and their parser live in knowledge.base.rules) --------------------------


def parse_recommendation(node: Node, ctx: FileContext, draft: Draft) -> None:
    parsed = parse_section(node, ctx)
    if parsed is None:
        draft.complete = False
        return
    draft.recommendation = parsed


def check_recommendation(draft: Draft, errors: list[LoadError]) -> None:
    """The rules name known roles, tasks and approaches, and quote the approaches' own words."""
    if draft.recommendation is None:
        return
    kinds = {declared.id: declared.kind for declared in draft.ids}
    approaches = {approach.id: approach for approach in draft.approaches}
    errors.extend(check_section(draft.recommendation, kinds=kinds, approaches=approaches))


SECTIONS: Final[dict[str, SectionParser]] = {
    "roles": parse_roles,
    "approaches": parse_approaches,
    "tasks": parse_tasks,
    "synonyms": parse_synonyms,
    "recommendation": parse_recommendation,
}


# --- checks across the whole base --------------------------------------------------------------------------


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


CHECKS: Final[tuple[Check, ...]] = (
    check_unique_ids,
    check_role_refs,
    check_claims,
    check_has_roles,
    check_recommendation,
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
    )
