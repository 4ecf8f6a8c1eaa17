"""URL normalisation: one canonical spelling per URL, tracking parameters dropped.

Pure string work on top of courlan (lower-cased scheme and host, default port
dropped, path dot-segments resolved, query sorted, tracking parameters such as
``utm_*``, ``fbclid`` or ``gclid`` removed) plus what item identity needs: the
fragment is dropped (it never reaches the server) and the result is a fixed point,
so normalising twice changes nothing. It does no I/O and no DNS.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from courlan.clean import normalize_url as _courlan_normalize

from broadsheet.errors import InputError

__all__ = ["normalise_url"]

# courlan's normalisation is not a fixed point on every input (re-quoting, empty query
# values); a few passes reach one on everything the property tests generate.
_MAX_PASSES = 4
_SCHEMES = frozenset({"http", "https"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, for absolute paths."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if segments[-1] in {".", ".."}:
        output.append("")
    return "/" + "/".join(output)


def _one_pass(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise InputError(f"not a URL: {exc}", input=url[:200]) from exc
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise InputError("not an http(s) URL", input=url[:200])
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InputError("URL has no host", input=url[:200])
    try:
        normalised = _courlan_normalize(url, strict=False, trailing_slash=True)
        parts = urlsplit(normalised)
    except (ValueError, UnicodeError) as exc:
        raise InputError(f"cannot normalise URL: {exc}", input=url[:200]) from exc
    netloc = host.lower()
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if parts.username or parts.password:
        raise InputError("URL carries credentials", input=url[:200])
    if port is not None and not (
        (scheme == "http" and port == 80) or (scheme == "https" and port == 443)
    ):
        netloc = f"{netloc}:{port}"
    path = _remove_dot_segments(parts.path or "/")
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def normalise_url(url: str) -> str:
    """Return the canonical spelling of an http(s) URL.

    Normalising is idempotent: ``normalise_url(normalise_url(u)) == normalise_url(u)``.

    Args:
        url: an absolute http or https URL; surrounding white space is ignored.

    Returns:
        The URL with scheme and host lower-cased, default port, fragment and tracking
        parameters dropped, query parameters sorted and the path normalised.

    Raises:
        InputError: ``url`` is not an absolute http(s) URL with a host (the only
            exception this function raises, for any ``str``).
    """
    current = _CONTROL.sub("", url.strip())
    if not current:
        raise InputError("empty URL", input=url[:200])
    for _ in range(_MAX_PASSES):
        following = _one_pass(current)
        if following == current:
            return current
        current = following
    return current
