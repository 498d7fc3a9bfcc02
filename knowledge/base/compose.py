"""Compose one knowledge-base file's YAML into a node tree, fast and bounded, with every error at its line.

PyYAML's libyaml-backed `CSafeLoader` composes where the C extension is installed (about nine times faster
than the pure-Python loader on a large file); `yaml.SafeLoader` is the fallback, and both report the same
lines. Only nodes are composed: no tag is ever constructed (`knowledge.base.nodes` reads them).

Aliases are bounded: a YAML alias repeats its anchored node wherever it stands, so a 16 KB file whose anchored
role has 1,000 bad fields, referenced by 1,000 aliases, would be read (and reported) a million times. A file
whose aliases repeat more nodes than `MAX_REPEATED_NODES` (or than the file holds, if more) is refused with
one error, as is an alias inside the node it refers to.
"""

from __future__ import annotations

from typing import Final

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from knowledge.base.nodes import FileContext

MAX_FILE_MIB: Final = 32
MAX_FILE_BYTES: Final = MAX_FILE_MIB * 1024 * 1024
"""A knowledge-base file larger than this (32 MiB) is refused unread. 25,000 entries written like the bundled
ones take about 16 MB (tasks.yaml) and 2.5 MB (roles.yaml): the limit fits them with room for longer
entries."""
MAX_REPEATED_NODES: Final = 10_000
"""How many nodes a file's aliases may repeat in all, at the least: a shared list of skills used by a few
dozen entries fits many times over. A file may always repeat as many nodes as it holds."""

YamlLoader = type[yaml.SafeLoader] | type[yaml.CSafeLoader]
FAST_LOADER: Final[YamlLoader | None] = getattr(yaml, "CSafeLoader", None)
"""libyaml's safe loader, when PyYAML was built with it (`yaml.__with_libyaml__`)."""


def default_loader() -> YamlLoader:
    return FAST_LOADER if FAST_LOADER is not None else yaml.SafeLoader


def compose(content: bytes, ctx: FileContext, *, empty: str, loader: YamlLoader | None = None) -> Node | None:
    """The file's YAML node tree, or None (with the error reported to `ctx`) when it cannot be read; `empty`
    is the error for a file without any (a comment-only file, say)."""
    if len(content) > MAX_FILE_BYTES:
        ctx.error(None, f"the file is larger than the {MAX_FILE_MIB} MiB limit for a knowledge-base file")
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ctx.error_at(content[: exc.start].count(b"\n") + 1, "the file is not valid UTF-8 text")
        return None
    try:
        root = yaml.compose(text, Loader=loader or default_loader())
    except yaml.MarkedYAMLError as exc:
        last = text.count("\n")  # libyaml puts the end of a file without a final newline on the next line

        def line_of(mark: yaml.Mark | None) -> int | None:
            return None if mark is None else min(mark.line, last) + 1

        message = exc.problem or exc.context or "unreadable YAML"
        if exc.context and exc.problem:
            where = "" if exc.context_mark is None else f" (line {line_of(exc.context_mark)})"
            message = f"{exc.context}{where}, {exc.problem}"
        ctx.error_at(line_of(exc.problem_mark or exc.context_mark), f"invalid YAML: {message}")
        return None
    except yaml.reader.ReaderError as exc:
        ctx.error_at(text[: exc.position].count("\n") + 1, f"invalid YAML: {str(exc).splitlines()[0]}")
        return None
    except yaml.YAMLError as exc:
        ctx.error(None, f"invalid YAML: {exc}")
        return None
    except RecursionError:
        ctx.error(None, "invalid YAML: nested too deeply")
        return None
    if root is None:
        ctx.error(None, empty)
        return None
    return root if _aliases_bounded(root, ctx) else None


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _aliases_bounded(root: Node, ctx: FileContext) -> bool:
    """Whether the tree, every alias expanded, stays within `MAX_REPEATED_NODES` of the file's own nodes (and
    holds no alias inside the node it refers to); reports why not. Each distinct node is visited once: its
    expanded size is the sum of its children's, remembered by identity."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            continue
        open_.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                ctx.error(child, "invalid YAML: an alias refers to a node that contains it")
                return False
            if id(child) not in sizes:
                stack.append((child, False))
    repeated = sizes[id(root)] - len(sizes)
    allowed = max(MAX_REPEATED_NODES, len(sizes))
    if repeated > allowed:
        ctx.error(
            None,
            f"YAML aliases repeat {repeated:,} nodes, more than the {allowed:,} a file may repeat; "
            "write the repeated parts out, or share fewer of them",
        )
        return False
    return True
