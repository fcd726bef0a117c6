"""Chat state on SQL: half-filled forms per chat, seen update ids, and rate-limit counters —
shared by every process, so a restart or a second process carries on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from storage import tables as t
from storage.repository import _Repository
from storage.sql import upsert_insert


class SqlConversationStore(_Repository):
    """Half-filled forms per chat, as JSON rows keyed by e.g. ``telegram:42``."""

    async def get(self, key: str) -> dict[str, Any] | None:
        row = await self._one(
            select(t.conversation_state.c.state).where(t.conversation_state.c.key == key)
        )
        return dict(row["state"]) if row else None

    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None:
        stmt = upsert_insert(self._tx.dialect, t.conversation_state).values(
            key=key, state=state, updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.conversation_state.c.key],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        await (await self._conn()).execute(stmt)

    async def delete(self, key: str) -> None:
        await (await self._conn()).execute(
            delete(t.conversation_state).where(t.conversation_state.c.key == key)
        )


class SqlDedupStore(_Repository):
    """Seen keys (update ids, webhook ids); the primary key decides between racing processes."""

    async def first_time(self, key: str, now: datetime) -> bool:
        stmt = (
            upsert_insert(self._tx.dialect, t.dedup_key)
            .values(key=key, created_at=now)
            .on_conflict_do_nothing(index_elements=[t.dedup_key.c.key])
            .returning(t.dedup_key.c.key)
        )
        result = await (await self._conn()).execute(stmt)
        return result.first() is not None

    async def seen(self, key: str) -> bool:
        result = await (await self._conn()).execute(
            select(t.dedup_key.c.key).where(t.dedup_key.c.key == key)
        )
        return result.first() is not None


class SqlRateLimitStore(_Repository):
    """Fixed-window counters; an upsert counts atomically across processes."""

    async def hit(self, bucket: str, window_start: datetime) -> int:
        r = t.rate_limit_counter
        insert = upsert_insert(self._tx.dialect, r).values(
            bucket=bucket, window_start=window_start, count=1
        )
        stmt = insert.on_conflict_do_update(
            index_elements=[r.c.bucket, r.c.window_start],
            set_={"count": r.c.count + 1},
        ).returning(r.c.count)
        result = await (await self._conn()).execute(stmt)
        return int(result.scalar_one())

    async def count(self, bucket: str, window_start: datetime) -> int:
        r = t.rate_limit_counter
        result = await (await self._conn()).execute(
            select(r.c.count).where(r.c.bucket == bucket, r.c.window_start == window_start)
        )
        found = result.scalar_one_or_none()
        return int(found) if found is not None else 0
