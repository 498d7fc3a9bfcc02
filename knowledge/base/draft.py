"""What the schema's parsers build while a knowledge base is read: the `Draft`, and the ids, names and role
references it records for the checks across the whole base (`knowledge.base.checks`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from yaml.nodes import Node

from knowledge.base.errors import LoadError
from knowledge.base.model import (
    Approach,
    MissingRole,
    Role,
    Synonym,
    Task,
)
from knowledge.base.nodes import (
    FileContext,
    line_of,
)
from knowledge.base.org_yaml import ParsedOrg
from knowledge.base.rules_yaml import ParsedSection

Kind = Literal["role", "approach", "task", "missing role"]
ID_PATTERN: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


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
    org: ParsedOrg | None = None
    missing_roles: list[MissingRole] = field(default_factory=list)
    ids: list[Declared] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    role_refs: list[RoleRef] = field(default_factory=list)
    complete: bool = True
    role_nodes: int = 0
    """How many role entries were read, valid or not."""


SectionParser = Callable[[Node, FileContext, Draft], None]
Check = Callable[[Draft, list[LoadError]], None]


def where_of(ctx: FileContext, node: Node) -> Where:
    return Where(ctx.file, line_of(node))


# --- fields shared by entries ------------------------------------------------------------------------------
