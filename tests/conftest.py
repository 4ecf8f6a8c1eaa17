"""Fixtures shared by the whole suite.

``shared_data`` is the one way to reach ``../shared/data``: it skips with a reason when
the folder is absent (a user's clone) and fails when BROADSHEET_REQUIRE_SHARED=1 (CI).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never touch a real data folder: unless the caller chose one, use a fresh one.
# (pytest-django imports the settings after this module is loaded.)
os.environ.setdefault("BROADSHEET_HOME", tempfile.mkdtemp(prefix="broadsheet-test-home-"))

REPO = Path(__file__).resolve().parent.parent
TESTS_DATA = Path(__file__).resolve().parent / "data"


def _shared_root() -> Path:
    configured = os.environ.get("BROADSHEET_SHARED_DATA")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def _require_shared() -> bool:
    return os.environ.get("BROADSHEET_REQUIRE_SHARED", "0").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ../shared/data; skips (or, in CI, fails) when it is missing."""
    root = _shared_root()
    if not (root / "README.md").is_file():
        message = f"shared evaluation data not found at {root}"
        if _require_shared():
            pytest.fail(f"{message} and BROADSHEET_REQUIRE_SHARED=1")
        pytest.skip(message)
    return root


@pytest.fixture(scope="session")
def tests_data() -> Path:
    """Path of tests/data, our own small fixtures."""
    return TESTS_DATA
