"""Alembic, configured in code: ``await upgrade(url)`` applies the migrations in
storage/migrations (``botgig migrate`` and start-up call it).

Any number of processes may start at once on an empty database (several ``botgig run
--only ...`` under systemd, say): each migration run holds a lock for its whole
transaction, so one process migrates and the others then find the database at head.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, Any

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.db import create_engine, is_sqlite

MIGRATIONS = Path(__file__).with_name("migrations")

#: The PostgreSQL advisory lock every migration run holds ("botgig:m" as an integer); any
#: other tool migrating the same database should take it too.
ADVISORY_LOCK_KEY = 0x626F74_6769673A6D

log = logging.getLogger(__name__)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Revisions are numbered by hand (0001_initial, 0002_...), in order.
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


def sqlite_lock_path(url: str | URL) -> Path | None:
    """The lock file beside a SQLite database file (None for an in-memory database)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return path.with_name(path.name + ".migrate.lock")


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[IO[bytes]]:
    import fcntl  # POSIX, like every deployment target (systemd, containers)

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("waiting for another process to finish migrating %s", path.parent)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.asynccontextmanager
async def _sqlite_lock(url: str | URL) -> AsyncIterator[None]:
    path = sqlite_lock_path(url)
    if path is None:
        yield
        return
    # The kernel drops an flock with its process, so a killed migrator leaves no stale lock.
    # Waiting happens in a thread: the event loop keeps serving while the lock is held
    # elsewhere (signals, the other parts of ``botgig run`` shutting down).
    lock = _file_lock(path)
    await asyncio.to_thread(lock.__enter__)
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


async def _advisory_lock(conn: AsyncConnection) -> None:
    # The transaction-level lock goes with the commit (or the dropped connection of a
    # killed process); taken before alembic reads alembic_version, so a waiter reads the
    # version the winner committed.
    key = {"key": ADVISORY_LOCK_KEY}
    if not (await conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), key)).scalar():
        log.info("waiting for another process to finish migrating the database")
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)


async def _run(url: str | URL, action: Any, revision: str) -> None:
    async with contextlib.AsyncExitStack() as stack:
        if is_sqlite(url):
            await stack.enter_async_context(_sqlite_lock(url))
        engine = create_engine(url)
        stack.push_async_callback(engine.dispose)
        async with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await _advisory_lock(conn)

            def run(sync_conn: Any) -> None:
                config = alembic_config()
                config.attributes["connection"] = sync_conn
                action(config, revision)

            await conn.run_sync(run)


async def upgrade(url: str | URL, revision: str = "head") -> None:
    """Migrate the database at ``url`` up to ``revision`` (creating a SQLite file if needed).
    Safe to call from several processes at once."""
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
