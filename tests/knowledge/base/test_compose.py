"""Composing a knowledge-base file (`knowledge.base.compose`): libyaml's loader and the pure-Python fallback
report the same lines, and YAML aliases cannot multiply a small file into a flood of work and errors."""

from __future__ import annotations

import dataclasses
import time
import tracemalloc

import pytest
import yaml

from knowledge.base import compose as compose_module
from knowledge.base.compose import FAST_LOADER, MAX_REPEATED_NODES, YamlLoader, compose, default_loader
from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.loader import bundled_path, load_bundled, load_texts
from knowledge.base.nodes import FileContext
from tests.knowledge.base.kb_files import ROLES

LOADERS: list[YamlLoader] = [yaml.SafeLoader, *([FAST_LOADER] if FAST_LOADER is not None else [])]

BROKEN = {
    "unterminated quote": 'roles:\n  - id: x\n    name: "unterminated\n',
    "bad indentation": "roles:\n  - id: a\n   name: b\n",
    "flow list cut at the end, no final newline": "roles:\n  - id: a\n    skills: [",
    "flow mapping cut": "roles:\n  - {id: a\n",
    "undefined alias": "roles:\n  - *nothing\n",
    "control character": "roles:\n  - id: a\n    name: b\x07\n",
    "tab indentation": "roles:\n\t- id: a\n",
    "two documents": ROLES + "---\nroles: []\n",
}


def _errors(text: str, loader: YamlLoader) -> list[LoadError]:
    errors: list[LoadError] = []
    compose(text.encode(), FileContext("kb.yaml", errors), empty="empty", loader=loader)
    return errors


def test_the_fast_loader_is_the_default_where_libyaml_is_built() -> None:
    assert default_loader() is (FAST_LOADER or yaml.SafeLoader)
    if yaml.__with_libyaml__:
        assert default_loader() is yaml.CSafeLoader


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("text", BROKEN.values(), ids=list(BROKEN))
def test_each_loader_reports_a_broken_file_at_its_line(loader: YamlLoader, text: str) -> None:
    errors = _errors(text, loader)
    assert len(errors) == 1
    assert errors[0].line is not None
    assert errors[0].message.startswith("invalid YAML: ")
    assert errors[0].line == _errors(text, yaml.SafeLoader)[0].line  # the pure-Python loader's line


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_each_loader_composes_the_same_nodes_at_the_same_lines(loader: YamlLoader) -> None:
    text = (bundled_path() / "tasks.yaml").read_bytes()
    ours = compose(text, FileContext("tasks.yaml", []), empty="empty", loader=loader)
    pure = compose(text, FileContext("tasks.yaml", []), empty="empty", loader=yaml.SafeLoader)
    assert ours is not None and pure is not None

    def flat(node: yaml.Node) -> list[tuple[str, int, object]]:
        value = node.value if isinstance(node.value, str) else None
        found: list[tuple[str, int, object]] = [(type(node).__name__, node.start_mark.line, value)]
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                found += flat(child)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found += flat(key) + flat(value)
        return found

    assert flat(ours) == flat(pure)


def test_the_pure_python_loader_serves_when_libyaml_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_bundled()
    monkeypatch.setattr(compose_module, "FAST_LOADER", None)
    assert default_loader() is yaml.SafeLoader
    slow = load_bundled()
    for field in dataclasses.fields(fast):  # snapshots compare by identity
        assert getattr(slow, field.name) == getattr(fast, field.name), field.name
    with pytest.raises(KnowledgeError) as info:
        load_texts([("kb.yaml", BROKEN["unterminated quote"])], source="kb.yaml")
    assert [(e.file, e.line) for e in info.value.errors] == [("kb.yaml", 4)]


def _alias_bomb(fields: int = 1000, aliases: int = 1000) -> str:
    """Issue #13's finding 6: an anchored role with `fields` bad fields, referenced `aliases` times."""
    role = "".join(f"  f{i}: x\n" for i in range(fields))
    return "roles:\n  - &r\n" + role.replace("  f", "    f") + "".join("  - *r\n" for _ in range(aliases))


def test_an_alias_bomb_is_one_error_not_a_million() -> None:
    bomb = _alias_bomb()
    assert len(bomb.encode()) < 20_000
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(KnowledgeError) as info:
            load_texts([("bomb.yaml", bomb)], source="bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < 5.0  # 17 s before; milliseconds now
    assert peak < 50 * 1024 * 1024  # about 1 GB before
    assert info.value.total == 1
    (error,) = info.value.errors
    assert (error.file, error.line) == ("bomb.yaml", None)
    assert "YAML aliases repeat" in error.message
    assert f"{MAX_REPEATED_NODES:,}" in error.message


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    with pytest.raises(KnowledgeError) as info:
        load_texts([("loop.yaml", "roles: &a\n  - *a\n")], source="loop.yaml")
    assert [(e.line, e.message) for e in info.value.errors] == [
        (1, "invalid YAML: an alias refers to a node that contains it")  # the anchor's line
    ]


def test_aliases_that_share_a_little_are_read_as_written() -> None:
    first = "  - id: r0\n    name: Role 0\n    summary: Does 0.\n    skills: &skills [python, sql]\n"
    rest = "".join(
        f"  - id: r{i}\n    name: Role {i}\n    summary: Does {i}.\n    skills: *skills\n"
        for i in range(1, 50)
    )
    kb = load_texts([("kb.yaml", f"roles:\n{first}{rest}")], source="kb.yaml")
    assert len(kb.roles) == 50
    assert all(role.skills == ("python", "sql") for role in kb.roles)
