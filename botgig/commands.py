"""The one-shot commands besides ``run``: ``mcp``, ``backup``, ``restore``, ``seed``,
``chain status``, ``stats``, ``payments reconcile``, ``accounts verify-email`` and
``db stats|purge``."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from botgig.settings import Settings
from botgig.startup import bootstrap_or_exit, migrate


async def serve_mcp(settings: Settings) -> None:
    """``botgig mcp``: the MCP server over stdio for a desktop client, acting as the account of
    ``BOTGIG_API_KEY``. stdout carries the protocol, so everything else goes to stderr."""
    from api.mcp.server import check_key, run_stdio
    from api.webhooks import DnsResolver
    from botgig.bootstrap import api_config_from
    from core.shared.errors import MarketplaceError

    await migrate(settings)
    container = bootstrap_or_exit(settings)
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


async def chain_status(settings: Settings, **kwargs: Any) -> None:
    """``botgig chain status``: print the watcher's checkpoint, lag and pending deposits."""
    from botgig.crypto import format_chain_status, why_crypto_is_off
    from core.credits.deposits import get_chain_status

    await migrate(settings)
    container = bootstrap_or_exit(settings, **kwargs)
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
    container = bootstrap_or_exit(settings, **kwargs)
    try:
        figures = await pilot_stats(container.ctx, days=days)
    except MarketplaceError as exc:
        sys.exit(exc.message)
    finally:
        await container.close()
    print(stats_text(translator_for(None), figures), flush=True)


async def reconcile(settings: Settings, *, since: datetime | None = None, **kwargs: Any) -> int:
    """``botgig payments reconcile``: print every mismatch; 1 when there is one."""
    from botgig.stripe import format_reconciliation, why_escrow_is_off
    from core.escrow.reconcile import reconcile_payments

    await migrate(settings)
    container = bootstrap_or_exit(settings, **kwargs)
    try:
        if container.ctx.escrow is None:
            print(f"escrow is off: {why_escrow_is_off(settings)}", file=sys.stderr, flush=True)
            return 2
        result = await reconcile_payments(container.ctx, since=since)
        print(format_reconciliation(result, since), flush=True)
        return 1 if result.mismatches or result.failing else 0
    finally:
        await container.close()


async def rotate_deployment(settings: Settings) -> None:
    """``botgig payments rotate-deployment-id``: a new prefix for the Stripe idempotency keys
    of calls queued from now on (docs/escrow.md "Idempotency keys")."""
    from storage.deployment import rotate_deployment_id

    await migrate(settings)
    old, new = await rotate_deployment_id(settings.database_url)
    print(
        f"deployment id {old} -> {new}; calls queued before keep {old} (their retries must "
        "replay at Stripe). Start BotGig again to use the new id.",
        flush=True,
    )


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


async def db_stats(settings: Settings) -> None:
    """``botgig db stats``: rows and size per table, and what retention would purge now."""
    from botgig.retention import format_db_stats, retention_policy
    from core.shared.clock import SystemClock
    from storage.db import create_engine
    from storage.retention import RetentionStore

    await migrate(settings)
    engine = create_engine(settings.database_url)
    try:
        store = RetentionStore(engine)
        policy = retention_policy(settings)
        now = SystemClock().now()
        due = {
            kind: await store.count_due(kind, before=now - keep)
            for kind, keep in policy.items()
            if keep is not None
        }
        print(format_db_stats(await store.table_stats(), policy, due))
    finally:
        await engine.dispose()


async def db_purge(settings: Settings) -> None:
    """``botgig db purge``: one run of the retention job, now."""
    from botgig.retention import purge_expired, retention_policy
    from core.shared.clock import SystemClock
    from storage.db import create_engine
    from storage.retention import RetentionStore

    await migrate(settings)
    engine = create_engine(settings.database_url)
    try:
        result = await purge_expired(
            RetentionStore(engine),
            retention_policy(settings),
            now=SystemClock().now(),
            batch=settings.retention_batch,
            pause=0.05,
        )
    finally:
        await engine.dispose()
    for kind, count in sorted(result.purged.items()):
        print(f"purged {count:,} {kind}")
    if not result.purged:
        print("nothing to purge")
    if result.failed:
        sys.exit("retention failed for: " + ", ".join(result.failed) + " (see the log)")
