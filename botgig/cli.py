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
import errno
import logging
import re
import signal
import socket
import sys
from collections.abc import Coroutine, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from botgig import logging_config
from botgig.settings import Settings, unknown_setting_warnings

PARTS = ("api", "telegram", "discord", "admin", "worker")
log = logging.getLogger("botgig")


class StartupError(Exception):
    """Start-up cannot go on, for a reason the message explains with what to do about it."""


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
    reconcile_cmd = payments.add_subparsers(dest="payments_command", required=True).add_parser(
        "reconcile", help="compare the money ledger with Stripe per order; exit 1 on a mismatch"
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
    elif args.command == "payments":
        sys.exit(asyncio.run(reconcile(settings, since=args.since)))
    elif args.command == "chain":
        asyncio.run(chain_status(settings))
    elif args.command == "accounts":
        asyncio.run(verify_email(settings, args.email))
    elif args.command == "mcp":
        asyncio.run(serve_mcp(settings))
    elif args.command == "backup":
        asyncio.run(backup_database(settings, args.path.expanduser().resolve()))
    elif args.command == "restore":
        asyncio.run(restore_database(settings, args.path.expanduser().resolve()))
    elif args.command == "run":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(settings, only=args.only))


async def migrate(settings: Settings) -> None:
    """Apply the migrations; ``StartupError`` when the database is out of reach or at a
    revision this code does not have."""
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    from storage.migrate import upgrade

    where = settings.masked_database_url()
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await upgrade(settings.database_url)
    except CommandError as exc:
        # Alembic's words, e.g. "Can't locate revision identified by '0042'": a newer BotGig
        # migrated this database, or the migrations are missing from the install.
        raise StartupError(
            f"cannot migrate the database {where}: {exc}. Run the BotGig version that "
            "migrated it last, or restore a backup taken before"
        ) from exc
    except (OSError, DBAPIError) as exc:
        reason = (exc.orig or exc) if isinstance(exc, DBAPIError) else exc
        raise StartupError(
            f"cannot open the database {where}: {_one_line(reason)}. "
            "Check BOTGIG_DATABASE_URL and that the server is running and accepts this user"
        ) from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def bind_api_socket(host: str, port: int) -> socket.socket:
    """The API's listening socket, bound before anything else starts so a taken port is a
    clear ``StartupError`` (uvicorn would print a traceback after the start-up lines)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise StartupError(
            f"BOTGIG_API_HOST {host!r} is not an address of this machine ({exc.strerror})"
        ) from exc
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(
                f"port {port} on {host} is already in use (is BotGig already running?): stop "
                "what holds it or set BOTGIG_API_PORT to a free port"
            ) from exc
        raise StartupError(
            f"cannot listen on {host}:{port}: {exc.strerror}; check BOTGIG_API_HOST and "
            "BOTGIG_API_PORT"
        ) from exc
    return sock


async def serve_mcp(settings: Settings) -> None:
    """``botgig mcp``: the MCP server over stdio for a desktop client, acting as the account of
    ``BOTGIG_API_KEY``. stdout carries the protocol, so everything else goes to stderr."""
    from api.mcp.server import check_key, run_stdio
    from api.webhooks import DnsResolver
    from botgig.bootstrap import api_config_from
    from core.shared.errors import MarketplaceError

    await migrate(settings)
    container = _bootstrap_or_exit(settings)
    config = api_config_from(settings)
    key = settings.api_key.get_secret_value() if settings.api_key else None
    try:
        try:
            await check_key(container.ctx, config, key)
        except MarketplaceError as exc:
            sys.exit(f"botgig mcp cannot start: {exc.message}")
        assert key is not None
        await run_stdio(container.ctx, config, DnsResolver(), key)
    finally:
        await container.close()


async def backup_database(settings: Settings, path: Path) -> None:
    """``botgig backup PATH``: SQLite through the online backup API, safe while BotGig runs;
    PostgreSQL through ``pg_dump`` (its command is printed when pg_dump is not installed)."""
    from storage.backup import BackupError, backup_sqlite, pg_dump_command, run_pg_dump
    from storage.db import is_sqlite

    try:
        if is_sqlite(settings.database_url):
            pages = await asyncio.to_thread(backup_sqlite, settings.database_url, path)
            print(f"backed up to {path} ({pages} pages); restore: botgig restore {path}")
            return
        command = pg_dump_command(settings.database_url, path)
        await asyncio.to_thread(run_pg_dump, command)
    except BackupError as exc:
        sys.exit(f"backup failed: {exc}")
    print(f"backed up to {path} with: {command.shown}")
    print(f"restore into an empty database: pg_restore --no-owner --dbname=<database> {path}")


async def restore_database(settings: Settings, path: Path) -> None:
    """``botgig restore PATH``: a SQLite backup written over the database."""
    from storage.backup import BackupError, restore_sqlite
    from storage.db import is_sqlite

    if not is_sqlite(settings.database_url):
        sys.exit(
            "restore: BOTGIG_DATABASE_URL is PostgreSQL; restore its dump with\n"
            f"  pg_restore --no-owner --dbname=<an empty database> {path}"
        )
    try:
        pages = await asyncio.to_thread(restore_sqlite, path, settings.database_url)
    except BackupError as exc:
        sys.exit(f"restore failed: {exc}")
    print(f"restored {path} ({pages} pages); start BotGig again (it migrates if needed)")


async def seed_demo(settings: Settings) -> None:
    from botgig.bootstrap import bootstrap
    from botgig.seed import load_demo

    await migrate(settings)
    container = bootstrap(settings)
    try:
        summary = await load_demo(container.ctx)
    finally:
        await container.close()
    print(summary)


def plan(settings: Settings, only: str | None) -> dict[str, str | None]:
    """Which parts run (None) and, for the others, why not."""
    wanted = set(PARTS) if only is None else {only}
    reasons: dict[str, str | None] = {}
    for part in PARTS:
        if part not in wanted:
            reasons[part] = f"--only {only}"
        elif part == "telegram" and settings.telegram_token is None:
            reasons[part] = "BOTGIG_TELEGRAM_TOKEN is not set"
        elif part == "discord" and settings.discord_token is None:
            reasons[part] = "BOTGIG_DISCORD_TOKEN is not set"
        elif part == "admin":
            # The admin channel is a router and a sink of the Telegram bot (one token, one
            # getUpdates consumer), so it runs wherever the Telegram part runs.
            if settings.telegram_admin_chat_id is None:
                reasons[part] = "BOTGIG_TELEGRAM_ADMIN_CHAT_ID is not set"
            elif settings.telegram_token is None:
                reasons[part] = "BOTGIG_TELEGRAM_TOKEN is not set"
            elif "telegram" not in wanted:
                reasons[part] = "the admin channel runs inside the Telegram bot (--only telegram)"
            else:
                reasons[part] = None
        else:
            reasons[part] = None
    return reasons


def sink_names(settings: Settings) -> frozenset[str]:
    """Every outbox sink the settings configure: an event is done when all of them have it.

    The same settings give the same set in every process, whichever part it runs, so a
    notification waits for the Telegram bot's process even while only the workers are up.
    """
    names = {"webhooks"}
    if settings.telegram_token is not None:
        names.add("telegram")
        if settings.telegram_admin_chat_id is not None:
            names.add("telegram-admin")
    if settings.discord_token is not None:
        names.add("discord")
        if settings.discord_admin_channel_id is not None:
            names.add("discord-admin")
    return frozenset(names)


async def run(settings: Settings, *, only: str | None = None) -> None:
    from botgig.bootstrap import sync_moderators
    from botgig.crypto import why_crypto_is_off
    from botgig.workers import Dispatcher, run_scheduler

    parts = plan(settings, only)
    api_socket = bind_api_socket(settings.api_host, settings.api_port) if (
        parts["api"] is None
    ) else None
    print(f"  data      {settings.data_dir}", flush=True)
    print(f"  database  {settings.masked_database_url()}", flush=True)
    try:
        await migrate(settings)
    except BaseException:
        if api_socket is not None:
            api_socket.close()
        raise
    container = _bootstrap_or_exit(settings)
    ctx = container.ctx
    await sync_moderators(container)
    for part, reason in parts.items():
        print(f"  {part:<9} {'on' if reason is None else 'off (' + reason + ')'}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)

    jobs: list[Coroutine[Any, Any, None]] = []
    closers: list[Any] = []
    # The outbox sinks this process delivers: the workers' (webhooks) and those of the chat
    # front ends it runs, which send through their own bot (one pacer per Telegram bot).
    worker_sinks = list(container.sinks)
    chat_sinks = len(container.sinks)
    if parts["telegram"] is None:
        front = container.telegram()
        closers.append(front.close)
        jobs.append(_until(stop, front.start()))
    if parts["discord"] is None:
        discord_front = container.discord()
        closers.append(discord_front.close)
        jobs.append(_until(stop, discord_front.start()))
    sinks = (worker_sinks if parts["worker"] is None else []) + container.sinks[chat_sinks:]
    if sinks:
        from storage.outbox import OutboxStore

        dispatcher = Dispatcher(
            OutboxStore(container.engine),
            sinks,
            expected=sink_names(settings),
            lease_seconds=settings.worker_lease_seconds,
        )
        jobs.append(dispatcher.run(interval=settings.dispatcher_interval_seconds, stop=stop))
    if api_socket is not None:
        jobs.append(_serve_api(container, stop, api_socket))
    if parts["worker"] is None:
        jobs.append(run_scheduler(ctx, interval=settings.scheduler_interval_seconds, stop=stop))
        from botgig.bootstrap import webhook_sender_for

        jobs.append(
            webhook_sender_for(container).run(
                interval=settings.dispatcher_interval_seconds, stop=stop
            )
        )
        if ctx.escrow is not None:
            from botgig.stripe import run_payment_worker

            print("  payments  on (Stripe escrow)", flush=True)
            jobs.append(
                run_payment_worker(ctx, interval=settings.scheduler_interval_seconds, stop=stop)
            )
        else:
            from botgig.stripe import why_escrow_is_off

            print(f"  payments  off ({why_escrow_is_off(settings)})", flush=True)
        if container.chain_watcher is not None:
            print(f"  chain     on ({container.ctx.crypto.rules.network_name})", flush=True)
            jobs.append(container.chain_watcher.run(stop, settings.chain_poll_seconds))
        else:
            print(f"  chain     off ({why_crypto_is_off(settings)})", flush=True)
    if not jobs:
        print("nothing to run", flush=True)
        return
    from botgig.observability import heartbeat_job

    jobs.append(heartbeat_job(container, [p for p, why in parts.items() if why is None], stop))

    async def guarded(job: Coroutine[Any, Any, None]) -> None:
        # One part failing stops the others, so the process exits and a supervisor restarts it.
        try:
            await job
        except Exception:
            log.exception("a part of BotGig failed; stopping")
            stop.set()
            raise

    try:
        await asyncio.gather(*(guarded(job) for job in jobs))
    finally:
        for close in closers:
            await close()
        await container.close()


def _bootstrap_or_exit(settings: Settings, **kwargs: Any) -> Any:
    from botgig.bootstrap import bootstrap
    from botgig.crypto import ConfigurationError

    try:
        return bootstrap(settings, **kwargs)
    except ConfigurationError as exc:
        sys.exit(f"BotGig cannot start: {exc}")


async def chain_status(settings: Settings, **kwargs: Any) -> None:
    """``botgig chain status``: print the watcher's checkpoint, lag and pending deposits."""
    from botgig.crypto import format_chain_status, why_crypto_is_off
    from core.credits.deposits import get_chain_status

    await migrate(settings)
    container = _bootstrap_or_exit(settings, **kwargs)
    try:
        if container.ctx.crypto is None:
            have_reader = kwargs.get("chain_reader") is not None
            sys.exit(
                f"crypto top-ups are off: {why_crypto_is_off(settings, have_reader=have_reader)}"
            )
        status = await get_chain_status(container.ctx, reader=container.chain_reader)
        print(format_chain_status(status), flush=True)
    finally:
        await container.close()


