"""The Django project: it persists and serves what the pipeline returns.

Apps: ``news`` (sources, articles, entities, quotes, stories, tags), ``accounts``
(sign-up and sign-in over django.contrib.auth), ``comments`` (posting and moderation)
and ``api`` (the JSON API and its OpenAPI schema). Reads live in each app's
``selectors.py``, writes in ``services.py``; views, admin, API and tasks call those.
"""
