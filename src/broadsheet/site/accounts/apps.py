"""App config of the accounts app (sign-up and sign-in over django.contrib.auth)."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "broadsheet.site.accounts"
    label = "accounts"
    verbose_name = "Accounts"