async def show_stats(settings: Settings, days: int, **kwargs: Any) -> None:
    """``botgig stats --days N``: the pilot's figures, as the admin channel's /stats."""
    from core.moderation.stats import pilot_stats
    from core.shared.errors import MarketplaceError
    from handlers.admin.cards import stats_text
    from handlers.render import translator_for

    await migrate(settings)
    container = _bootstrap_or_exit(settings, **kwargs)
    try:
        figures = await pilot_stats(container.ctx, days=days)
    except MarketplaceError as exc:
        sys.exit(exc.message)
    finally:
        await container.close()
    print(stats_text(translator_for(None), figures), flush=True)


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


async def reconcile(settings: Settings, *, since: datetime | None = None, **kwargs: Any) -> int:
    """``botgig payments reconcile``: print every mismatch; 1 when there is one."""
    from botgig.stripe import format_reconciliation, why_escrow_is_off
    from core.escrow.reconcile import reconcile_payments

    await migrate(settings)
    container = _bootstrap_or_exit(settings, **kwargs)
    try:
        if container.ctx.escrow is None:
            print(f"escrow is off: {why_escrow_is_off(settings)}", file=sys.stderr, flush=True)
            return 2
        result = await reconcile_payments(container.ctx, since=since)
        print(format_reconciliation(result, since), flush=True)
        return 1 if result.mismatches else 0
    finally:
        await container.close()


