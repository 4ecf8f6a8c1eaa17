"""Fetching: all of Broadsheet's network I/O (stub, filled in below)."""

from broadsheet.fetch.client import Fetcher, FetchLimits, FetchResponse
from broadsheet.fetch.guard import AddressGuard, MappingResolver
from broadsheet.fetch.urls import normalise_url

__all__ = [
    "AddressGuard",
    "FetchLimits",
    "FetchResponse",
    "Fetcher",
    "MappingResolver",
    "normalise_url",
]
