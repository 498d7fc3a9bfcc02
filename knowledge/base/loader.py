"""Load and validate a knowledge base from YAML files, reporting every problem at once.

A knowledge base is a directory of `*.yaml` / `*.yml` files (read in name order, not recursively; names
starting with a dot are skipped) or a single file. Each file is a mapping of top-level sections: `roles`,
`approaches`, `tasks`, `synonyms` (see `knowledge.base.schema` for the fields and for how to add a section); a
section may appear in only one file. Files are composed with PyYAML's safe loader and read node by node,
so every error carries its file and line, and no YAML tag is ever constructed.

Every failure, from a missing path to an unknown role, raises `KnowledgeError` listing all the errors found,
so a caller (the CLI, a reload) has one exception to handle and the author sees everything to fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml
from yaml.nodes import Node

from knowledge.base.checks import check_recommendation
from knowledge.base.compose import MAX_FILE_BYTES, MAX_FILE_MIB, compose
from knowledge.base.draft import Draft
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.model import KnowledgeBase
from knowledge.base.nodes import FileContext, describe, line_of, read_pairs, suggest
from knowledge.base.schema import CHECKS, SECTIONS, build

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FILE_MIB",
    "KnowledgeError",
    "LoadError",
    "bundled_path",
    "load_bundled",
    "load_path",
    "load_texts",
]

YAML_SUFFIXES: Final = (".yaml", ".yml")
REFERENCED_BY_RULES: Final = frozenset({"roles", "approaches", "tasks"})
"""The sections the recommendation rules name entries of."""


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    """How errors name the file (the path as given, or the name passed to `load_texts`)."""
    key: str
    """The name that goes into the version hash (the bare file name for a path)."""
    content: bytes


def bundled_path() -> Path:
    """The knowledge base shipped inside the package (`knowledge/data`), wherever the package is installed.

    Found next to this module rather than through `importlib.resources.files("knowledge")`: under pytest,
    `tests/knowledge/` (no `__init__.py`) can claim the name `knowledge` as a namespace package, and the
    lookup by name then silently answers `tests/knowledge/data`. Setuptools installs package data beside
    the modules (see `package-data` in pyproject.toml), editable or not, so this path is the same one.
    """
    return Path(__file__).resolve().parents[1] / "data"


def load_bundled() -> KnowledgeBase:
    return load_path(bundled_path())


def load_path(path: str | Path) -> KnowledgeBase:
    """Load a directory of YAML files, or a single YAML file. Raises `KnowledgeError`."""
    path = Path(path)
    source = str(path)
    if path.is_dir():
        try:
            files = knowledge_files(path)
        except OSError as exc:
            raise KnowledgeError(
                [LoadError(source, None, f"cannot list the directory: {exc.strerror or exc}")]
            ) from exc
        if not files:
            raise KnowledgeError([LoadError(source, None, "no .yaml or .yml files in this directory")])
    elif path.is_file():
        files = [path]
    elif path.exists():
        raise KnowledgeError([LoadError(source, None, "not a file or directory")])
    else:
        raise KnowledgeError([LoadError(source, None, "no such file or directory")])

    errors: list[LoadError] = []
    sources: list[_Source] = []
    for file in files:
        try:
            with file.open("rb") as stream:
                content = stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            errors.append(LoadError(str(file), None, f"cannot read the file: {exc.strerror or exc}"))
            continue
        sources.append(_Source(name=str(file), key=file.name, content=content))
    return _load(sources, source=source, errors=errors)


def knowledge_files(directory: Path) -> list[Path]:
    """The knowledge-base files of a directory, in name order (raises `OSError` if it cannot be listed)."""
    return sorted((p for p in directory.iterdir() if _is_kb_file(p)), key=lambda p: p.name)


def _is_kb_file(path: Path) -> bool:
    return path.suffix in YAML_SUFFIXES and not path.name.startswith(".") and path.is_file()


def load_texts(files: Sequence[tuple[str, str | bytes]], *, source: str) -> KnowledgeBase:
    """Load from (file name, content) pairs, e.g. files fetched from a URL. Raises `KnowledgeError`."""
    errors: list[LoadError] = []
    sources: list[_Source] = []
    seen: set[str] = set()
    for name, content in files:
        if name in seen:
            errors.append(LoadError(name, None, "file given twice"))
            continue
        seen.add(name)
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        sources.append(_Source(name=name, key=name, content=data))
    if not sources and not errors:
        errors.append(LoadError(source, None, "no knowledge-base files"))
    return _load(sources, source=source, errors=errors)


def version_of(sources: Sequence[tuple[str, bytes]]) -> str:
    """12 hex chars of sha256 over the (file name, content) pairs in name order."""
    digest = hashlib.sha256()
    for name, content in sorted(sources):
        encoded = name.encode("utf-8")
        for part in (encoded, content):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()[:12]


def _load(sources: list[_Source], *, source: str, errors: list[LoadError]) -> KnowledgeBase:
    draft = Draft(source=source)
    unread: set[str] = set(SECTIONS) if errors else set()
    """The sections that may be in a file that could not be read (any, for a file not even opened)."""
    defined: dict[str, tuple[str, int | None]] = {}
    for src in sorted(sources, key=lambda s: s.name):
        ctx = FileContext(src.name, errors)
        empty = "the file is empty: expected a mapping of sections " + _known_sections()
        root = compose(src.content, ctx, empty=empty)
        if root is None:
            unread |= _sections_named_in(src.content)
            continue
        _read_sections(root, ctx, draft, defined)
    if "roles" in unread:
        draft.complete = False
    missing = _missing(draft, defined, unread=unread, errors=errors)
    for check in CHECKS:
        if check is not check_recommendation or not (missing or REFERENCED_BY_RULES & unread):
            check(draft, errors)
    if errors:
        ordered = sorted(errors, key=lambda e: (e.file, e.line or 0))
        raise KnowledgeError.capped(ordered, source=source, missing=missing)
    return build(draft, version=version_of([(s.key, s.content) for s in sources]))


_TOP_LEVEL_KEY: Final = re.compile(rb"""^["']?([A-Za-z_]+)["']?[ \t]*:""", re.MULTILINE)


def _sections_named_in(content: bytes) -> set[str]:
    """The sections an unreadable file seems to define (its unindented keys), so that a syntax error in one
    file only holds back the checks that need what it may define; every section for a file too large to
    read."""
    if len(content) > MAX_FILE_BYTES:
        return set(SECTIONS)
    named = {match.group(1).decode() for match in _TOP_LEVEL_KEY.finditer(content)}
    return named & set(SECTIONS)


def _missing(
    draft: Draft, defined: dict[str, tuple[str, int | None]], *, unread: set[str], errors: list[LoadError]
) -> list[str]:
    """The sections that what was read refers to but no file defines, nor may define (one section file read
    on its own), reported as one error instead of one false "unknown role" per reference. The checks that
    look them up are then held back, as they are when one may be in a file that could not be read."""
    needs: set[str] = set()
    if draft.role_refs:
        needs.add("roles")
    if draft.recommendation is not None:
        needs |= REFERENCED_BY_RULES
    missing = sorted(needs - set(defined) - unread)
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        them = "them" if len(missing) > 1 else "it"
        message = (
            f"no {names} section{'s' if len(missing) > 1 else ''}: what is here refers to {them}; check this "
            f"file together with the files that define {them} (e.g. its whole directory)"
        )
        errors.append(LoadError(draft.source, None, message))
        draft.complete = False
    return missing


def _read_sections(
    root: Node, ctx: FileContext, draft: Draft, defined: dict[str, tuple[str, int | None]]
) -> None:
    if not isinstance(root, yaml.MappingNode):
        ctx.error(
            root, f"the top level must be a mapping of sections {_known_sections()}, not {describe(root)}"
        )
        draft.complete = False
        return
    pairs = read_pairs(root, ctx, what="the top level")
    for name, key_node, value_node in pairs or ():
        parse = SECTIONS.get(name)
        if parse is None:
            ctx.error(
                key_node, f"unknown section '{name}'{suggest(name, SECTIONS)}; known: {', '.join(SECTIONS)}"
            )
            continue
        if name in defined:
            file, first_line = defined[name]
            ctx.error(key_node, f"section '{name}' is already defined in {file}:{first_line}")
            continue
        defined[name] = (ctx.file, line_of(key_node))
        parse(value_node, ctx, draft)


def _known_sections() -> str:
    return f"({', '.join(SECTIONS)})"
