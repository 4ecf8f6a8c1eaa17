"""The seed case end to end: the aggregator page dump, ingested, makes a clean article page.

The seed (``seed/aggregator-page.txt`` in the shared data) is a page dump whose own
"Related Articles" are unrelated padding and whose "Hashtags", "AI features" and
"Comments" are empty shells. Our page must show the article, filled sections, and no
trace of the padding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from broadsheet.types import RawDocument

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.shared,
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
    pytest.mark.filterwarnings(
        "ignore:SOCKS support in urllib3:urllib3.exceptions.DependencyWarning"
    ),
]


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


@pytest.fixture
def seed_page(shared_data: Path, client: Client) -> str:
    from broadsheet.pipeline.enrich import Enricher
    from broadsheet.site.news.services import article_ingest

    path = shared_data / "seed" / "aggregator-page.txt"
    outcome = article_ingest(
        raw=RawDocument(content=path.read_bytes(), name=path.name), enricher=Enricher()
    )
    assert outcome.article is not None, outcome.error
    response = client.get(reverse("news:article", args=[outcome.article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_seed_article_page_shows_the_article_without_the_page_chrome(seed_page: str):
    assert "Putin Puts on Show of Defiance as Cease-Fire Talks Drag On</h1>" in seed_page
    body = seed_page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "Truth and justice are on our side" in body
    assert "Try Our AI Features" not in seed_page
    assert "No comments yet..." not in seed_page
    assert "Sign in to access your portfolio" not in seed_page
    # The dump's "Related Articles" are unrelated padding: never shown, anywhere.
    assert "China-India Infrastructure Race" not in seed_page
    assert "Let Trump cook" not in seed_page


def test_seed_article_page_fills_the_sections(seed_page: str):
    tags = _section(seed_page, "hashtags")
    assert re.search(r'<a href="/tags/[\w-]+/">#\w+</a>', tags)
    ai = _section(seed_page, "ai")
    assert re.search(r'<a href="/entities/\d+/">Vladimir V. Putin</a>', ai)
    assert "director of the Carnegie Russia Eurasia Center" in ai
    assert "Truth and justice are on our side" in ai
    for anchor in set(re.findall(r'href="#([ps]\d+)"', ai)):
        assert f'id="{anchor}"' in seed_page, anchor
    _section(seed_page, "comments")
    related = _section(seed_page, "related")
    assert "Nothing related yet." in related  # alone in the database: no padding
