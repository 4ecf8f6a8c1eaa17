"""Background tasks of the news app (django-tasks API, run by ``broadsheet worker``).

Tasks are thin: each takes ids, calls one service and is safe to run twice — a task that
dies half-way and runs again leaves no duplicate, because every service it calls is
idempotent (documents are unique by identity; processing a processed document is a
no-op). Retries: the tasks backend has no automatic retry, so a task that meets a
transient error re-enqueues itself with a delay, up to ``MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import OperationalError
from django.utils import timezone
from django_tasks import task

from broadsheet.site.news import services

if TYPE_CHECKING:
    from broadsheet.pipeline.enrich import Enricher

logger = logging.getLogger(__name__)

# Attempts for a task that hits a transient database error (a locked SQLite file, a
# dropped PostgreSQL connection), spaced RETRY_DELAY * attempt apart.
MAX_ATTEMPTS = 5
RETRY_DELAY = timedelta(seconds=10)


@lru_cache(maxsize=1)
def worker_enricher() -> Enricher:
    """One enricher (and spaCy model) per worker process, loaded on first use."""
    from broadsheet.pipeline.enrich import Enricher

    return Enricher()


@task()
def document_process_task(document_id: int, attempt: int = 1) -> int | None:
    """Extract, enrich and connect one stored document; returns the article id."""
    try:
        outcome = services.document_process(document_id=document_id, enricher=worker_enricher())
    except OperationalError:
        if attempt >= MAX_ATTEMPTS:
            raise
        logger.warning("document %s: database busy, retry %d", document_id, attempt + 1)
        document_process_task.using(run_after=timezone.now() + RETRY_DELAY * attempt).enqueue(
            document_id, attempt + 1
        )
        return None
    return outcome.article.pk if outcome.article else None
