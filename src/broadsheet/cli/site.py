"""Site commands: ``serve``, ``worker``, ``migrate``, ``createsuperuser``, ``add-feed``,
``import-opml`` and ``export-opml``. Each parses, calls one service, prints."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from broadsheet.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = subparsers.add_parser("serve", help="serve the site (and run ingestion)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument(
        "--no-worker", action="store_true", help="do not start a background worker process"
    )
    serve.add_argument("--no-fetch", action="store_true", help="do not schedule feed polling")
    serve.add_argument("--threads", type=int, default=8, help="request threads")
    serve.set_defaults(func=run_serve)

    worker = subparsers.add_parser("worker", help="run background tasks (extract, enrich, fetch)")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument(
        "--queue-name", default="*", help="queues to work, comma-separated (default: all)"
    )
    worker.set_defaults(func=run_worker)

    migrate = subparsers.add_parser("migrate", help="create or update the database")
    migrate.set_defaults(func=run_migrate)

    superuser = subparsers.add_parser("createsuperuser", help="create an admin account")
    superuser.add_argument("--username", help="user name (prompted when omitted)")
    superuser.add_argument("--email", help="e-mail address")
    superuser.add_argument(
        "--noinput",
        action="store_true",
        help="no prompts (password from DJANGO_SUPERUSER_PASSWORD)",
    )
    superuser.set_defaults(func=run_createsuperuser)

    add_feed = subparsers.add_parser("add-feed", help="add a feed (or sitemap) by URL")
    add_feed.add_argument("url", help="the feed's URL")
    add_feed.add_argument("--name", default="", help="display name")
    add_feed.add_argument("--folder", default="", help="folder (as in OPML)")
    add_feed.add_argument("--json", action="store_true", help="print JSON")
    add_feed.set_defaults(func=run_add_feed)

    import_opml = subparsers.add_parser("import-opml", help="add the feeds of an OPML file")
    import_opml.add_argument("file", help="the OPML file")
    import_opml.add_argument("--json", action="store_true", help="print JSON")
    import_opml.set_defaults(func=run_import_opml)

    export_opml = subparsers.add_parser("export-opml", help="print every feed as OPML")
    export_opml.add_argument("-o", "--output", help="write to this file instead of stdout")
    export_opml.set_defaults(func=run_export_opml)


def _ready() -> None:
    from broadsheet.site.bootstrap import database_migrate

    database_migrate()


def run_migrate(args: argparse.Namespace) -> int:
    from broadsheet.site.bootstrap import database_migrate

    database_migrate(verbosity=1)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    _ready()
    from waitress import serve

    from broadsheet.site.news import tasks
    from broadsheet.site.wsgi import application

    worker: subprocess.Popen[bytes] | None = None
    if not args.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "broadsheet.cli", "worker"])
    if not args.no_fetch:
        tasks.feeds_poll_schedule()
    print(f"Broadsheet is serving on http://{args.host}:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        serve(application, host=args.host, port=args.port, threads=args.threads, _quiet=True)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    _ready()
    from django.core.management import call_command

    options: dict[str, object] = {"queue_name": args.queue_name, "reload": False, "verbosity": 1}
    if args.batch:
        options["batch"] = True
        options["startup_delay"] = False
    call_command("db_worker", **options)
    return 0


def run_createsuperuser(args: argparse.Namespace) -> int:
    _ready()
    from django.core.management import call_command

    options: dict[str, object] = {"interactive": not args.noinput}
    if args.username:
        options["username"] = args.username
    if args.email:
        options["email"] = args.email
    call_command("createsuperuser", **options)
    return 0


def run_add_feed(args: argparse.Namespace) -> int:
    _ready()
    from broadsheet.site.news.services import source_add

    source, created = source_add(url=args.url, name=args.name, folder=args.folder)
    if args.json:
        print(
            json.dumps(
                {"feed": source.url, "id": source.pk, "name": source.name, "created": created}
            )
        )
    else:
        print(f"{'added' if created else 'already known'}: {source.name} <{source.url}>")
    return 0


def run_import_opml(args: argparse.Namespace) -> int:
    _ready()
    from broadsheet.site.news.services import sources_import_opml

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", input=args.file) from exc
    results = sources_import_opml(data=data, name=args.file)
    added = sum(1 for _, created in results if created)
    if args.json:
        for source, created in results:
            print(
                json.dumps(
                    {
                        "feed": source.url,
                        "name": source.name,
                        "folder": source.folder,
                        "created": created,
                    }
                )
            )
        print(json.dumps({"summary": {"feeds": len(results), "added": added}}))
    else:
        print(f"{args.file}: {len(results)} feeds, {added} new")
    return 0


def run_export_opml(args: argparse.Namespace) -> int:
    _ready()
    from broadsheet.site.news.services import sources_export_opml

    data = sources_export_opml()
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
