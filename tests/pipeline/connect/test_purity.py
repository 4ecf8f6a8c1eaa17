"""The connect stage stays pure: no network, database, Django or file I/O; docstrings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import broadsheet.pipeline.connect as connect

FORBIDDEN = ("httpx", "django", "socket", "urllib.request", "requests", "sqlite3",
             "psycopg", "pathlib", "broadsheet.fetch", "broadsheet.site", "broadsheet.cli",
             "broadsheet.inputs")
MODULES = sorted(Path(connect.__file__).parent.glob("*.py"))
MAX_LINES = 600


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_forbidden_imports_no_files_and_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
            pytest.fail(f"{path.name} opens a file")
    bad = [n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{path.name} imports {bad}"
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_level_mutable_state(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            value = node.value
            assert not isinstance(value, ast.List | ast.Dict | ast.Set) or _is_all(node), (
                f"{path.name}:{node.lineno} keeps mutable state at module level"
            )


def test_public_names_are_exported() -> None:
    for name in connect.__all__:
        assert hasattr(connect, name), name


def _is_all(node: ast.Assign | ast.AnnAssign) -> bool:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
