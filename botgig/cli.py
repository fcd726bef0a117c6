"""``botgig`` — run, migrate and seed BotGig.

``botgig run`` starts every part the settings allow in one process; ``--only`` runs one part,
for deployments with several processes against PostgreSQL.

What stops start-up for a reason the operator can fix (a port in use, a database out of reach,
migrations this code does not know) is one line on stderr and exit status 1, the traceback
only with ``--debug``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from botgig import logging_config
from botgig.commands import (
    backup_database,
    chain_status,
    db_purge,
    db_stats,
    reconcile,
    restore_database,
    rotate_deployment,
    seed_demo,
    serve_mcp,
    show_stats,
    verify_email,
)
from botgig.run import PARTS, run
from botgig.settings import Settings, unknown_setting_warnings
from botgig.startup import StartupError, migrate


def _add_debug(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a subcommand's default must not undo ``botgig --debug run``.
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback when start-up fails",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="botgig", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start BotGig (API, workers and configured chat bots)")
    run.add_argument("--only", choices=PARTS, help="run just one part")
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser(
        "mcp", help="serve the MCP tools over stdio, as the account of BOTGIG_API_KEY"
    )
    accounts = sub.add_parser("accounts", help="manage accounts")
    verify = accounts.add_subparsers(dest="accounts_command", required=True).add_parser(
        "verify-email", help="mark an account's email verified (when no SMTP is configured)"
    )
    verify.add_argument("email")
    chain = sub.add_parser("chain", help="crypto deposits")
    chain.add_subparsers(dest="chain_command", required=True).add_parser(
        "status", help="the chain watcher's checkpoint, lag and pending deposits"
    )
    stats = sub.add_parser("stats", help="pilot analytics (the figures /stats shows)")
    stats.add_argument("--days", type=int, default=30, help="the window, in days (default 30)")
    payments = sub.add_parser("payments", help="escrow on Stripe")
    payments_commands = payments.add_subparsers(dest="payments_command", required=True)
    reconcile_cmd = payments_commands.add_parser(
        "reconcile", help="compare the money ledger with Stripe per order; exit 1 on a mismatch"
    )
    payments_commands.add_parser(
        "rotate-deployment-id",
        help="give this database a new deployment id (after restoring it into a second "
        "environment on the same Stripe account; stop every process first)",
    )
    reconcile_cmd.add_argument(
        "--since", type=_since, help="only orders funded since (ISO date/time or e.g. 7d, 12h)"
    )
    backup = sub.add_parser(
        "backup",
        help="back up the database: SQLite online (while BotGig runs), PostgreSQL by pg_dump",
    )
    backup.add_argument("path", type=Path, help="the new backup file")
    restore = sub.add_parser(
        "restore", help="restore a SQLite backup over the database (stop every process first)"
    )
    restore.add_argument("path", type=Path, help="a file written by botgig backup")
    db = sub.add_parser("db", help="the database's tables and retention")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser(
        "stats", help="rows and size per table, and what retention would purge now"
    )
    db_commands.add_parser(
        "purge", help="run the retention job once now (the worker also runs it on its own)"
    )
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument(
        "--demo",
        action="store_true",
        required=True,
        help="a small living marketplace to look around in",
    )
    _add_debug(parser)
    for command in sub.choices.values():
        _add_debug(command)
    return parser


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"  BOTGIG_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        ]
        sys.exit("BotGig cannot start, a setting is invalid:\n" + "\n".join(lines))


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    settings = load_settings()
    for warning in unknown_setting_warnings():
        print(f"warning: {warning}", file=sys.stderr, flush=True)
    try:
        _command(args, settings)
    except StartupError as exc:
        if getattr(args, "debug", False):
            raise
        sys.exit(f"BotGig cannot start: {exc}")


def _command(args: argparse.Namespace, settings: Settings) -> None:
    logging_config.setup(settings)
    if settings.log_level != "DEBUG":
        # Alembic narrates every plugin it loads at INFO; the migration result is enough.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    if args.command == "migrate":
        asyncio.run(migrate(settings))
        print("database is up to date")
    elif args.command == "seed":
        asyncio.run(seed_demo(settings))
    elif args.command == "stats":
        asyncio.run(show_stats(settings, args.days))
    elif args.command == "payments" and args.payments_command == "rotate-deployment-id":
        asyncio.run(rotate_deployment(settings))
    elif args.command == "payments":
        sys.exit(asyncio.run(reconcile(settings, since=args.since)))
    elif args.command == "chain":
        asyncio.run(chain_status(settings))
    elif args.command == "accounts":
        asyncio.run(verify_email(settings, args.email))
    elif args.command == "db":
        asyncio.run(db_stats(settings) if args.db_command == "stats" else db_purge(settings))
    elif args.command == "mcp":
        asyncio.run(serve_mcp(settings))
    elif args.command == "backup":
        asyncio.run(backup_database(settings, args.path.expanduser().resolve()))
    elif args.command == "restore":
        asyncio.run(restore_database(settings, args.path.expanduser().resolve()))
    elif args.command == "run":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(settings, only=args.only))


def _since(value: str) -> datetime:
    """``2026-01-31``, ``2026-01-31T12:00`` (UTC unless an offset is given), or ``7d``/``12h``."""
    match = re.fullmatch(r"(\d+)([dh])", value.strip())
    if match:
        amount = int(match.group(1))
        delta = timedelta(days=amount) if match.group(2) == "d" else timedelta(hours=amount)
        return datetime.now(UTC) - delta
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date, time or duration: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
