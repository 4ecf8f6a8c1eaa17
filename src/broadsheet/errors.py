"""Broadsheet's one exception tree.

Every error Broadsheet raises on purpose derives from :class:`BroadsheetError` and
carries fields that show in ``str()``, so a CLI line or an API body can name the input
and what was wrong with it. Third-party errors are translated at the boundary with
``raise ... from exc``; nothing here catches or swallows anything.

    BroadsheetError
    ├── ConfigError                 a setting has a value that cannot be used
    ├── InputError                  an input cannot be read as what it claims to be
    │   ├── EmptyInput              nothing (or only white space) to work on
    │   ├── InputTooLarge           over a size limit
    │   └── UnsupportedInput        binary junk, an unknown or mismatched format
    ├── ExtractionError             extraction ran but gave no usable article
    │   └── NoArticleFound          the page has no article body (a typed outcome)
    ├── EnrichmentError             enrichment could not run on an article
    ├── FetchError                  network I/O failed (fields: url, reason)
    │   ├── BlockedAddress          the address guard refused a destination (SSRF)
    │   ├── RobotsDisallowed        robots.txt forbids the URL
    │   ├── ResponseTooLarge        body, decompression or item limits exceeded
    │   ├── FetchTimeout            connect/read/total time limit exceeded
    │   ├── HTTPStatusError         a non-success status (field: status)
    │   └── FeedError               the response is not a usable feed/sitemap
    ├── NotFound                    a requested object does not exist
    ├── PermissionDenied            the user may not do this (e.g. moderate)
    └── ConflictError               a write would break an invariant of stored data
"""

from __future__ import annotations

__all__ = [
    "BlockedAddress",
    "BroadsheetError",
    "ConfigError",
    "ConflictError",
    "EmptyInput",
    "EnrichmentError",
    "ExtractionError",
    "FeedError",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "InputError",
    "InputTooLarge",
    "NoArticleFound",
    "NotFound",
    "PermissionDenied",
    "ResponseTooLarge",
    "RobotsDisallowed",
    "UnsupportedInput",
]


class BroadsheetError(Exception):
    """Base of every error Broadsheet raises on purpose.

    Args:
        reason: what is wrong, in words a user can act on.
        input: the input the error is about (a path, URL, id), if any.
    """

    def __init__(self, reason: str, *, input: str | None = None) -> None:
        self.reason = reason
        self.input = input
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.input:
            return f"{self.input}: {self.reason}"
        return self.reason


class ConfigError(BroadsheetError):
    """A setting has a value that cannot be used (``input`` is the setting name)."""


class InputError(BroadsheetError):
    """An input cannot be read as what it claims to be."""


class EmptyInput(InputError):
    """The input is empty or holds only white space."""


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""


class UnsupportedInput(InputError):
    """The input is binary junk or of a format Broadsheet does not read."""


class ExtractionError(BroadsheetError):
    """Extraction ran but gave no usable article."""


class NoArticleFound(ExtractionError):
    """The document has no article body; ``reason`` says what was found instead."""


class EnrichmentError(BroadsheetError):
    """Enrichment could not run on an article."""


class FetchError(BroadsheetError):
    """Network I/O failed. ``url`` is the URL asked for."""

    def __init__(self, reason: str, *, url: str | None = None) -> None:
        self.url = url
        super().__init__(reason, input=url)


class BlockedAddress(FetchError):
    """The address guard refused to connect (private, loopback, link-local ...)."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt forbids fetching the URL."""


class ResponseTooLarge(FetchError):
    """A size limit was exceeded (body, decompressed size, items, redirects)."""


class FetchTimeout(FetchError):
    """A connect, read or total time limit was exceeded."""


class HTTPStatusError(FetchError):
    """The server answered with a non-success status."""

    def __init__(self, reason: str, *, url: str | None = None, status: int = 0) -> None:
        self.status = status
        super().__init__(reason, url=url)


class FeedError(FetchError):
    """The response is not a usable feed or sitemap."""


class NotFound(BroadsheetError):
    """A requested object does not exist."""


class PermissionDenied(BroadsheetError):
    """The user may not do this (``input`` names the object)."""


class ConflictError(BroadsheetError):
    """A write would break an invariant of the stored data."""
