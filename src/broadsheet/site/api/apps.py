"""App config of the JSON API app."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "broadsheet.site.api"
    label = "api"
    verbose_name = "API"
