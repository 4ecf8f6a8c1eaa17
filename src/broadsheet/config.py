"""Every Broadsheet setting, registered once with its name, default and help text.

Settings come from the environment (``BROADSHEET_*`` and ``DATABASE_URL``); this module
only declares and parses them. It imports nothing from Django or the network, so the
fetch stage and the CLI read the same values as the site. ``docs/settings.md`` must
document every setting here (a test checks it). Secrets come only from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from broadsheet.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "get", "register"]


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (1/0, true/false), got {raw!r}")


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: environment variable ``name``, its default (as text) and help."""

    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False


SETTINGS: dict[str, Setting] = {}


def register(
    name: str,
    default: str,
    help: str,
    parse: Callable[[str], Any] = str,
    *,
    secret: bool = False,
) -> Setting:
    """Register a setting once; registering a name twice is a programming error."""
    if name in SETTINGS:
        raise ConfigError("registered twice", input=name)
    setting = Setting(name, default, help, parse, secret)
    SETTINGS[name] = setting
    return setting


def get(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """Read a registered setting from ``environ`` (default ``os.environ``), parsed.

    Raises:
        ConfigError: the name is not registered or its value does not parse.
    """
    try:
        setting = SETTINGS[name]
    except KeyError:
        raise ConfigError("not a registered setting", input=name) from None
    env = os.environ if environ is None else environ
    raw = env.get(name, setting.default)
    try:
        return setting.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"cannot use value {raw!r}: {exc}", input=name) from exc


# --- core --------------------------------------------------------------------------
register("BROADSHEET_HOME", "./var", "Data folder: the SQLite database, logs and caches.")
register(
    "DATABASE_URL",
    "",
    "Database URL (e.g. postgres://user@host:5432/db). Empty: SQLite in BROADSHEET_HOME.",
    secret=True,
)
register("BROADSHEET_SECRET_KEY", "", "Django secret key. Empty: one is generated and kept "
         "in BROADSHEET_HOME/secret_key.", secret=True)
register("BROADSHEET_DEBUG", "0", "Django debug mode (never in production).", _bool)
register("BROADSHEET_ALLOWED_HOSTS", "127.0.0.1,localhost", "Host names the site answers to "
         "(comma-separated).", _list)
register("BROADSHEET_SOURCES_OPML", "", "OPML file of default sources loaded by `make run`. "
         "Empty: the one shipped in the package.")
register("BROADSHEET_TEST_DATABASE_URL", "", "Tests only: a PostgreSQL URL; when set, storage "
         "and site tests also run against PostgreSQL.", secret=True)
register("BROADSHEET_REQUIRE_SHARED", "0", "Tests only: fail (not skip) tests whose shared "
         "data in ../shared/data is missing. CI sets it.", _bool)
register("BROADSHEET_SHARED_DATA", "", "Tests and benchmarks: path of the shared evaluation "
         "data. Empty: ../shared/data next to the repository.")

# --- api -----------------------------------------------------------------------------
register("BROADSHEET_API_TOKEN", "", "Bearer token that lets scripts write through the JSON API "
         "(`Authorization: Bearer <token>`) without a staff session. Empty: token access off.",
         secret=True)

# --- fetch -------------------------------------------------------------------------
register("BROADSHEET_FETCH_ALLOW_HOSTS", "", "Hosts or networks (CIDR) the fetch guard lets "
         "through although private or loopback, comma-separated (e.g. 127.0.0.1 for tests).",
         _list)
register("BROADSHEET_FETCH_FULL_TEXT", "auto", "Fetch the linked page of feed items: auto "
         "(only when the feed carries a teaser), always, never.")
register("BROADSHEET_FETCH_HOST_CONCURRENCY", "2", "Most requests in flight to one host.", int)
register("BROADSHEET_FETCH_HOST_DELAY", "1", "Least seconds between two requests to one host.",
         float)
register("BROADSHEET_FETCH_TIMEOUT", "30", "Total seconds one request may take.", float)
register("BROADSHEET_FETCH_MAX_BYTES", str(10 * 1024 * 1024), "Largest response body, in "
         "bytes, enforced while streaming (after decompression).", int)
register("BROADSHEET_FETCH_USER_AGENT", "Broadsheet/0.1 (+{contact})", "User-Agent sent with "
         "every request; {contact} is replaced by BROADSHEET_FETCH_CONTACT_URL.")
register("BROADSHEET_FETCH_CONTACT_URL", "https://github.com/broadsheet/broadsheet",
         "Contact URL put in the User-Agent so site owners can reach the operator.")
register("BROADSHEET_FETCH_MIN_INTERVAL", "300", "Shortest seconds between two polls of one "
         "feed.", int)
register("BROADSHEET_FETCH_MAX_INTERVAL", "86400", "Longest seconds between two polls of one "
         "feed (also the cap of a failing feed's back-off).", int)

# --- AI -------------------------------------------------------------------------------
register("BROADSHEET_LLM_URL", "", "OpenAI-compatible endpoint (e.g. a local server) for the "
         "optional abstractive summary and questions. Empty: no LLM, nothing calls out.")
register("BROADSHEET_LLM_MODEL", "", "Model name sent to BROADSHEET_LLM_URL.")
register("BROADSHEET_LLM_API_KEY", "", "API key for BROADSHEET_LLM_URL, if it needs one.",
         secret=True)
