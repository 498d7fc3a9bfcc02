"""The `org:` section (`org.yaml`): its parser and its checks against the rest of the knowledge base.

```yaml
org:
  - role: devops-engineer     # a role id, or `task: <task id>` where a task's owners differ from its role
    group: S0ML0PLAT          # a Slack user group id
    channel: C0ML0PLAT        # the channel to ask in ("Ask the owners" posts there)
    contacts: [U0ALICE01]     # named people (user ids), optional
    reviewed: 2026-10-01      # when someone last checked this mapping (YYYY-MM-DD)
```

At least one of `group`, `channel` and `contacts`. Ids must have Slack's shapes, so that the bot can build
mentions from them and from nothing else. This module knows nothing of the rest of the schema:
`parse_org` returns the mappings with where each names a role or task, and `check_org` checks those names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final

from yaml.nodes import Node, ScalarNode

from knowledge.base.errors import LoadError
from knowledge.base.nodes import (
    FileContext,
    describe,
    kind_error,
    line_of,
    read_fields,
    read_list,
    read_text,
    read_text_list,
)
from knowledge.base.org import CHANNEL_ID, GROUP_ID, USER_ID, OrgMapping, TargetKind

SECTION: Final = "org"
_TARGETS: Final[tuple[TargetKind, ...]] = ("role", "task")
_OWNERS: Final = ("group", "channel", "contacts")
_NULL_TAG: Final = "tag:yaml.org,2002:null"
_DATE_TAGS: Final = frozenset({"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"})
_SHAPES: Final[tuple[tuple[str, re.Pattern[str], str, str], ...]] = (
    ("group", GROUP_ID, "a Slack user group id", "S0ML0PLAT"),
    ("channel", CHANNEL_ID, "a Slack channel id", "C0ML0PLAT"),
    ("contact", USER_ID, "a Slack user id", "U0ALICE01"),
)
"""(field, shape, what it is, an example): ids of one kind put in another field are named as such."""


@dataclass(frozen=True, slots=True)
class TargetRef:
    """A role or task id named by a mapping, where, for `check_org`."""

    id: str
    kind: TargetKind
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class ParsedOrg:
    mappings: tuple[OrgMapping, ...]
    refs: tuple[TargetRef, ...]


def parse_org(node: Node, ctx: FileContext) -> ParsedOrg | None:
    """Read an `org:` section; None when it is not a list (each bad mapping is reported and left out)."""
    items = read_list(node, ctx, what=f"the '{SECTION}' section")
    if items is None:
        return None
    mappings: list[OrgMapping] = []
    refs: list[TargetRef] = []
    first: dict[tuple[TargetKind, str], int | None] = {}
    for item in items:
        mapping, ref = _mapping(item, ctx)
        if ref is None:
            continue
        key = (ref.kind, ref.id)
        if key in first:
            ctx.error(item, f"{ref.kind} '{ref.id}' is mapped twice (first on line {first[key]})")
            continue
        first[key] = ref.line
        refs.append(ref)  # checked even when the rest of the mapping is wrong: every error at once
        if mapping is not None:
            mappings.append(mapping)
    return ParsedOrg(tuple(mappings), tuple(refs))


def _mapping(node: Node, ctx: FileContext) -> tuple[OrgMapping | None, TargetRef | None]:
    """The mapping (None if anything in it is wrong) and the role or task it names (None if unreadable)."""
    what = f"the mapping on line {line_of(node)}"
    fields = read_fields(
        node,
        ctx,
        what=f"an item of the '{SECTION}' section",
        required=("reviewed",),
        optional=(*_TARGETS, *_OWNERS),
    )
    if fields is None:
        return None, None
    named = [kind for kind in _TARGETS if kind in fields]
    if len(named) != 1:
        ctx.error(node, f"{what} must name one role or one task (`role: <id>` or `task: <id>`)")
    if not any(name in fields for name in _OWNERS):
        ctx.error(node, f"{what} needs at least one of group, channel or contacts")
    errors_before = len(ctx.errors)
    group = _id(fields["group"], ctx, shape=0, what=f"group of {what}") if "group" in fields else None
    channel = _id(fields["channel"], ctx, shape=1, what=f"channel of {what}") if "channel" in fields else None
    contacts = _contacts(fields["contacts"], ctx, what=f"contacts of {what}") if "contacts" in fields else ()
    reviewed = _date(fields["reviewed"], ctx, what=f"reviewed of {what}") if "reviewed" in fields else None
    kind = named[0] if len(named) == 1 else None
    target = read_text(fields[kind], ctx, what=f"{kind} of {what}") if kind is not None else None
    if kind is None or target is None:
        return None, None
    ref = TargetRef(target, kind, ctx.file, line_of(fields[kind]))
    if reviewed is None or len(ctx.errors) > errors_before or not (group or channel or contacts):
        return None, ref
    mapping = OrgMapping(
        target=target,
        kind=kind,
        group=group,
        channel=channel,
        contacts=contacts or (),
        reviewed=reviewed,
        where=f"{ctx.file}:{line_of(node)}",
    )
    return mapping, ref


def _id(node: Node, ctx: FileContext, *, shape: int, what: str) -> str | None:
    _, pattern, noun, example = _SHAPES[shape]
    if isinstance(node, ScalarNode) and node.tag == _NULL_TAG:  # `channel: #ml-platform` is a comment
        ctx.error(node, f"{what} is empty: write {noun}, like {example} (in YAML, # starts a comment)")
        return None
    value = read_text(node, ctx, what=what)
    if value is None:
        return None
    if pattern.fullmatch(value):
        return value
    other = next((s for s in _SHAPES if s[1].fullmatch(value)), None)
    if other is not None:
        ctx.error(node, f"{what} '{value}' is {other[2]}, not {noun}")
    else:
        hint = f"{example[0]} and capital letters or digits, like {example}"
        ctx.error(node, f"{what} '{value}' is not {noun}: it starts with {hint}")
    return None


def _contacts(node: Node, ctx: FileContext, *, what: str) -> tuple[str, ...] | None:
    items = read_text_list(node, ctx, what=what)
    if items is None:
        return None
    ids = tuple(_id(item, ctx, shape=2, what=f"an item of {what}") for _, item in items)
    return tuple(i for i in ids if i is not None) if all(ids) else None


def _date(node: Node, ctx: FileContext, *, what: str) -> date | None:
    if isinstance(node, ScalarNode) and node.tag in _DATE_TAGS:
        try:
            return date.fromisoformat(str(node.value).strip())
        except ValueError:
            pass
    ctx.error(node, f"{what} must be a date written YYYY-MM-DD (e.g. 2026-10-01), not {describe(node)}")
    return None


def check_org(parsed: ParsedOrg, *, kinds: Mapping[str, str]) -> list[LoadError]:
    """Every role or task a mapping names exists, with that kind. `kinds`: every declared id's kind."""
    errors: list[LoadError] = []
    for ref in parsed.refs:
        message = kind_error(ref.id, ref.kind, kinds, where=f"the '{SECTION}' section")
        if message is not None:
            errors.append(LoadError(ref.file, ref.line, message))
    return errors
