"""Writes the JSON API performs: a client's payload checked, then the news services.

Only :func:`source_create` for now. It validates every field before anything is
written, raising :class:`~broadsheet.errors.InputError` naming the field that is wrong,
then adds the source through :func:`broadsheet.site.news.services.source_add` (the one
write path, which normalises the URL) and raises
:class:`~broadsheet.errors.ConflictError` when that URL is already a source; the error
middleware turns those into 400 and 409.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from broadsheet.errors import ConflictError, InputError
from broadsheet.fetch.urls import normalise_url
from broadsheet.site.news.models import Source
from broadsheet.site.news.services import source_add

__all__ = ["SOURCE_FIELDS", "source_create"]

#: Fields a client may send, with their longest length (the model's column sizes).
SOURCE_FIELDS: dict[str, int] = {"url": 2000, "name": 300, "folder": 200, "kind": 16}

_url_validator = URLValidator(schemes=["http", "https"])


def _text(payload: dict[str, Any], name: str, *, required: bool = False) -> str:
    if name not in payload:
        if required:
            raise InputError("required", input=name)
        return ""
    value = payload[name]
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        raise InputError(f"must be a string, got {kind}", input=name)
    text = value.strip()
    if required and not text:
        raise InputError("must not be blank", input=name)
    if len(text) > SOURCE_FIELDS[name]:
        raise InputError(f"must be at most {SOURCE_FIELDS[name]} characters", input=name)
    return text


def _checked_url(text: str) -> str:
    try:
        _url_validator(text)
        normalised = normalise_url(text)
    except (ValidationError, InputError) as exc:
        raise InputError("must be an absolute http:// or https:// URL", input="url") from exc
    if len(normalised) > SOURCE_FIELDS["url"]:
        raise InputError(f"must be at most {SOURCE_FIELDS['url']} characters", input="url")
    return normalised


@transaction.atomic
def source_create(*, payload: Any) -> Source:
    """Create a source from a client's JSON object ``{url, name?, folder?, kind?}``.

    Args:
        payload: the decoded request body.

    Returns:
        The new source (URL normalised; ``name`` defaults to the URL's host, ``kind``
        to ``feed``).

    Raises:
        InputError: the payload is not an object, has an unknown field, or a field is
            missing or invalid (``input`` names the field).
        ConflictError: a source with this (normalised) URL already exists (``input``
            is ``url``).
    """
    if not isinstance(payload, dict):
        raise InputError("must be a JSON object", input="body")
    for name in payload:
        if name not in SOURCE_FIELDS:
            allowed = ", ".join(SOURCE_FIELDS)
            raise InputError(f"unknown field (allowed: {allowed})", input=str(name))
    url = _checked_url(_text(payload, "url", required=True))
    name = _text(payload, "name") or (urlsplit(url).hostname or url)
    folder = _text(payload, "folder")
    kind = _text(payload, "kind") or Source.Kind.FEED
    if kind not in Source.Kind.values:
        raise InputError(f"must be one of {', '.join(Source.Kind.values)}", input="kind")
    source, created = source_add(url=url, name=name, kind=kind, folder=folder)
    if not created:
        raise ConflictError(f"already a source (id {source.pk})", input="url")
    return source
