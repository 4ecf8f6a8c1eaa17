"""App config of the news app."""

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "broadsheet.site.news"
    label = "news"
    verbose_name = "News"
