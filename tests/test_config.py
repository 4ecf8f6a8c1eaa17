"""The settings registry: parsing, errors, and documentation of every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from broadsheet import config
from broadsheet.errors import ConfigError

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [name for name in config.SETTINGS if f"`{name}`" not in text]
    assert not missing, f"settings missing from docs/settings.md: {missing}"


def test_environment_overrides_default() -> None:
    assert config.get("BROADSHEET_FETCH_HOST_CONCURRENCY", {}) == 2
    environ = {"BROADSHEET_FETCH_HOST_CONCURRENCY": "5"}
    assert config.get("BROADSHEET_FETCH_HOST_CONCURRENCY", environ) == 5


def test_list_and_bool_parsing() -> None:
    env = {"BROADSHEET_FETCH_ALLOW_HOSTS": " 127.0.0.1, ::1 ,", "BROADSHEET_DEBUG": "yes"}
    assert config.get("BROADSHEET_FETCH_ALLOW_HOSTS", env) == ("127.0.0.1", "::1")
    assert config.get("BROADSHEET_DEBUG", env) is True


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="BROADSHEET_FETCH_HOST_DELAY"):
        config.get("BROADSHEET_FETCH_HOST_DELAY", {"BROADSHEET_FETCH_HOST_DELAY": "soon"})


def test_unknown_setting_is_an_error() -> None:
    with pytest.raises(ConfigError, match="not a registered setting"):
        config.get("BROADSHEET_NO_SUCH_THING")


def test_registering_twice_is_refused() -> None:
    with pytest.raises(ConfigError, match="registered twice"):
        config.register("BROADSHEET_HOME", "x", "again")
