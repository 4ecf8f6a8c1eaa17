"""Related-article listings found in a page's HTML."""

from __future__ import annotations

from lxml import html as lxml_html

from broadsheet.pipeline.extract.related import related_listings

PAGE = """<html><body><article><p>Body.</p></article>
<aside class="related-stories"><h2>Related stories</h2>
<a href="/news/tidal-energy-approval">Tidal energy scheme wins final approval</a>
<a href="https://other.example/x">Ministers split over the harbour budget</a>
</aside></body></html>"""


def test_links_are_made_absolute_against_the_page_url() -> None:
    listings = related_listings(lxml_html.fromstring(PAGE), base_url="https://news.example/a")
    assert [item.url for item in listings] == [
        "https://news.example/news/tidal-energy-approval",
        "https://other.example/x",
    ]


def test_a_malformed_page_url_keeps_links_as_written() -> None:
    # Found by the mutated-page property test: an unbalanced IPv6 bracket in the page's
    # canonical URL made urljoin raise ValueError out of extract().
    listings = related_listings(lxml_html.fromstring(PAGE), base_url="https://[news.example/a")
    assert [item.url for item in listings] == [
        "/news/tidal-energy-approval",
        "https://other.example/x",
    ]
