"""Alembic, configured in code: ``await upgrade(url)`` applies the migrations in
storage/migrations (``botgig migrate`` and start-up call it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL

from storage.db import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Revisions are numbered by hand (0001_initial, 0002_...), in order.
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


async def _run(url: str | URL, action: Any, revision: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            def run(sync_conn: Any) -> None:
                config = alembic_config()
                config.attributes["connection"] = sync_conn
                action(config, revision)

            await conn.run_sync(run)
    finally:
        await engine.dispose()


async def upgrade(url: str | URL, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (creating a SQLite file if needed)."""
    await _run(url, command.upgrade, revision)


async def downgrade(url: str | URL, revision: str = "base") -> None:
    """Migrate the database at ``url`` down to ``revision`` (``base``: empty)."""
    await _run(url, command.downgrade, revision)


async def current(url: str | URL) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync_conn: MigrationContext.configure(sync_conn).get_current_revision()
            )
    finally:
        await engine.dispose()
