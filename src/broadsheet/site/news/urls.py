"""URL map of the news app."""

from django.urls import path  # noqa: F401

app_name = "news"
urlpatterns: list = []
