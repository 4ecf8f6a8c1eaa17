"""URL map of the news app: home, article, story, entity, hashtag and search pages."""

from django.urls import include, path

from broadsheet.site.news import assistant_views, views

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("articles/<int:pk>/ask/", assistant_views.ask, name="ask"),
    path("articles/<int:pk>/abstract/", assistant_views.abstract, name="abstract"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("entities/<int:pk>/", views.entity, name="entity"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("search/", views.search, name="search"),
    # Atom/RSS out (feeds_urls.py has no app_name: its names join this namespace).
    path("", include("broadsheet.site.news.feeds_urls")),
]
