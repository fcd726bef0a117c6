"""Retention: deleting operational rows that have done their job, in bounded batches.

Each purgeable kind is data: its table, the time column that ages it and the condition that
says a row is finished (a pending outbox event is never purged, however old). A batch is one
short transaction of its own — select up to ``limit`` primary keys, delete them — so the
SQLite write lock is held for one batch at a time and traffic writes in between. On
PostgreSQL the selection skips rows another transaction holds (``FOR UPDATE SKIP LOCKED``),
so two processes purging at once take disjoint batches instead of waiting on each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, ColumnElement, Table, and_, func, not_, select, text, tuple_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage import tables as t

#: Keys of the conversation store that map a relayed message to its order
#: (``handlers.state.relay_key``); the rest of that table is chat state (forms, saved
#: list queries, held notifications), kept longer.
RELAY_KEY_PREFIX = "relay:"
#: Dedup keys that mark a one-time event for good (the welcome shown to an account): purging
#: one would show the welcome again, so they are not operational rows.
PERMANENT_DEDUP_PREFIXES = ("welcome:",)


@dataclass(frozen=True)
class Purgeable:
    """One kind of operational row: ``table`` rows whose ``age_column`` is older than the
    kind's retention, and for which ``finished`` holds, may be deleted."""

    kind: str
    table: Table
    age_column: str
    finished: Callable[[Table], ColumnElement[bool]] | None = None

    def condition(self, before: datetime) -> ColumnElement[bool]:
        column: Column[datetime] = self.table.c[self.age_column]
        older = column < before
        return older if self.finished is None else and_(older, self.finished(self.table))


def _status_in(*statuses: str) -> Callable[[Table], ColumnElement[bool]]:
    return lambda table: table.c.status.in_(statuses)


def _not_permanent(table: Table) -> ColumnElement[bool]:
    return and_(*(not_(table.c.key.startswith(p)) for p in PERMANENT_DEDUP_PREFIXES))


def _relay(table: Table) -> ColumnElement[bool]:
    return table.c.key.startswith(RELAY_KEY_PREFIX)


def _not_relay(table: Table) -> ColumnElement[bool]:
    return not_(table.c.key.startswith(RELAY_KEY_PREFIX))


#: Every table that grows with traffic and may be trimmed, by kind (the settings' names).
PURGEABLE: tuple[Purgeable, ...] = (
    Purgeable("dedup", t.dedup_key, "created_at", _not_permanent),
    Purgeable("counters", t.rate_limit_counter, "window_start"),
    Purgeable("relay", t.conversation_state, "updated_at", _relay),
    Purgeable("chat_state", t.conversation_state, "updated_at", _not_relay),
    Purgeable("idempotency", t.idempotency_record, "expires_at"),
    # Expired codes and tokens are useless whether they were used or not.
    Purgeable("link_codes", t.link_code, "expires_at"),
    Purgeable("email_tokens", t.email_token, "expires_at"),
    Purgeable(
        "webhook_deliveries", t.webhook_delivery, "created_at", _status_in("delivered", "failed")
    ),
    Purgeable("outbox", t.outbox_event, "created_at", _status_in("done", "failed")),
    Purgeable("timers", t.timer, "due_at", _status_in("done", "cancelled")),
    Purgeable("processor_events", t.stripe_event, "received_at"),
    Purgeable("exports", t.account_export, "expires_at", _status_in("expired")),
)
KINDS: dict[str, Purgeable] = {p.kind: p for p in PURGEABLE}


@dataclass(frozen=True)
class TableStats:
    name: str
    rows: int
    #: On-disk size with indexes; None where the database cannot tell (SQLite without dbstat).
    bytes: int | None


class RetentionStore:
    """Batch deletes and table statistics straight on the engine: retention is maintenance,
    not a use case, so it has no unit of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def purge_batch(self, kind: str, *, before: datetime, limit: int) -> int:
        """Delete at most ``limit`` finished rows of ``kind`` older than ``before``, in one
        transaction; returns how many went (fewer than ``limit``: the kind is done)."""
        purgeable = KINDS[kind]
        table = purgeable.table
        key = tuple_(*table.primary_key.columns)
        batch = (
            select(*table.primary_key.columns)
            .where(purgeable.condition(before))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        async with self._engine.begin() as conn:
            keys = [tuple(row) for row in (await conn.execute(batch)).all()]
            if not keys:
                return 0
            # Deleting by the selected keys (and the age condition again, in case a row was
            # refreshed between the two statements) keeps the delete to this batch.
            result = await conn.execute(
                table.delete().where(key.in_(keys), purgeable.condition(before))
            )
        return int(result.rowcount)

    async def count_due(self, kind: str, *, before: datetime) -> int:
        purgeable = KINDS[kind]
        async with self._engine.connect() as conn:
            counted = select(func.count()).select_from(purgeable.table).where(
                purgeable.condition(before)
            )
            return int((await conn.execute(counted)).scalar_one())

    async def table_stats(self) -> list[TableStats]:
        """Rows and on-disk size of every table, largest first."""
        async with self._engine.connect() as conn:
            sizes = await _sizes(conn)
            stats = []
            for table in t.metadata.sorted_tables:
                rows = (await conn.execute(select(func.count()).select_from(table))).scalar_one()
                stats.append(TableStats(table.name, int(rows), sizes.get(table.name)))
        return sorted(stats, key=lambda s: (-(s.bytes or 0), -s.rows, s.name))


async def _sizes(conn: AsyncConnection) -> dict[str, int]:
    names = [table.name for table in t.metadata.sorted_tables]
    if conn.dialect.name == "postgresql":
        rows = await conn.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )
        )
        return {name: int(size) for name, size in rows.all() if name in names}
    # SQLite's dbstat table sums the pages of each table and of its indexes; builds without
    # it (it is a compile-time option) report rows only.
    try:
        rows = await conn.execute(
            text(
                "SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s"
                " LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY 1"
            )
        )
    except DBAPIError:
        return {}
    return {name: int(size) for name, size in rows.all() if name in names}
