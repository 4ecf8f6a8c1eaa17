"""The article page in a real browser: sections present, sign up, comment, screenshot.

Drives Debian's Chromium (``/usr/bin/chromium``) through Playwright's Python package
against pytest-django's live server; nothing is downloaded and Chromium resolves no
host but the live server's. Without Chromium the test skips with the reason, except
when ``CI`` is set or ``BROADSHEET_REQUIRE_BROWSER=1``: then it fails instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from broadsheet.types import RawDocument

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
DATA = Path(__file__).resolve().parent.parent / "data" / "site"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: no name but the live server's resolves, so nothing leaves loopback.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
PASSWORD = "gulls-over-skerry-41"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    # trafilatura imports urllib3's SOCKS support, which warns when PySocks is absent.
    pytest.mark.filterwarnings(
        "ignore:SOCKS support in urllib3:urllib3.exceptions.DependencyWarning"
    ),
]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def _require_chromium() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if _flag("CI") or _flag("BROADSHEET_REQUIRE_BROWSER"):
        pytest.fail(f"{reason}; CI / BROADSHEET_REQUIRE_BROWSER needs the browser test to run")
    pytest.skip(reason)


def _ingest(name: str, url: str, enricher: object):
    from broadsheet.site.news.services import article_ingest

    raw = RawDocument(content=(DATA / name).read_bytes(), name=name, url=url)
    outcome = article_ingest(raw=raw, enricher=enricher)  # type: ignore[arg-type]
    assert outcome.article is not None, outcome
    return outcome.article


def test_article_page_sign_up_and_comment(live_server, transactional_db, monkeypatch):
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    from broadsheet.pipeline.enrich import Enricher

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls
    # made here between browser steps are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    enricher = Enricher()
    article = _ingest(
        "browser-keepers.html",
        "https://northherald.example/news/keepers-return-skerry-point",
        enricher,
    )
    _ingest(
        "browser-keepers-follow.html",
        "https://islandcourier.example/2026/11/skerry-point-staffed-again",
        enricher,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(live_server.url + article.get_absolute_url())
            expect(page.locator("h1#headline")).to_have_text(
                "Keepers return to Skerry Point lighthouse"
            )
            for heading, text in (
                ("#hashtags-h", "Hashtags"),
                ("#ai-h", "AI features"),
                ("#comments-h", "Comments"),
                ("#related-h", "Related articles"),
            ):
                expect(page.locator(heading)).to_contain_text(text)
            exact_time = re.compile(r"\d{4}, \d\d:\d\d")
            expect(page.locator(".article-head time")).to_have_attribute("title", exact_time)
            # The AI panel is filled, and each of its in-page links lands in the body.
            expect(page.locator("#ai")).not_to_contain_text("not been enriched")
            hrefs = page.locator("#ai a[href^='#']").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            assert hrefs
            for href in hrefs:
                assert page.locator(f".body {href}").count() == 1, href
            expect(page.locator("#related")).to_contain_text("same story")
            # The stylesheet is served (a styled masthead has a double rule).
            assert page.locator(".masthead").evaluate(
                "el => getComputedStyle(el).borderBottomStyle"
            ) == "double"

            page.locator("#comments").get_by_role("link", name="create an account").click()
            page.fill("input[name=username]", "morag")
            page.fill("input[name=password1]", PASSWORD)
            page.fill("input[name=password2]", PASSWORD)
            page.get_by_role("button", name="Create account").click()
            expect(page.locator("h1#headline")).to_be_visible()
            expect(page.locator(".account")).to_contain_text("morag")

            comment = "Glad to see <b>keepers</b> back on the rock."
            page.fill("#comments textarea[name=body]", comment)
            page.get_by_role("button", name="Post comment").click()
            posted = page.locator("#comments .comment-body").last
            expect(posted).to_have_text(comment)  # shown as text, not as markup
            assert posted.locator("b").count() == 0
            page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)

            # The rest of the site, reached by clicking: story, home, search.
            page.get_by_role("link", name="Full coverage of this story").click()
            expect(page.locator(".timeline-list li")).to_have_count(2)
            expect(page.locator(".timeline-list li").first).to_contain_text("First report")
            page.screenshot(path=str(ARTIFACTS / "story-page.png"), full_page=True)
            page.locator(".brand").click()
            expect(page.locator("#top-h")).to_have_text("Top stories")
            page.screenshot(path=str(ARTIFACTS / "home-page.png"), full_page=True)
            page.fill("#site-q", "lighthouse keepers")
            page.locator(".search-box button").click()
            expect(page.locator(".results li")).to_have_count(2)
            expect(page.locator(".results mark").first).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "search-page.png"), full_page=True)
        finally:
            browser.close()


def test_without_chromium_the_test_skips_but_fails_in_ci(monkeypatch, tmp_path):
    import sys

    module = sys.modules[__name__]
    monkeypatch.setattr(module, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BROADSHEET_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found"):
        _require_chromium()
    for name, value in (("CI", "true"), ("BROADSHEET_REQUIRE_BROWSER", "1")):
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
                _require_chromium()
