"""Application errors become 4xx responses in one place (site/errors.py)."""

from __future__ import annotations

import pytest

from broadsheet.errors import (
    BroadsheetError,
    ConflictError,
    EmptyInput,
    NotFound,
    PermissionDenied,
)
from broadsheet.site.errors import status_for


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("no such article", input="42"), 404),
        (PermissionDenied("only staff can moderate", input="7"), 403),
        (ConflictError("already stored"), 409),
        (EmptyInput("empty comment"), 400),
        (BroadsheetError("something else"), 422),
    ],
)
def test_status_for_each_kind_of_error(error: BroadsheetError, status: int) -> None:
    assert status_for(error) == status


def test_error_text_names_the_input() -> None:
    assert str(NotFound("no such article", input="42")) == "42: no such article"
