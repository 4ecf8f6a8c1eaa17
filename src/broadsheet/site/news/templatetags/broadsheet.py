"""Template tags for Broadsheet's pages: relative times, outlet names, summary lines.

Everything returned here is either plain text (autoescaped by the template) or built
with :func:`django.utils.html.format_html`, which escapes every argument; nothing marks
article or user text safe.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from broadsheet.site.news.models import Article
from broadsheet.site.news.selectors import outlet_name, summary_line

register = template.Library()

# Below this age a time reads "just now" (a feed poll is rarely more precise).
JUST_NOW_SECONDS = 60
# Beyond this many days a relative age stops helping; the date is shown instead.
RELATIVE_DAYS = 7


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'} ago"


def relative_time(when: datetime, now: datetime) -> str:
    """Say how long before ``now`` a moment was: "5 minutes ago", "yesterday", a date.

    Args:
        when: the moment (aware).
        now: the reference moment (aware).

    Returns:
        Relative wording up to a week back, else the date ("3 Mar 2025"); a moment in
        the future (clock skew in a feed) is given as its date too.
    """
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return f"{when.day} {when:%b %Y}" if -seconds > JUST_NOW_SECONDS else "just now"
    if seconds < JUST_NOW_SECONDS:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _plural(hours, "hour")
    days = hours // 24
    if days == 1:
        return "yesterday"
    if days < RELATIVE_DAYS:
        return _plural(days, "day")
    return f"{when.day} {when:%b %Y}"


@register.simple_tag
def timeago(when: datetime | None) -> SafeString | str:
    """``<time datetime=... title=exact>5 minutes ago</time>``, or '' for no time."""
    if when is None:
        return ""
    now = timezone.now()
    local = timezone.localtime(when) if timezone.is_aware(when) else when
    exact = f"{local:%A} {local.day} {local:%B %Y, %H:%M %Z}".strip()
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        when.isoformat(),
        exact,
        relative_time(when if timezone.is_aware(when) else timezone.make_aware(when), now),
    )


@register.filter
def outlet(article: Article) -> str:
    """The outlet name of an article."""
    return outlet_name(article)


@register.filter
def summary(article: Article) -> str:
    """The one-line summary of an article for listings."""
    return summary_line(article)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``mapping[key]`` or 0 (for count lookups such as story outlets)."""
    return mapping.get(key, 0)


@register.filter
def web_url(url: str | None) -> str:
    """``url`` if it is an http(s) address, else '' (no ``javascript:`` in an href)."""
    text = (url or "").strip()
    if text.lower().startswith(("https://", "http://")):
        return text
    return ""
