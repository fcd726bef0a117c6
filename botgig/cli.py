"""``botgig`` — run, migrate and seed BotGig.

``botgig run`` starts every part the settings allow in one process; ``--only`` runs one part,
for deployments with several processes against PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Coroutine, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from botgig import logging_config
from botgig.settings import Settings

PARTS = ("api", "telegram", "discord", "admin", "worker")
log = logging.getLogger("botgig")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="botgig", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start BotGig (API, workers and configured chat bots)")
    run.add_argument("--only", choices=PARTS, help="run just one part")
    sub.add_parser("migrate", help="apply database migrations")
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
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument(
        "--demo",
        action="store_true",
        required=True,
        help="a small living marketplace to look around in",
    )
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
    logging_config.setup(settings)
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
    elif args.command == "run":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run(settings, only=args.only))


async def migrate(settings: Settings) -> None:
    from storage.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade(settings.database_url)


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


async def run(settings: Settings, *, only: str | None = None) -> None:
    from botgig.bootstrap import sync_moderators
    from botgig.crypto import why_crypto_is_off
    from botgig.workers import Dispatcher, run_scheduler

    await migrate(settings)
    container = _bootstrap_or_exit(settings)
    ctx = container.ctx
    await sync_moderators(container)
    parts = plan(settings, only)
    for part, reason in parts.items():
        print(f"  {part:<9} {'on' if reason is None else 'off (' + reason + ')'}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)

    jobs: list[Coroutine[Any, Any, None]] = []
    closers: list[Any] = []
    if parts["telegram"] is None:
        front = container.telegram()
        closers.append(front.close)
        jobs.append(_until(stop, front.start()))
    if parts["discord"] is None:
        discord_front = container.discord()
        closers.append(discord_front.close)
        jobs.append(_until(stop, discord_front.start()))
    if parts["api"] is None:
        jobs.append(_serve_api(container, stop))
    if parts["worker"] is None:
        from storage.outbox import OutboxStore

        dispatcher = Dispatcher(OutboxStore(container.engine), container.sinks)
        jobs.append(run_scheduler(ctx, interval=settings.scheduler_interval_seconds, stop=stop))
        jobs.append(dispatcher.run(interval=settings.dispatcher_interval_seconds, stop=stop))
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


async def _serve_api(container: Any, stop: asyncio.Event) -> None:
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
        # Logging is set up once for the process (botgig.logging_config), requests included.
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    server = _QuietServer(config)
    print(
        f"  API on http://{settings.api_host}:{settings.api_port} (health: /health, docs: /docs)",
        flush=True,
    )
    serve = asyncio.ensure_future(server.serve())
    await stop.wait()
    server.should_exit = True
    await serve
