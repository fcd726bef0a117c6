"""The per-request limiter's shared adapters: the database (SQLite and PostgreSQL) and Redis.

A limit holds across processes when they share the state: two OS processes hitting one
bucket together get every count from 1 to the total exactly once (no lost increment), and
exactly ``limit`` of their hits are allowed. Redis comes from ``BOTGIG_TEST_REDIS_URL``
(``redis://127.0.0.1:6379/15``); without it those tests skip, unless
``BOTGIG_TEST_REQUIRE_REDIS=1`` (CI), where a missing or unreachable server fails them.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.ratelimit import Limit, Limiter
from storage import tables as t
from storage.limits import RedisLimiter, SqlLimiter
from tests.integration.conftest import T0

REDIS_ENV = "BOTGIG_TEST_REDIS_URL"
REQUIRE_REDIS_ENV = "BOTGIG_TEST_REQUIRE_REDIS"
CHECKOUT = Path(__file__).resolve().parents[2]
MINUTE = Limit(5, timedelta(minutes=1))


async def _redis_reachable(url: str) -> None:
    limiter = RedisLimiter.from_url(url)
    try:
        await limiter.peek("ping", MINUTE, T0)
    finally:
        await limiter.aclose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get(REDIS_ENV)
    reason = f"{REDIS_ENV} is not set; Redis limiter tests skipped"
    if url:
        try:
            asyncio.run(_redis_reachable(url))
            return url
        except Exception as exc:
            reason = f"Redis at {REDIS_ENV} is unreachable: {exc!r}"
    if os.environ.get(REQUIRE_REDIS_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_REDIS_ENV}=1 requires Redis", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
async def redis_limiter(redis_url: str) -> AsyncIterator[RedisLimiter]:
    # A prefix of this test's own: nothing to clean, and the keys expire with their window.
    limiter = RedisLimiter.from_url(redis_url, prefix=f"botgig-test:{uuid.uuid4().hex}:")
    try:
        yield limiter
    finally:
        await limiter.aclose()


async def check_fixed_window(limiter: Limiter) -> None:
    counts = [(await limiter.hit("key:1", MINUTE, T0)).count for _ in range(6)]
    assert counts == [1, 2, 3, 4, 5, 6]
    refused = await limiter.hit("key:1", MINUTE, T0 + timedelta(seconds=30))
    assert not refused.allowed and refused.retry_after == 30.0
    # Another bucket, and the next window, start from zero; peek counts nothing.
    assert (await limiter.hit("key:2", MINUTE, T0)).count == 1
    later = T0 + timedelta(minutes=1)
    assert (await limiter.peek("key:1", MINUTE, later)).count == 1
    assert (await limiter.peek("key:1", MINUTE, later)).allowed
    assert (await limiter.hit("key:1", MINUTE, later)).count == 1
    off = Limit(0, timedelta(minutes=1))
    assert (await limiter.hit("key:1", off, later)).allowed


async def test_the_database_limiter_counts_fixed_windows(engine: AsyncEngine) -> None:
    await check_fixed_window(SqlLimiter(engine))


async def test_the_redis_limiter_counts_fixed_windows(redis_limiter: RedisLimiter) -> None:
    await check_fixed_window(redis_limiter)


async def test_the_database_limiter_is_one_statement_per_hit_on_postgresql(
    engine: AsyncEngine,
) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0].upper())

    limiter = SqlLimiter(engine)
    await limiter.hit("warm", MINUTE, T0)
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await limiter.hit("key:1", MINUTE, T0)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    if engine.dialect.name == "postgresql":
        # Autocommitted, so asyncpg sends no BEGIN or COMMIT round trip around it either.
        assert statements == ["INSERT"]
        options = limiter._engine.get_execution_options()
        assert options["isolation_level"] == "AUTOCOMMIT"
    else:
        assert statements == ["BEGIN", "INSERT"]
    async with engine.connect() as conn:
        stored = await conn.scalar(
            select(func.sum(t.rate_limit_counter.c.count)).where(
                t.rate_limit_counter.c.bucket == "key:1"
            )
        )
    assert stored == 1


async def _two_processes(kind: str, url: str, hits: int, most: int) -> list[list[object]]:
    bucket = f"two-processes:{uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.integration.limit_hitter",
            kind, url, bucket, str(hits), str(most),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, cwd=CHECKOUT, env=env,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        await proc.stdin.drain()
    outputs = [await asyncio.wait_for(proc.communicate(), 120) for proc in procs]
    results: list[list[object]] = []
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()[-2000:]
        results.extend(json.loads(out))
    return results


def check_shared(results: list[list[object]], hits: int, most: int) -> None:
    counts = sorted(int(str(count)) for count, _ in results)
    assert counts == list(range(1, 2 * hits + 1)), "a hit was lost or counted twice"
    assert sum(1 for _, allowed in results if allowed) == most


async def test_two_processes_share_a_limit_in_the_database(database_url: str) -> None:
    # SQLite too: two processes on one file, each hit a short IMMEDIATE transaction.
    results = await _two_processes("database", database_url, hits=40, most=50)
    check_shared(results, hits=40, most=50)


async def test_two_processes_share_a_limit_in_redis(redis_url: str) -> None:
    results = await _two_processes("redis", redis_url, hits=100, most=150)
    check_shared(results, hits=100, most=150)
