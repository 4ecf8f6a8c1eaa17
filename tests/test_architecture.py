"""Imports flow one way: pipeline ← fetch ← site / cli. The pipeline does no I/O.

Checked on the source (AST), so a forbidden import fails here even if it is lazy
(inside a function) and would never run in the other tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "broadsheet"

PIPELINE_FORBIDDEN = (
    "django",
    "httpx",
    "httpcore",
    "requests",
    "urllib.request",
    "urllib3",
    "socket",
    "sqlite3",
    "psycopg",
    "aiohttp",
    "pathlib",
    "shutil",
    "subprocess",
    "broadsheet.fetch",
    "broadsheet.site",
    "broadsheet.cli",
    "broadsheet.inputs",
)
MAX_MODULE_LINES = 600
FETCH_FORBIDDEN = ("django", "broadsheet.site", "broadsheet.cli", "broadsheet.inputs")
# Calls that would read or write files from inside the pipeline.
PIPELINE_IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes"}


def _modules(folder: str) -> list[Path]:
    return sorted((SRC / folder).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _forbidden(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


@pytest.mark.parametrize("path", _modules("pipeline"), ids=lambda p: str(p.relative_to(SRC)))
def test_pipeline_imports_no_framework_network_or_database(path: Path) -> None:
    bad = [name for name in _imports(path) if _forbidden(name, PIPELINE_FORBIDDEN)]
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("path", _modules("pipeline"), ids=lambda p: str(p.relative_to(SRC)))
def test_pipeline_does_no_file_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
        in PIPELINE_IO_CALLS
    ]
    # Data shipped inside the package (word lists) is read through importlib.resources.
    assert not calls, f"{path.relative_to(SRC)} calls {calls}"


@pytest.mark.parametrize("path", _modules("fetch"), ids=lambda p: str(p.relative_to(SRC)))
def test_fetch_does_not_import_the_site(path: Path) -> None:
    bad = [name for name in _imports(path) if _forbidden(name, FETCH_FORBIDDEN)]
    assert not bad, f"{path.relative_to(SRC)} imports {bad}"


@pytest.mark.parametrize("path", _modules("pipeline"), ids=lambda p: str(p.relative_to(SRC)))
def test_pipeline_keeps_no_module_state(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not any(isinstance(node, ast.Global) for node in ast.walk(tree)), path.name
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(
            node.value, ast.List | ast.Dict | ast.Set
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            assert names == ["__all__"] or all(n.isupper() for n in names), (
                f"{path.relative_to(SRC)}:{node.lineno} keeps mutable state at module level"
            )


@pytest.mark.parametrize(
    "path",
    [p for p in SRC.rglob("*.py") if "migrations" not in p.parts],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_every_module_has_a_docstring_and_stays_readable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)) or not text.strip(), f"{path} has no docstring"
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path} passes {MAX_MODULE_LINES} lines"


def test_the_rule_catches_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from django.db import models\n    return open('x')\n")
    assert any(_forbidden(n, PIPELINE_FORBIDDEN) for n in _imports(module))


@pytest.mark.parametrize(
    "package",
    [
        "broadsheet.pipeline.extract",
        "broadsheet.pipeline.enrich",
        "broadsheet.pipeline.connect",
        "broadsheet.fetch",
        "broadsheet.errors",
        "broadsheet.types",
    ],
)
def test_public_names_are_exported(package: str) -> None:
    import importlib

    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{package}.__all__ names missing attributes: {missing}"
