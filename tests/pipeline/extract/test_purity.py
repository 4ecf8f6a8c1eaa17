"""The extract stage stays pure: no network, disk, database or Django imports."""

from __future__ import annotations

import ast
from pathlib import Path

import broadsheet.pipeline.extract as package

FORBIDDEN = {
    "httpx",
    "django",
    "requests",
    "urllib3",
    "socket",
    "sqlite3",
    "psycopg",
    "subprocess",
    "shutil",
    "pathlib",
    "broadsheet.fetch",
    "broadsheet.site",
}
FORBIDDEN_CALLS = {"open"}


def _modules() -> list[Path]:
    return sorted(Path(package.__file__).parent.glob("*.py"))


def test_no_io_imports() -> None:
    for path in _modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN), (
                    f"{path.name} imports {name}"
                )


def test_no_open_calls_or_module_state() -> None:
    for path in _modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}"
            assert not isinstance(node, ast.Global), f"{path.name} uses a global statement"


def test_modules_stay_small() -> None:
    for path in _modules():
        assert len(path.read_text("utf-8").splitlines()) < 600, path.name
