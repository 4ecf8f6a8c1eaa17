"""The enrich stage stays pure: no network, database, Django or file I/O imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import broadsheet.pipeline.enrich as enrich

FORBIDDEN = ("httpx", "django", "socket", "urllib.request", "requests", "sqlite3",
             "psycopg", "broadsheet.fetch", "broadsheet.site")
MODULES = sorted(Path(enrich.__file__).parent.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_forbidden_imports(path: Path) -> None:
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
