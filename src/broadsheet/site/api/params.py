"""Declared parameters of the JSON API: one declaration parses a value and describes it.

Each endpoint lists its path and query parameters as :class:`Param` values. The view
parses the request through them (a bad value raises :class:`~broadsheet.errors.InputError`
naming the parameter, which the error middleware turns into a 400) and
:mod:`broadsheet.site.api.openapi` renders the same declarations into the schema, so the
documentation cannot drift from what the code accepts. Nothing here touches the database.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from django.utils.dateparse import parse_date, parse_datetime

from broadsheet.errors import InputError

__all__ = [
    "MAX_ID",
    "Cursor",
    "Param",
    "cursor_decode",
    "cursor_encode",
    "datetime_param",
    "int_param",
    "parse_params",
    "text_param",
]

Location = Literal["query", "path"]

#: Largest id the database can hold (BigAutoField, signed 64-bit); a larger number would
#: overflow the driver instead of simply matching nothing.
MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: where it is, its JSON Schema, and how a raw string becomes a value.

    ``parse`` raises :class:`ValueError` with a message saying what is wrong; the caller
    adds the parameter's name.
    """

    name: str
    description: str
    schema: dict[str, Any]
    parse: Callable[[str], Any]
    location: Location = "query"
    required: bool = False
    default: Any = None

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3.1 Parameter Object of this parameter."""
        schema = dict(self.schema)
        if self.default is not None:
            schema["default"] = self.default
        return {
            "name": self.name,
            "in": self.location,
            "required": self.required or self.location == "path",
            "description": self.description,
            "schema": schema,
        }


_INTEGER = re.compile(r"-?[0-9]+")


def _integer(minimum: int | None, maximum: int | None) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        text = raw.strip()
        if _INTEGER.fullmatch(text) is None:
            raise ValueError(f"expected an integer, got {raw[:40]!r}")
        if len(text) > len(str(MAX_ID)) + 1:
            raise ValueError("out of range")
        value = int(text)
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum:
            raise ValueError(f"must be at most {maximum}, got {value}")
        return value

    return parse


def int_param(
    name: str,
    description: str,
    *,
    minimum: int | None = 1,
    maximum: int | None = MAX_ID,
    default: int | None = None,
    location: Location = "query",
) -> Param:
    """An integer parameter with optional bounds (ids are integers of at least 1)."""
    schema: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return Param(name, description, schema, _integer(minimum, maximum), location, default=default)


def text_param(
    name: str,
    description: str,
    *,
    max_length: int = 200,
    location: Location = "query",
) -> Param:
    """A non-blank string parameter of bounded length."""

    def parse(raw: str) -> str:
        text = raw.strip()
        if not text:
            raise ValueError("must not be blank")
        if len(text) > max_length:
            raise ValueError(f"must be at most {max_length} characters, got {len(text)}")
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise ValueError("must not contain control characters")
        return text

    schema = {"type": "string", "minLength": 1, "maxLength": max_length}
    return Param(name, description, schema, parse, location)


def _parse_datetime(raw: str) -> datetime:
    text = raw.strip()
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime(day.year, day.month, day.day)
    except ValueError as exc:  # well-formed but impossible, e.g. 2026-02-30
        raise ValueError(f"not a valid date or time: {exc}") from exc
    if moment is None:
        raise ValueError(f"expected an ISO 8601 date or date-time, got {raw!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def datetime_param(name: str, description: str) -> Param:
    """An ISO 8601 date or date-time; a value without a zone is read as UTC."""
    schema = {
        "type": "string",
        "description": "ISO 8601 date (2026-11-27) or date-time (2026-11-27T09:00:00Z).",
    }
    return Param(name, description, schema, _parse_datetime)


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a list ordered newest first: the last row's time (None if undated) and id."""

    time: datetime | None
    id: int


def cursor_encode(cursor: Cursor) -> str:
    """An opaque, URL-safe token for ``cursor``."""
    moment = cursor.time.isoformat() if cursor.time is not None else ""
    raw = f"{moment}|{cursor.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(token: str) -> Cursor:
    """Read a token made by :func:`cursor_encode`.

    Raises:
        ValueError: the token was not made by :func:`cursor_encode`.
    """
    text = token.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        time_text, _, id_text = raw.partition("|")
        moment = datetime.fromisoformat(time_text) if time_text else None
        row_id = int(id_text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("not a cursor returned by this API (use the `next` link)") from exc
    if (moment is not None and moment.tzinfo is None) or not 1 <= row_id <= MAX_ID:
        raise ValueError("not a cursor returned by this API (use the `next` link)")
    return Cursor(moment, row_id)


def cursor_param() -> Param:
    """The ``cursor`` query parameter of paginated lists."""
    schema = {"type": "string", "maxLength": 200}
    return Param(
        "cursor",
        "Opaque position from the `next` field of the previous page.",
        schema,
        cursor_decode,
    )


@dataclass(frozen=True, slots=True)
class ParsedParams:
    """Values of the parameters a request gave; absent optional parameters are defaults."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def parse_params(
    params: Iterable[Param],
    query: Mapping[str, str] | Any,
    path: Mapping[str, str] | None = None,
) -> ParsedParams:
    """Parse path and query values through their declarations.

    Args:
        params: the endpoint's declared parameters.
        query: the request's query (a ``QueryDict`` or a plain mapping).
        path: the values captured from the URL path.

    Returns:
        Parsed values by name; absent optional parameters hold their default.

    Raises:
        InputError: a value does not parse, a required one is missing, a parameter is
            given twice, or the query names a parameter the endpoint does not know
            (``input`` names it).
    """
    declared = list(params)
    known = {p.name for p in declared if p.location == "query"}
    for name in query:
        if name not in known:
            allowed = ", ".join(sorted(known)) or "none"
            raise InputError(f"unknown query parameter (allowed: {allowed})", input=name)
    values: dict[str, Any] = {}
    path_values = path or {}
    for param in declared:
        if param.location == "path":
            raw = path_values.get(param.name)
        else:
            many = query.getlist(param.name) if hasattr(query, "getlist") else None
            if many is not None and len(many) > 1:
                raise InputError("given more than once", input=param.name)
            raw = query.get(param.name)
        if raw is None:
            if param.required or param.location == "path":
                raise InputError("required", input=param.name)
            values[param.name] = param.default
            continue
        try:
            values[param.name] = param.parse(raw)
        except ValueError as exc:
            raise InputError(str(exc), input=param.name) from exc
    return ParsedParams(values)
