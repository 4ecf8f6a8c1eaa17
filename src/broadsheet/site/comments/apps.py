"""App config of the comments app."""

from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "broadsheet.site.comments"
    label = "comments"
    verbose_name = "Comments"
