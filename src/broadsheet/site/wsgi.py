"""WSGI entry point for serving Broadsheet behind any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.site.settings")
application = get_wsgi_application()
