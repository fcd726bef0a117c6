"""Engine creation: the same code on SQLite (embedded default) and PostgreSQL (at scale)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql.dml import UpdateBase

from core.shared.uow import ReadOnlyUnitError

#: How long a SQLite writer waits for the lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: The execution option a read-only unit of work sets on its connection.
READ_ONLY = "botgig_read_only"
#: A pooled PostgreSQL connection idle longer than this is pinged before use (a server
#: restart or an idle-timeout proxy drops such connections); a busy pool is never pinged.
IDLE_PING_AFTER_S = 30.0
#: PostgreSQL connections are replaced after this long, whatever their use.
POOL_RECYCLE_S = 1800


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


async def set_read_only(conn: AsyncConnection) -> None:
    """Make ``conn``'s next transaction read-only (before its first statement): deferred
    with ``PRAGMA query_only`` on SQLite, ``BEGIN READ ONLY`` on PostgreSQL."""
    options: dict[str, Any] = {READ_ONLY: True}
    if conn.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    await conn.execution_options(**options)


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``.

    On SQLite: WAL, foreign keys, a busy timeout, and every writing transaction starts with
    ``BEGIN IMMEDIATE``. A deferred BEGIN takes the write lock only at the first write, and
    a reader that then tries to write fails at once instead of waiting (19 of 20 concurrent
    spends failed that way); IMMEDIATE makes writers queue on the busy timeout instead.
    A read-only unit of work (``set_read_only``) begins deferred instead, under
    ``PRAGMA query_only``: WAL lets any number of such readers run beside the one writer.

    On both, a write statement on a read-only connection raises ``ReadOnlyUnitError``
    before it reaches the database (which would refuse it too).
    """
    parsed = make_url(url)
    # Statement parameters carry tokens and secrets: never in a log or an error message.
    kwargs.setdefault("hide_parameters", True)
    if not is_sqlite(parsed):
        # No pool_pre_ping (a round trip per checkout): connections are recycled, and pinged
        # only after being idle (a busy pool has just used them).
        kwargs.setdefault("pool_recycle", POOL_RECYCLE_S)
        engine = create_async_engine(parsed, **kwargs)
        _refuse_writes_when_read_only(engine)
        _ping_when_idle(engine)
        return engine

    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, **kwargs)
    _refuse_writes_when_read_only(engine)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy (the driver would BEGIN lazily, deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = bool(connection.get_execution_options().get(READ_ONLY))
        # query_only stays set on the pooled connection: switch it only when it changes.
        if connection.info.get("query_only", False) is not read_only:
            connection.exec_driver_sql(f"PRAGMA query_only={int(read_only)}")
            connection.info["query_only"] = read_only
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _refuse_writes_when_read_only(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "before_execute")
    def _before_execute(
        connection: Any, clause: Any, _multiparams: Any, _params: Any, options: Any
    ) -> None:
        if isinstance(clause, UpdateBase) and (
            options.get(READ_ONLY) or connection.get_execution_options().get(READ_ONLY)
        ):
            raise ReadOnlyUnitError(
                f"{clause.__visit_name__.upper()} on {getattr(clause.table, 'name', '?')} "
                "in a read-only unit of work: the use case must use ctx.uow() to write"
            )


def _ping_when_idle(engine: AsyncEngine) -> None:
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_AFTER_S:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool replaces this connection, and every one older than it, and retries.
            raise exc.InvalidatePoolError() from error
