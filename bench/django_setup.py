"""Django for the benchmarks that use the site: a throwaway home, settings, migrations.

Benchmark support only. BROADSHEET_HOME defaults to a new temporary folder (SQLite
there); set DATABASE_URL to an empty database to run on PostgreSQL instead.
"""

from __future__ import annotations

import os
import tempfile
import warnings


def setup_django(prefix: str = "broadsheet-bench-") -> None:
    """Point Broadsheet at a fresh home (unless set), start Django and migrate."""
    os.environ.setdefault("BROADSHEET_HOME", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
