"""The three rooms keep their imports flowing one way: bot -> handlers -> knowledge."""

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
