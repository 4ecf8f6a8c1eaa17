"""The ``broadsheet`` command: one entry point for everything a person runs.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds
its parser and sets ``func`` to a ``run(args) -> int`` function. A subcommand parses,
calls one service, and prints (``--json`` for machines). A
:class:`~broadsheet.errors.BroadsheetError` becomes one clear line on stderr and a
non-zero exit; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from broadsheet.errors import BroadsheetError

__all__ = ["main"]

_COMMAND_MODULES = ("extract", "stories", "ingest", "site", "fetch")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="broadsheet",
        description="Broadsheet: a self-hosted, AI-powered news desk.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more detail")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = import_module(f"broadsheet.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"broadsheet.cli.{name}":
                continue  # a command module not written yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``broadsheet`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        status: int = args.func(args)
    except BroadsheetError as exc:
        print(f"broadsheet {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"broadsheet {args.command}: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