async def verify_email(settings: Settings, email: str) -> None:
    """``botgig accounts verify-email <email>``."""
    from botgig.bootstrap import bootstrap
    from core.accounts.api_access import verify_email_address
    from core.shared.errors import MarketplaceError

    await migrate(settings)
    container = bootstrap(settings)
    try:
        account = await verify_email_address(container.ctx, email=email)
    except MarketplaceError as exc:
        sys.exit(exc.message)
    finally:
        await container.close()
    print(f"{account.email} (account {account.id}) is verified", flush=True)


async def _until(stop: asyncio.Event, job: Coroutine[Any, Any, None]) -> None:
    task = asyncio.ensure_future(job)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    for pending in (task, stopper):
        if pending not in done:
            pending.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pending
    if task in done:
        task.result()


async def _serve_api(container: Any, stop: asyncio.Event, sock: socket.socket) -> None:
    import uvicorn

    from api.app import create_app

    class _QuietServer(uvicorn.Server):
        # The process handles SIGINT/SIGTERM itself: one stop event for every part.
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            yield

    settings = container.settings
    from botgig.bootstrap import api_config_from, mailer_from
    from botgig.observability import monitor_for

    app = create_app(
        container.ctx,
        health_check=container.health_check,
        config=api_config_from(settings),
        mailer=mailer_from(settings),
        monitor=monitor_for(container),
    )
    config = uvicorn.Config(
        app,
        host=settings.api_host,
        port=settings.api_port,
        log_level=settings.log_level.lower(),
        # The app's lifespan runs the MCP server's session manager.
        lifespan="on",
        # Logging is set up once for the process (botgig.logging_config), requests included.
        log_config=None,
        access_log=False,
    )
    server = _QuietServer(config)
    print(
        f"  API on http://{settings.api_host}:{settings.api_port} (health: /health, docs: /docs)",
        flush=True,
    )
    serve = asyncio.ensure_future(server.serve(sockets=[sock]))
    await stop.wait()
    server.should_exit = True
    await serve
