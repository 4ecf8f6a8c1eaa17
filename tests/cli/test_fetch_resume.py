"""Fault injection: ``broadsheet fetch`` killed with SIGKILL at random moments, restarted.

Every item of every feed must end up stored exactly once, each with exactly one
processing task queued, with no manual clean-up in between. The fetch runs as a real
subprocess against a real HTTP server on loopback, on its own SQLite database.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FEEDS = 24
ITEMS_PER_FEED = 8
# Each response is held back a little so that a run lasts long enough to be killed in
# the middle of it (24 feeds through a per-host limit of 2 take about a second).
RESPONSE_DELAY = 0.06
KILLS = 5


def _feed(n: int, host: str) -> bytes:
    base = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    items = []
    for i in range(ITEMS_PER_FEED):
        text = " ".join(
            f"Paragraph {p} of report {i} from desk {n} describes the council's plans for the "
            f"harbour district in detail, with figures for housing, transport and schools."
            for p in range(5)
        )
        items.append(
            f"<item><title>Desk {n} report {i}</title>"
            f"<link>http://{host}/desk{n}/report{i}</link>"
            f"<guid isPermaLink='false'>desk-{n}-item-{i}</guid>"
            f"<pubDate>{format_datetime(base + timedelta(hours=i))}</pubDate>"
            f"<description><![CDATA[<p>{text}</p>]]></description></item>"
        )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Desk {n}</title>"
        f"<link>http://{host}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@pytest.fixture
def server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            time.sleep(RESPONSE_DELAY)
            if self.path.startswith("/feed") and self.path.endswith(".rss"):
                body = _feed(int(self.path[5:-4]), self.headers["Host"])
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        BROADSHEET_HOME=str(home),
        BROADSHEET_FETCH_ALLOW_HOSTS="127.0.0.1",
        BROADSHEET_FETCH_HOST_DELAY="0",
    )
    return env


def _broadsheet(*args: str) -> list[str]:
    return [sys.executable, "-m", "broadsheet.cli", *args]


def test_killed_fetch_resumes_with_every_item_stored_exactly_once(
    server: str, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    opml = tmp_path / "feeds.opml"
    outlines = "".join(
        f'<outline type="rss" text="Desk {n}" xmlUrl="{server}/feed{n}.rss"/>' for n in range(FEEDS)
    )
    opml.write_text(f'<opml version="2.0"><head/><body>{outlines}</body></opml>')
    subprocess.run(_broadsheet("import-opml", str(opml)), env=env, check=True, capture_output=True)
    rng = random.Random(20261127)
    killed = 0
    for _ in range(KILLS):
        process = subprocess.Popen(
            _broadsheet("fetch", "--all", "--json"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.6))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
    assert killed >= 2, "the runs ended before they could be killed; slow the server down"
    final = subprocess.run(
        _broadsheet("fetch", "--all", "--json"),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert final.returncode == 0, final.stderr

    with sqlite3.connect(tmp_path / "broadsheet.sqlite3") as db:
        identities = [row[0] for row in db.execute("SELECT identity FROM news_document")]
        task_args = [
            row[0]
            for row in db.execute(
                "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path LIKE ?",
                ("%document_process_task",),
            )
        ]
        document_ids = {row[0] for row in db.execute("SELECT id FROM news_document")}
    expected = {
        f"guid:{server}/feed{n}.rss#desk-{n}-item-{i}"
        for n in range(FEEDS)
        for i in range(ITEMS_PER_FEED)
    }
    assert len(identities) == len(set(identities))
    assert len(identities) == FEEDS * ITEMS_PER_FEED
    assert {identity.split("#")[1] for identity in identities} == {
        e.split("#")[1] for e in expected
    }
    # exactly one processing task per stored document
    queued = Counter(json.loads(args)["args"][0] for args in task_args)
    assert set(queued) == document_ids
    assert set(queued.values()) == {1}
