"""Read an HTML page's own metadata: title, canonical URL, site, byline, dates, image.

Sources, most trusted first: JSON-LD (``NewsArticle`` and friends), Open Graph and
``article:*`` meta tags, other ``<meta>`` tags, then the document (``<title>``,
``<h1>``, ``<html lang>``). Nothing is guessed from the body text here and nothing is
fetched; ``published`` is only ever a timezone-aware datetime (a date without a zone
is taken as UTC). The JSON-LD ``articleBody``, when present, is handed back for the
HTML extractor to weigh.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import dateutil.parser
from lxml import html as lxml_html

from broadsheet.pipeline.extract.blocks import normalise_space

__all__ = ["PageMetadata", "parse_date", "read_metadata"]

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "review",
        "webpage",
    }
)
# JSON-LD scripts larger than this are not parsed (a runaway state dump, not metadata);
# the largest in the extraction benchmark is about 120 kB.
MAX_JSON_LD_CHARS = 2_000_000
# Nesting depth to which JSON-LD graphs are walked.
MAX_JSON_LD_DEPTH = 8
# Years outside this range are junk dates, not publication dates.
MIN_YEAR, MAX_YEAR = 1990, 2100
# Fuzzy parsing (a dump's date line): dateutil skips a year glued to a bracket
# ("(March 20, 2007)" gave March 20 of the current year), so brackets become spaces;
# and a line that writes a four-digit year must parse to one of its years, else it
# gives no date rather than a wrong one.
_BRACKETS = re.compile(r"[()\[\]{}]")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# US and European zone abbreviations that news pages print and dateutil does not know.
# "ET"/"CT"/"PT" are read as standard time: the day is what matters for a dateline.
_ZONE_HOURS = {
    "ET": -5,
    "EST": -5,
    "EDT": -4,
    "CT": -6,
    "CST": -6,
    "CDT": -5,
    "MT": -7,
    "MST": -7,
    "MDT": -6,
    "PT": -8,
    "PST": -8,
    "PDT": -7,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "IST": 5.5,
    "JST": 9,
    "AEST": 10,
    "AEDT": 11,
}
_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """Metadata found in a page; any field may be missing."""

    title: str | None = None
    headline: str | None = None
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    published: datetime | None = None
    language: str | None = None
    image: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    article_body: str | None = None


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """Zones dateutil cannot name by itself; None (naive, later UTC) for the rest."""
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    hours = _ZONE_HOURS.get((name or "").upper())
    return timezone(timedelta(hours=hours)) if hours is not None else None


def parse_date(value: str | None, *, fuzzy: bool = False) -> datetime | None:
    """Parse a date as pages write it into a timezone-aware datetime, or None.

    Args:
        value: the date text ("2024-04-02T08:30:00+01:00", "Nov. 19, 2019 8:03 am ET").
        fuzzy: skip words around the date (for a line of a page dump).
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        if fuzzy:
            text = _BRACKETS.sub(" ", text)
        try:
            when = dateutil.parser.parse(text, fuzzy=fuzzy, tzinfos=_zone)
        except (ValueError, OverflowError, TypeError):
            return None
        years = {int(year) for year in _YEAR.findall(text)}
        if fuzzy and years and when.year not in years:
            return None
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        cleaned = normalise_space(value)
        return cleaned or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("url"))
    if isinstance(value, list):
        names = [name for item in value if (name := _text(item))]
        return ", ".join(dict.fromkeys(names)) if names else None
    return None


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_JSON_LD_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _json_ld_articles(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        payload = (script.text or "").strip()
        if not payload or len(payload) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            # Broken JSON-LD is common; a page's other metadata still counts.
            continue
        articles.extend(node for node in _walk(data) if _types(node) & _ARTICLE_TYPES)
    # Real article types before generic web pages.
    articles.sort(key=lambda node: "webpage" in _types(node))
    return articles


def _meta(tree: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iterfind(".//meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        key = key.strip().lower()
        if key and content and content.strip() and key not in found:
            found[key] = content.strip()
    return found


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return normalise_space(value)
    return None


def _link(tree: lxml_html.HtmlElement, rel: str) -> str | None:
    for element in tree.iterfind(".//link"):
        if (element.get("rel") or "").strip().lower() == rel and element.get("href"):
            return element.get("href", "").strip() or None
    return None


def _language(tree: lxml_html.HtmlElement, meta: dict[str, str]) -> str | None:
    for value in (
        tree.get("lang"),
        tree.get("xml:lang"),
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    ):
        if value and _LANG.match(value.strip()):
            return value.strip().replace("_", "-").split("-")[0].lower()
    return None


def _time_element(tree: lxml_html.HtmlElement) -> datetime | None:
    """The date of an element marked as the publication date, else the first <time>."""
    for element in tree.iterfind(".//*[@itemprop='datePublished']"):
        when = parse_date(element.get("datetime") or element.get("content"))
        if when is not None:
            return when
    first = tree.find(".//time[@datetime]")
    return parse_date(first.get("datetime")) if first is not None else None


def _categories(article: dict[str, Any], meta: dict[str, str]) -> tuple[str, ...]:
    found: list[str] = []
    for value in (article.get("articleSection"), meta.get("article:section")):
        if isinstance(value, list):
            found.extend(v for v in value if isinstance(v, str))
        elif isinstance(value, str):
            found.append(value)
    return tuple(dict.fromkeys(normalise_space(v) for v in found if v.strip()))


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """Read the metadata of a parsed page.

    Args:
        tree: the page, parsed by lxml.html.

    Returns:
        The :class:`PageMetadata`; fields the page does not carry are None.
    """
    articles = _json_ld_articles(tree)
    article = articles[0] if articles else {}
    meta = _meta(tree)
    title_element = tree.find(".//title")
    h1 = tree.find(".//h1")
    image = article.get("image")
    body = article.get("articleBody")
    return PageMetadata(
        title=_first(
            _text(article.get("headline")),
            meta.get("og:title"),
            meta.get("twitter:title"),
            h1.text_content() if h1 is not None else None,
            title_element.text_content() if title_element is not None else None,
        ),
        headline=_first(h1.text_content() if h1 is not None else None),
        url=_first(_link(tree, "canonical"), meta.get("og:url")),
        source=_first(
            meta.get("og:site_name"),
            _text(article.get("publisher")),
            meta.get("application-name"),
        ),
        byline=_first(
            _text(article.get("author")),
            meta.get("author"),
            meta.get("article:author") if "://" not in meta.get("article:author", "") else None,
            meta.get("byl"),
            meta.get("sailthru.author"),
        ),
        published=(
            parse_date(_text(article.get("datePublished")))
            or parse_date(meta.get("article:published_time"))
            or parse_date(meta.get("datepublished"))
            or parse_date(meta.get("pubdate"))
            or parse_date(meta.get("date"))
            or parse_date(meta.get("dc.date"))
            or parse_date(meta.get("dc.date.issued"))
            or parse_date(meta.get("sailthru.date"))
            or parse_date(meta.get("parsely-pub-date"))
            or _time_element(tree)
        ),
        language=_language(tree, meta),
        image=_first(meta.get("og:image"), _text(image), meta.get("twitter:image")),
        description=_first(
            meta.get("og:description"), meta.get("description"), _text(article.get("description"))
        ),
        categories=_categories(article, meta),
        article_body=body if isinstance(body, str) and body.strip() else None,
    )
