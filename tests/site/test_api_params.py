"""Declared API parameters: parsing is total (a value or a ValueError), cursors round-trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.errors import InputError
from broadsheet.site.api.params import (
    Cursor,
    cursor_decode,
    cursor_encode,
    datetime_param,
    int_param,
    parse_params,
    text_param,
)

LIMIT = int_param("limit", "Items.", minimum=1, maximum=100, default=20)
SINCE = datetime_param("since", "From.")
Q = text_param("q", "Words.", max_length=50)


@given(
    st.one_of(st.none(), st.datetimes(timezones=st.just(UTC))),
    st.integers(min_value=1, max_value=2**63 - 1),
)
def test_cursor_round_trips(moment: datetime | None, row_id: int) -> None:
    cursor = Cursor(moment, row_id)
    assert cursor_decode(cursor_encode(cursor)) == cursor


@given(st.text(max_size=80))
def test_every_parser_gives_a_value_or_a_value_error(raw: str) -> None:
    for param in (LIMIT, SINCE, Q):
        try:
            param.parse(raw)
        except ValueError:
            pass
    try:
        cursor_decode(raw)
    except ValueError:
        pass


@given(st.integers())
def test_limit_is_kept_in_bounds(value: int) -> None:
    try:
        parsed = LIMIT.parse(str(value))
    except ValueError as exc:
        assert not 1 <= value <= 100, exc
    else:
        assert parsed == value and 1 <= parsed <= 100


def test_absent_parameters_take_their_default() -> None:
    parsed = parse_params([LIMIT, SINCE], QueryDict(""))
    assert parsed["limit"] == 20 and parsed["since"] is None


def test_naive_times_are_utc() -> None:
    assert SINCE.parse("2026-11-27T09:00:00") == datetime(2026, 11, 27, 9, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["٣", "1.0", "+", "", " "])
def test_limit_rejects_non_ascii_digits_and_junk(raw: str) -> None:
    with pytest.raises(ValueError):
        LIMIT.parse(raw)


def test_errors_name_the_parameter() -> None:
    with pytest.raises(InputError) as caught:
        parse_params([LIMIT], QueryDict("limit=0"))
    assert caught.value.input == "limit"
    assert str(caught.value).startswith("limit:")
