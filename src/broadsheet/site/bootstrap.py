"""Start Django from a plain Python process (the CLI) and bring the database up to date."""

from __future__ import annotations

import os

__all__ = ["database_migrate", "django_setup"]


def django_setup() -> None:
    """Configure Django with Broadsheet's settings (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def database_migrate(*, verbosity: int = 0) -> None:
    """Apply pending migrations (creates the SQLite file under BROADSHEET_HOME)."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
