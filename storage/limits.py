"""The per-request rate limiter's shared adapters (``core.shared.ratelimit.Limiter``).

``SqlLimiter``: the ``rate_limit_counter`` table, one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` per hit. On PostgreSQL it runs autocommitted, so a hit is one statement and one
round trip, with no transaction of its own around it; the row lock it takes lasts that one
statement. On SQLite it is one short ``BEGIN IMMEDIATE`` transaction (the embedded default
counts in memory instead; this is for several processes on one SQLite file).

``RedisLimiter``: ``INCR`` and ``EXPIRE`` of a key per bucket and window in one
``MULTI``/``EXEC`` pipeline: atomic, one round trip, and the key is gone when its window is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.ratelimit import Limit, Verdict, verdict_of, window_start
from storage import tables as t
from storage.sql import upsert_insert

_OFF = 0.0


class SqlLimiter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._dialect = engine.dialect.name
        if self._dialect == "postgresql":
            self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        else:
            self._engine = engine

    async def hit(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=_OFF)
        start = window_start(now, limit.window)
        r = t.rate_limit_counter
        insert = upsert_insert(self._dialect, r).values(bucket=bucket, window_start=start, count=1)
        stmt = insert.on_conflict_do_update(
            index_elements=[r.c.bucket, r.c.window_start], set_={"count": r.c.count + 1}
        ).returning(r.c.count)
        if self._dialect == "postgresql":
            async with self._engine.connect() as conn:
                count = (await conn.execute(stmt)).scalar_one()
        else:
            async with self._engine.begin() as conn:
                count = (await conn.execute(stmt)).scalar_one()
        return verdict_of(int(count), limit, start, now)

    async def peek(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=_OFF)
        start = window_start(now, limit.window)
        r = t.rate_limit_counter
        stmt = select(r.c.count).where(r.c.bucket == bucket, r.c.window_start == start)
        async with self._engine.connect() as conn:
            found = (await conn.execute(stmt)).scalar_one_or_none()
        return verdict_of(int(found or 0) + 1, limit, start, now)


class RedisLimiter:
    """Over a ``redis.asyncio.Redis`` client (``from_url``); keys ``<prefix><bucket>:<window
    start, epoch seconds>``."""

    def __init__(self, client: Any, prefix: str = "botgig:ratelimit:") -> None:
        self._redis = client
        self._prefix = prefix

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisLimiter:
        from redis.asyncio import Redis

        return cls(Redis.from_url(url), **kwargs)

    def _key(self, bucket: str, start: datetime) -> str:
        return f"{self._prefix}{bucket}:{int(start.timestamp())}"

    async def hit(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=_OFF)
        start = window_start(now, limit.window)
        key = self._key(bucket, start)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            # A relative expiry (not the window's end) keeps working under a test clock; the
            # key names its window, so living a little past it changes no count.
            pipe.expire(key, int(limit.window.total_seconds()) + 1)
            count, _ = await pipe.execute()
        return verdict_of(int(count), limit, start, now)

    async def peek(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=_OFF)
        start = window_start(now, limit.window)
        found = await self._redis.get(self._key(bucket, start))
        return verdict_of(int(found or 0) + 1, limit, start, now)

    async def aclose(self) -> None:
        await self._redis.aclose()
