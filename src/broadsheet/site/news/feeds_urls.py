"""URL patterns of the Atom and RSS feeds, for the news app to include.

Kept apart from ``news/urls.py`` (owned with the pages) and without an ``app_name``:
included from the news URLconf, the names land in its namespace (``news:feed-atom``,
``news:tag-feed-rss`` ...).
"""

from django.urls import path

from broadsheet.site.news import feeds

urlpatterns = [
    path("feeds/latest.atom", feeds.LatestAtomFeed(), name="feed-atom"),
    path("feeds/latest.rss", feeds.LatestRssFeed(), name="feed-rss"),
    path("feeds/tags/<slug:slug>.atom", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("feeds/tags/<slug:slug>.rss", feeds.TagRssFeed(), name="tag-feed-rss"),
    path("feeds/entities/<int:pk>.atom", feeds.EntityAtomFeed(), name="entity-feed-atom"),
    path("feeds/entities/<int:pk>.rss", feeds.EntityRssFeed(), name="entity-feed-rss"),
    path("feeds/stories/<int:pk>.atom", feeds.StoryAtomFeed(), name="story-feed-atom"),
    path("feeds/stories/<int:pk>.rss", feeds.StoryRssFeed(), name="story-feed-rss"),
]
