"""Imports flow one way (bot -> handlers -> knowledge), and Slack ids are written in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each package may import from the project, and which third-party roots it may not touch.
ALLOWED = {
    "knowledge": {"knowledge"},
    "handlers": {"handlers", "knowledge"},
    "bot": {"bot", "handlers", "knowledge"},
}
PROJECT = set(ALLOWED)
FORBIDDEN_THIRD_PARTY = {"knowledge": {"slack_bolt", "slack_sdk"}}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_flow_one_way(package: str) -> None:
    offenders = []
    for path in _modules(package):
        roots = _imported_roots(path)
        bad = (roots & PROJECT) - ALLOWED[package]
        bad |= roots & FORBIDDEN_THIRD_PARTY.get(package, set())
        if bad:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert not offenders, "\n".join(offenders)


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from handlers.blocks import build_answer\nimport slack_bolt\n", encoding="utf-8")
    assert _imported_roots(bad) == {"handlers", "slack_bolt"}


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _slack_ids() -> set[str]:
    """Every string constant `handlers.ids` assigns: the slash command, action ids, the form's ids."""
    tree = ast.parse((ROOT / "handlers" / "ids.py").read_text(encoding="utf-8"))
    return {
        node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def test_slack_ids_are_written_only_in_handlers_ids() -> None:
    ids = _slack_ids()
    assert {"/mlrole"} <= ids, "the checker must see the ids it guards"
    offenders = []
    for path in [*_modules("handlers"), *_modules("bot")]:
        if path == ROOT / "handlers" / "ids.py":
            continue
        written = _string_constants(path) & ids
        if written:
            offenders.append(f"{path.relative_to(ROOT)} writes {sorted(written)}")
    assert not offenders, "\n".join(offenders)


def test_the_id_checker_sees_a_written_id(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('@app.command("/mlrole")\nasync def f(): ...\n', encoding="utf-8")
    assert "/mlrole" in _string_constants(bad) & _slack_ids()
