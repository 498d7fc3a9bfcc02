"""The import graph stays as built: no loops anywhere, knowledge's three wings import one way, and no module
grows past `MAX_LINES`.

Every import counts, wherever it is written: at the top, inside a function, or under `TYPE_CHECKING`
(a loop that only the type checker follows is still two modules that cannot be read apart).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parents[1]
PACKAGES: Final = ("bot", "handlers", "knowledge", "tests", "benchmarks")

WINGS: Final[Mapping[str, frozenset[str]]] = {
    "knowledge.base": frozenset(),
    "knowledge.match": frozenset({"knowledge.base"}),
    "knowledge.recommend": frozenset({"knowledge.base"}),
}
"""Inside `knowledge`, which other wings each wing may import."""
MAX_LINES: Final = 400
"""A module longer than this does more than one job: split it along a seam it already has."""


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = path
    return modules


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The project module `name` loads: itself, or the nearest enclosing package that is one."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
            # `from pkg import submodule` loads the submodule; `from pkg import name` loads only pkg
            names = [n for n in names[:-1] if n in modules] or [names[-1]]
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(target)
    return found


def import_graph(root: Path = ROOT, packages: Iterable[str] = PACKAGES) -> dict[str, set[str]]:
    modules = project_modules(root, packages)
    return {module: imports_of(module, path, modules) for module, path in modules.items()}


def loops(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def wing_of(module: str) -> str | None:
    return next((wing for wing in WINGS if module == wing or module.startswith(wing + ".")), None)


def wing_violations(graph: Mapping[str, set[str]]) -> list[str]:
    offenders = []
    for module, targets in sorted(graph.items()):
        wing = wing_of(module)
        if wing is None:
            continue
        for target in sorted(targets):
            other = wing_of(target)
            if target == "knowledge" or (other is not None and other != wing and other not in WINGS[wing]):
                offenders.append(f"{module} imports {target}")
    return offenders


def test_the_project_has_no_import_loops() -> None:
    found = loops(import_graph())
    assert not found, "import loops:\n" + "\n".join(" <-> ".join(loop) for loop in found)


def test_the_wings_of_knowledge_import_one_way() -> None:
    offenders = wing_violations(import_graph())
    assert not offenders, "\n".join(offenders)


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in project_modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_every_wing_says_what_it_is_for() -> None:
    for wing in WINGS:
        init = ROOT / Path(*wing.split(".")) / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init} has no docstring"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    def write(name: str, text: str) -> None:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for package in ("knowledge", "knowledge/base", "knowledge/match", "knowledge/recommend"):
        write(f"{package}/__init__.py", '"""doc"""\n')
    write(
        "knowledge/base/model.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import knowledge.match.a\n",
    )
    write("knowledge/match/a.py", "from knowledge.base import model\n\ndef f():\n    from . import b\n")
    write("knowledge/match/b.py", "from .a import f\n")
    write("knowledge/recommend/c.py", "from knowledge.match.a import f\n")
    return tmp_path


def test_the_checker_sees_loops_hidden_in_functions_and_type_checking(tree: Path) -> None:
    graph = import_graph(tree, ("knowledge",))
    assert graph["knowledge.match.a"] == {"knowledge.base.model", "knowledge.match.b"}
    assert loops(graph) == [
        ["knowledge.base.model", "knowledge.match.a"],
        ["knowledge.match.a", "knowledge.match.b"],
    ] or {tuple(loop) for loop in loops(graph)} == {
        ("knowledge.base.model", "knowledge.match.a", "knowledge.match.b")
    }


def test_the_checker_sees_imports_against_the_wings(tree: Path) -> None:
    assert wing_violations(import_graph(tree, ("knowledge",))) == [
        "knowledge.base.model imports knowledge.match.a",
        "knowledge.recommend.c imports knowledge.match.a",
    ]
