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


# Polling cadence bounds for the self-rescheduling poll task: never busier than every
# POLL_TICK_MIN (a burst of due feeds is handled in one run), never idler than
# POLL_TICK_MAX (so feeds added meanwhile are picked up without a restart).
POLL_TICK_MIN = timedelta(seconds=30)
POLL_TICK_MAX = timedelta(minutes=10)


@task(queue_name="fetch")
def feeds_poll_task() -> int:
    """Poll every due feed once, then schedule the next run when the next feed is due.

    The chain is the tasks API's own delayed enqueue (``run_after``), so no separate
    scheduler runs; :func:`feeds_poll_schedule` starts it once if it is not running.
    """
    from broadsheet.site.news.fetching import feeds_due, feeds_poll, next_due_in

    results = feeds_poll(sources=feeds_due())
    delay = next_due_in() or POLL_TICK_MAX
    delay = min(max(delay, POLL_TICK_MIN), POLL_TICK_MAX)
    feeds_poll_task.using(run_after=timezone.now() + delay).enqueue()
    return sum(result.new for result in results)


def feeds_poll_schedule() -> bool:
    """Enqueue the polling chain unless a poll task is already waiting or running."""
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(
        task_path=feeds_poll_task.module_path, status__in=["READY", "RUNNING"]
    )
    if pending.exists():
        return False
    feeds_poll_task.enqueue()
    return True
