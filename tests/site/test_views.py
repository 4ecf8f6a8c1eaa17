"""The news pages: home, article, story, entity and tag pages render what they must."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.site.factories import make_article, make_story
from tests.site.page_rows import Desk, build_desk

from broadsheet.site.news import selectors
from broadsheet.site.news.models import Article, Mention, Story

pytestmark = [
    pytest.mark.django_db,
    # WhiteNoise warns when STATIC_ROOT has not been collected yet (tests never collect).
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture
def desk() -> Desk:
    return build_desk()


def _html(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def _section(html: str, section_id: str) -> str:
    """The HTML of ``<section ... id="section_id">`` up to its end."""
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


# --- home ------------------------------------------------------------------------------


def test_home_shows_top_story_with_coverage_not_counting_copies(client: Client, desk: Desk):
    html = _html(client, reverse("news:home"))
    top = html.split('id="top-h"', 1)[1].split("</section>", 1)[0]
    assert "Keepers return to Skerry Point" in top  # the story label is the headline
    assert "North Herald" in top  # the lead (first report) names its outlet
    assert "2 outlets" in top  # the wire copy is not a third outlet
    assert "Lighthouse keepers returned to Skerry Point" in top  # first summary sentence


def test_home_latest_lists_originals_not_copies(client: Client, desk: Desk):
    html = _html(client, reverse("news:home"))
    latest = html.split('id="latest-h"', 1)[1]
    for article in (desk.lead, desk.follow, desk.cousin, desk.tagged, desk.stranger):
        assert article.title in latest
    assert desk.copy.title not in latest
    assert "<time datetime=" in latest and 'title="' in latest


def test_home_section_filter(client: Client, desk: Desk):
    html = _html(client, reverse("news:home") + "?section=business")
    assert desk.stranger.title in html
    assert desk.lead.title not in html
    assert 'aria-current="page">Business' in html


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=-1", "?section=%3Cscript%3E"])
def test_home_bad_parameters_are_400(client: Client, desk: Desk, query: str):
    _html(client, reverse("news:home") + query, status=400)


def test_home_page_past_the_end_is_404(client: Client, desk: Desk):
    _html(client, reverse("news:home") + "?page=99", status=404)


def test_home_paginates(client: Client):
    for n in range(selectors.PAGE_SIZE + 3):
        make_article(title=f"Numbered item {n:02d}")
    first = _html(client, reverse("news:home"))
    second = _html(client, reverse("news:home") + "?page=2")
    assert 'rel="next"' in first and 'rel="prev"' in second
    shown_first = set(re.findall(r"Numbered item \d\d", first))
    shown_second = set(re.findall(r"Numbered item \d\d", second))
    assert len(shown_first) == selectors.PAGE_SIZE and len(shown_second) == 3
    assert not shown_first & shown_second


def test_home_query_count_is_bounded(client: Client, django_assert_max_num_queries):
    for s in range(6):
        story = make_story(label=f"Story number {s}")
        for _ in range(3):
            make_article(story=story, source_name=f"Outlet {s}")
    with django_assert_max_num_queries(8):
        client.get(reverse("news:home"))


# --- top stories -----------------------------------------------------------------------


def _story_with(outlets: int, when: datetime, label: str) -> Story:
    story = make_story(label=label)
    for n in range(outlets):
        make_article(story=story, source_name=f"{label} outlet {n}", published=when)
    return story


def test_top_stories_rank_by_coverage_then_recency():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    wide = _story_with(4, now - timedelta(hours=1), "wide")
    narrow = _story_with(1, now - timedelta(hours=1), "narrow")
    fresh = _story_with(2, now, "fresh")
    stale = _story_with(2, now - timedelta(days=3), "stale")
    ranked = [entry.story.pk for entry in selectors.top_stories()]
    assert ranked.index(wide.pk) < ranked.index(narrow.pk)
    assert ranked.index(fresh.pk) < ranked.index(stale.pk)


def test_top_story_copies_do_not_count_as_coverage():
    when = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    story = _story_with(1, when, "copied")
    original = story.articles.get()
    for n in range(3):
        make_article(story=story, source_name=f"Copier {n}", duplicate_of=original)
    (entry,) = selectors.top_stories()
    assert entry.outlets == 1 and entry.lead.pk == original.pk


# --- article ---------------------------------------------------------------------------


def test_article_page_has_every_section(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    assert '<h1 id="headline">Keepers return to Skerry Point lighthouse</h1>' in html
    assert "By Iona Reid" in html and "North Herald" in html
    assert re.search(r'<time datetime="2026-11-27T08:00:00\+00:00" title="[^"]+">', html)
    for section in ("hashtags", "ai", "comments", "related"):
        _section(html, section)


def test_article_body_keeps_structure_and_anchors(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    assert '<h2 id="p2">What changed</h2>' in html
    assert re.search(r'<ul id="p5-list"><li id="p5">New radio mast</li>', html)
    assert '<span id="s2" class="s">The Maritime Trust hired four keepers. </span>' in html


def test_article_ai_panel_links_into_the_body(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    ai = _section(html, "ai")
    summary = re.search(r'href="#(s\d+)">Lighthouse keepers returned', ai)
    assert summary and f'id="{summary.group(1)}"' in html
    assert 'href="#s2">The Maritime Trust hired four keepers.' in ai  # key point
    finlay = reverse("news:entity", args=[desk.finlay.pk])
    assert f'<a href="{finlay}">Morag Finlay</a><span class="role">, the trust’s chair' in ai
    assert "<h4>Organisations</h4>" in ai and "<h4>Places</h4>" in ai
    quote = re.search(r'<a href="#(p\d+|s\d+)">“We never stopped watching the sea,”</a>', ai)
    assert quote and f'id="{quote.group(1)}"' in html
    assert "(said)" in ai


def test_article_hashtags_link_to_tag_pages(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    tags = _section(html, "hashtags")
    assert f'<a href="{reverse("news:tag", args=["skerrypoint"])}">#SkerryPoint</a>' in tags
    assert tags.index("#SkerryPoint") < tags.index("#Coast")  # by position


def test_article_also_published_by_lists_copies_and_other_documents(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    also = _section(html, "also")
    assert "Wire Weekly" in also and reverse("news:article", args=[desk.copy.pk]) in also
    assert "https://syndicate.example/skerry" in also
    assert "https://northherald.example/keepers" not in also  # its own document


def test_article_related_same_story_first_then_shared_entities_and_tags(
    client: Client, desk: Desk
):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    related = _section(html, "related")
    order = [related.index(a.title) for a in (desk.follow, desk.cousin, desk.tagged)]
    assert order == sorted(order)
    assert "same story · 2 outlets" in related
    assert "also about Morag Finlay" in related
    assert "also tagged #Coast" in related
    assert desk.stranger.title not in related
    assert desk.copy.title not in related


def test_related_never_pads_with_unconnected_articles(desk: Desk):
    assert selectors.article_related(desk.stranger) == []
    entries = selectors.article_related(desk.lead, limit=1)
    assert [e.article.pk for e in entries] == [desk.follow.pk]


def test_related_of_a_copy_is_that_of_its_original(desk: Desk):
    related = [e.article.pk for e in selectors.article_related(desk.copy)]
    assert desk.lead.pk not in related and desk.follow.pk in related


def test_article_query_count_is_bounded(client: Client, desk: Desk, django_assert_max_num_queries):
    for n in range(5):
        other = make_article(title=f"Also Finlay {n}")
        Mention.objects.create(article=other, entity=desk.finlay, name="Morag Finlay")
    with django_assert_max_num_queries(16):
        client.get(reverse("news:article", args=[desk.lead.pk]))


def test_article_text_is_escaped_and_unsafe_links_dropped(client: Client):
    article = make_article(
        title="<script>alert('t')</script> headline",
        body="<img src=x onerror=alert(1)> body text",
        byline="<b>Ann</b>",
        url="javascript:alert(1)",
    )
    html = _html(client, reverse("news:article", args=[article.pk]))
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<b>Ann</b>" not in html
    assert 'href="javascript:' not in html


def test_article_without_enrichment_still_renders(client: Client):
    article = make_article(title="Plain", paragraphs=[], body="Just text.\n\nMore text.")
    html = _html(client, reverse("news:article", args=[article.pk]))
    assert "Just text." in html and "not been enriched yet" in html


@pytest.mark.parametrize(
    "name,arg",
    [("news:article", 999999), ("news:story", 999999), ("news:entity", 999999),
     ("news:tag", "no-such-tag"), ("news:article", 2**70)],
)
def test_unknown_ids_are_404(client: Client, name: str, arg: object):
    html = _html(client, reverse(name, args=[arg]), status=404)
    assert "Not found" in html


def test_pages_refuse_post(client: Client, desk: Desk):
    assert client.post(reverse("news:article", args=[desk.lead.pk])).status_code == 405


# --- story, entity, tag ----------------------------------------------------------------


def test_story_page_timeline_quotes_entities_tags(client: Client, desk: Desk):
    html = _html(client, reverse("news:story", args=[desk.story.pk]))
    assert "<h1>Keepers return to Skerry Point</h1>" in html
    timeline = html.split('id="timeline-h"', 1)[1].split("</section>", 1)[0]
    assert timeline.index("First report") < timeline.index(desk.lead.title)
    assert timeline.index(desk.lead.title) < timeline.index(desk.follow.title)
    assert "1 copy of this report" in timeline and "Wire Weekly" in timeline
    quotes = html.split('id="quotes-h"', 1)[1].split("</section>", 1)[0]
    assert "Morag Finlay" in quotes
    assert "We never stopped watching the sea" in quotes and "It is a proud day" in quotes
    assert reverse("news:entity", args=[desk.finlay.pk]) in html
    assert reverse("news:tag", args=["skerrypoint"]) in html
    assert "2 outlets" in html


def test_merged_story_redirects_to_its_target(client: Client, desk: Desk):
    old = make_story(label="Old", merged_into=desk.story)
    response = client.get(reverse("news:story", args=[old.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("news:story", args=[desk.story.pk])


def test_entity_page_lists_its_articles_and_quotes(client: Client, desk: Desk):
    html = _html(client, reverse("news:entity", args=[desk.finlay.pk]))
    assert "<h1>Morag Finlay</h1>" in html and "Person" in html
    for article in (desk.lead, desk.follow, desk.cousin):
        assert article.title in html
    assert desk.stranger.title not in html and desk.copy.title not in html
    assert "We never stopped watching the sea" in html


def test_tag_page_lists_its_articles(client: Client, desk: Desk):
    html = _html(client, reverse("news:tag", args=["skerrypoint"]))
    assert "#SkerryPoint" in html
    assert desk.lead.title in html and desk.follow.title in html
    assert desk.tagged.title not in html


def test_entity_page_bad_page_is_400(client: Client, desk: Desk):
    _html(client, reverse("news:entity", args=[desk.finlay.pk]) + "?page=x", status=400)


def test_article_of_any_section_links_its_section(client: Client, desk: Desk):
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    assert 'href="/?section=world"' in html


def test_home_without_articles_says_so(client: Client):
    html = _html(client, reverse("news:home"))
    assert "No articles yet" in html
    assert Article.objects.count() == 0


def test_unmatched_address_gets_the_site_404_page(client: Client):
    html = _html(client, "/no/such/page/", status=404)
    assert "There is no page at this address." in html and "Broadsheet" in html


def test_forbidden_gets_the_site_403_page(client: Client, desk: Desk):
    from django.contrib.auth import get_user_model

    from broadsheet.site.comments import services

    reader = get_user_model().objects.create_user("r", password="pw-reader-123")
    comment = services.comment_post(article=desk.lead, user=reader, body="hello")
    client.force_login(reader)
    response = client.post(reverse("comments:hide", args=[comment.pk]))
    assert response.status_code == 403
    assert "only staff can moderate comments" in response.content.decode()


def test_key_points_repeating_the_summary_are_not_shown_twice(client: Client, desk: Desk):
    Article.objects.filter(pk=desk.lead.pk).update(key_points=desk.lead.summary)
    html = _html(client, reverse("news:article", args=[desk.lead.pk]))
    ai = _section(html, "ai")
    assert ai.count("Lighthouse keepers returned to Skerry Point") == 1
    assert "<h3>Key points</h3>" not in ai


def test_story_entity_tag_query_counts_are_bounded(
    client: Client, desk: Desk, django_assert_max_num_queries
):
    for n in range(6):
        extra = make_article(story=desk.story, source_name=f"Extra outlet {n}")
        Mention.objects.create(article=extra, entity=desk.finlay, name="Morag Finlay")
        make_article(duplicate_of=extra, source_name=f"Copier {n}")
    for name, arg in (("news:story", desk.story.pk), ("news:entity", desk.finlay.pk),
                      ("news:tag", "skerrypoint")):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name, args=[arg])).status_code == 200


def test_pages_advertise_their_feeds(client: Client, desk: Desk):
    home = _html(client, reverse("news:home"))
    assert f'href="{reverse("news:feed-atom")}"' in home
    assert f'href="{reverse("news:feed-rss")}"' in home
    tag = _html(client, reverse("news:tag", args=["skerrypoint"]))
    assert f'href="{reverse("news:tag-feed-atom", args=["skerrypoint"])}"' in tag
    story = _html(client, reverse("news:story", args=[desk.story.pk]))
    assert f'href="{reverse("news:story-feed-atom", args=[desk.story.pk])}"' in story
    assert client.get(reverse("news:feed-atom")).status_code == 200
