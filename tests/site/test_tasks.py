"""Background tasks through the real database backend and its worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from broadsheet.site.news import tasks
from broadsheet.site.news.models import Article, Document
from broadsheet.site.news.services import document_store
from broadsheet.types import RawDocument

DATA = Path(__file__).resolve().parent.parent / "data" / "site"

pytestmark = pytest.mark.django_db(transaction=True)


def _run_worker() -> None:
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, queue_name="*", verbosity=0
    )


def test_worker_processes_a_queued_document_and_a_rerun_changes_nothing() -> None:
    raw = RawDocument(content=(DATA / "wire-original.html").read_bytes(), name="wire-original.html")
    document, _ = document_store(raw=raw)
    tasks.document_process_task.enqueue(document.pk)
    tasks.document_process_task.enqueue(document.pk)  # the same task twice: still one article
    _run_worker()
    failures = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert not list(failures.values_list("traceback", flat=True))
    document.refresh_from_db()
    assert document.status == Document.Status.DONE
    assert Article.objects.count() == 1
    article = Article.objects.get()
    assert article.title == "Harbour bridge reopens after storm repairs"
    assert article.mentions.exists()  # enriched by the worker's enricher
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_poll_chain_is_scheduled_once() -> None:
    assert tasks.feeds_poll_schedule() is True
    assert tasks.feeds_poll_schedule() is False
    assert DBTaskResult.objects.filter(task_path=tasks.feeds_poll_task.module_path).count() == 1


def test_poll_task_reschedules_itself_with_no_sources() -> None:
    tasks.feeds_poll_task.enqueue()
    call_command(
        "db_worker",
        batch=True,
        startup_delay=False,
        reload=False,
        queue_name="fetch",
        verbosity=0,
        max_tasks=1,
    )
    results = DBTaskResult.objects.filter(task_path=tasks.feeds_poll_task.module_path)
    statuses = sorted(results.values_list("status", flat=True))
    assert statuses == ["READY", "SUCCESSFUL"]
    waiting = results.get(status="READY")
    assert waiting.run_after is not None
