"""poll_feeds end to end against a loopback server: teasers, 304s, bad feeds, sitemaps."""

from __future__ import annotations

import asyncio
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from broadsheet.errors import NoArticleFound
from broadsheet.fetch import FeedOutcome, FeedSpec, Fetcher, poll_feeds
from broadsheet.types import Article, Paragraph, RawDocument

from .loopback import LoopbackServer, Reply

ENV = {"BROADSHEET_FETCH_ALLOW_HOSTS": "127.0.0.1"}
PAGE = (
    "<html><head><title>{title}</title></head><body><nav>Home | News</nav><article>"
    "<h1>{title}</h1>"
    + "<p>{title}: a paragraph of the article body with enough words.</p>" * 6
    + "</article></body></html>"
)


def tiny_extract(raw: RawDocument) -> Article:
    """A stand-in extractor: the page's bytes/text, so tests see what was extracted from."""
    text = raw.content.decode() if isinstance(raw.content, bytes) else raw.content
    if "NO ARTICLE" in text:
        raise NoArticleFound("nothing here", input=raw.name)
    title = raw.hints.title or ""
    return Article(title=title, body=text, paragraphs=(Paragraph(text, 0, len(text)),), url=raw.url)


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><description>{d}</description></item>"
        for t, path, d in items
    )
    return f'<rss version="2.0"><channel><title>Test</title>{body}</channel></rss>'.encode()


def collect(specs: list[FeedSpec], **kwargs: object) -> dict[str, FeedOutcome]:
    async def go() -> dict[str, FeedOutcome]:
        async with Fetcher(environ=ENV, host_delay=0) as fetcher:
            kwargs.setdefault("extractor", tiny_extract)
            return {
                o.url: o
                async for o in poll_feeds(specs, fetcher=fetcher, environ=ENV, **kwargs)  # type: ignore[arg-type]
            }

    return asyncio.run(go())


@pytest.fixture
def news(server: LoopbackServer) -> LoopbackServer:
    base = server.url("")
    server.route("/robots.txt", Reply(404))
    server.route(
        "/feed.rss",
        lambda request: (
            Reply(304)
            if request.headers.get("if-none-match") == '"e1"'
            else Reply(
                200,
                rss(
                    base,
                    [
                        ("One", "/one", "teaser one..."),
                        ("Two", "/two", "teaser"),
                        ("Gone", "/gone", "the feed's own text"),
                    ],
                ),
                {"ETag": '"e1"'},
            )
        ),
    )
    html = {"Content-Type": "text/html"}
    server.route("/one", Reply(200, PAGE.format(title="One").encode(), html))
    server.route("/two", Reply(200, PAGE.format(title="Two").encode(), html))
    server.route(
        "/broken.rss",
        Reply(
            200,
            b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/feed.rss"></head><body>not a feed</body></html>',
        ),
    )
    server.route("/down.rss", Reply(500, b"oops"))
    return server


def test_teasers_are_completed_with_their_pages(news: LoopbackServer) -> None:
    outcome = collect([FeedSpec(news.url("/feed.rss"))])[news.url("/feed.rss")]
    assert outcome.status == "ok" and outcome.etag == '"e1"'
    one, two, gone = outcome.items
    assert one.page_fetched and one.article is not None and "One: a paragraph" in one.article.body
    assert one.raw.url == news.url("/one") and one.raw.hints.title == "One"
    assert two.article is not None and "Two: a paragraph" in two.article.body
    # The page is missing: the item is still returned, built from the feed's text.
    assert not gone.page_fetched and gone.error and "404" in gone.error
    assert gone.article is not None and gone.article.body == "the feed's own text"


def test_unchanged_feed_costs_one_304(news: LoopbackServer) -> None:
    outcome = collect([FeedSpec(news.url("/feed.rss"), etag='"e1"')])[news.url("/feed.rss")]
    assert outcome.status == "not-modified" and outcome.items == ()
    assert [r.path for r in news.log if r.path != "/robots.txt"] == ["/feed.rss"]


def test_known_items_are_not_fetched_again(news: LoopbackServer) -> None:
    first = collect([FeedSpec(news.url("/feed.rss"))])[news.url("/feed.rss")]
    known = frozenset(item.identity for item in first.items[:2])
    news.log.clear()
    again = collect([FeedSpec(news.url("/feed.rss"), known=known)])[news.url("/feed.rss")]
    assert [i.item.title for i in again.items] == ["Gone"]
    assert news.hits("/one") == [] and news.hits("/two") == []


def test_bad_feeds_do_not_stop_the_others(news: LoopbackServer) -> None:
    urls = [news.url(p) for p in ("/broken.rss", "/feed.rss", "/down.rss", "/nothere.rss")]
    outcomes = collect([FeedSpec(u) for u in urls])
    assert [outcomes[u].status for u in urls] == ["error", "ok", "error", "error"]
    assert outcomes[urls[0]].error_kind == "FeedError"
    assert outcomes[urls[0]].discovered == (news.url("/feed.rss"),)  # a page linking its feed
    assert outcomes[urls[2]].http_status == 500
    assert outcomes[urls[3]].http_status == 404


def test_raw_items_without_extraction_and_without_pages(news: LoopbackServer) -> None:
    outcome = collect([FeedSpec(news.url("/feed.rss"))], extract=False, full_text="never")
    items = outcome[news.url("/feed.rss")].items
    assert all(i.article is None and not i.page_fetched for i in items)
    assert items[0].raw.content == "teaser one..."
    assert news.hits("/one") == []


def test_extraction_failure_is_reported_per_item(news: LoopbackServer) -> None:
    news.route("/one", Reply(200, b"<html>NO ARTICLE</html>"))
    outcome = collect([FeedSpec(news.url("/feed.rss"))])[news.url("/feed.rss")]
    one = outcome.items[0]
    assert one.article is None and one.error and "NoArticleFound" in one.error
    assert outcome.items[1].article is not None


def test_news_sitemap_as_a_source(server: LoopbackServer, tests_data: Path) -> None:
    sitemap = (tests_data / "fetch" / "sitemap_news.xml").read_text()
    sitemap = sitemap.replace("https://riverside.example", server.url(""))
    server.route("/robots.txt", Reply(404))
    server.route("/sitemap.xml", Reply(200, sitemap.encode(), {"Content-Type": "application/xml"}))
    server.route("/news/river-path", Reply(200, PAGE.format(title="River").encode()))
    server.route("/news/mill-museum", Reply(200, PAGE.format(title="Mill").encode()))
    outcome = collect([FeedSpec(server.url("/sitemap.xml"))])[server.url("/sitemap.xml")]
    assert outcome.status == "ok" and outcome.title == "Riverside Gazette"
    assert [i.item.title for i in outcome.items] == [
        "River path to be extended",
        "Mill reopens as a museum",
    ]
    assert all(i.page_fetched and i.article for i in outcome.items)


@pytest.mark.slow
# trafilatura imports urllib3's SOCKS support, which warns when PySocks is absent.
@pytest.mark.filterwarnings("ignore:SOCKS support in urllib3:urllib3.exceptions.DependencyWarning")
def test_real_extractor_in_a_process_pool(news: LoopbackServer) -> None:
    from broadsheet.pipeline.extract import extract

    with ProcessPoolExecutor(2) as pool:
        outcome = collect([FeedSpec(news.url("/feed.rss"))], extractor=extract, executor=pool)
    one = outcome[news.url("/feed.rss")].items[0]
    assert one.article is not None and "One: a paragraph" in one.article.body


def test_hostile_sources_each_fail_clearly_and_the_good_one_still_works(
    server: LoopbackServer, tests_data: Path
) -> None:
    import gzip as gzip_module
    from collections.abc import AsyncIterator

    from broadsheet.fetch import FetchLimits

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"<item>" * 10000
            await asyncio.sleep(0)

    async def trickle() -> AsyncIterator[bytes]:
        for _ in range(30):
            yield b"<"
            await asyncio.sleep(1)

    many = "".join(f"<item><title>{n}</title></item>" for n in range(100_000))
    data = tests_data / "fetch"
    server.route("/robots.txt", Reply(404))
    server.route("/laughs.xml", Reply(200, (data / "billion_laughs.xml").read_bytes()))
    server.route(
        "/bomb.xml",
        Reply(
            200, gzip_module.compress(b"<rss>" + b" " * 80_000_000), {"Content-Encoding": "gzip"}
        ),
    )
    server.route("/endless.xml", lambda request: Reply(200, endless()))
    server.route("/trickle.xml", lambda request: Reply(200, trickle()))
    server.route(
        "/many.xml", Reply(200, f'<rss version="2.0"><channel>{many}</channel></rss>'.encode())
    )
    server.route("/utf8.xml", Reply(200, (data / "invalid_utf8.xml").read_bytes()))
    server.route("/good.xml", Reply(200, (data / "rss2_teasers.xml").read_bytes()))
    paths = [
        "/laughs.xml",
        "/bomb.xml",
        "/endless.xml",
        "/trickle.xml",
        "/many.xml",
        "/utf8.xml",
        "/good.xml",
    ]

    async def go() -> dict[str, FeedOutcome]:
        limits = FetchLimits(max_bytes=5_000_000, timeout=3.0)
        async with Fetcher(environ=ENV, host_delay=0, limits=limits) as fetcher:
            specs = [FeedSpec(server.url(p)) for p in paths]
            return {
                o.url: o
                async for o in poll_feeds(
                    specs, fetcher=fetcher, extract=False, full_text="never", environ=ENV
                )
            }

    outcomes = asyncio.run(go())
    kinds = {p: (outcomes[server.url(p)].status, outcomes[server.url(p)].error_kind) for p in paths}
    assert kinds == {
        "/laughs.xml": ("error", "FeedError"),
        "/bomb.xml": ("error", "ResponseTooLarge"),
        "/endless.xml": ("error", "ResponseTooLarge"),
        "/trickle.xml": ("error", "FetchTimeout"),
        "/many.xml": ("error", "ResponseTooLarge"),
        "/utf8.xml": ("ok", None),
        "/good.xml": ("ok", None),
    }
    assert len(outcomes[server.url("/good.xml")].items) == 3


def test_media_links_and_non_html_pages_fall_back_on_the_feed(server: LoopbackServer) -> None:
    base = server.url("")
    server.route("/robots.txt", Reply(404))
    server.route(
        "/pod.rss",
        Reply(200, rss(base, [("Episode", "/ep1.mp3", "show notes"), ("Doc", "/doc", "summary")])),
    )
    server.route("/ep1.mp3", Reply(200, b"ID3" + b"\0" * 1000, {"Content-Type": "audio/mpeg"}))
    server.route("/doc", Reply(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}))
    outcome = collect([FeedSpec(server.url("/pod.rss"))], extract=False)[server.url("/pod.rss")]
    episode, doc = outcome.items
    assert not episode.page_fetched and "media file" in (episode.error or "")
    assert server.hits("/ep1.mp3") == []  # never downloaded
    assert not doc.page_fetched and "application/pdf" in (doc.error or "")
    assert doc.raw.content == "summary"
