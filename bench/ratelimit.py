"""API GETs/s under each per-request rate limiter, against the same GETs with the limit off,
measured in the same run (issue 12, item 2).

The FastAPI app (``api.app.create_app``) on real SQL storage, called in process through
``httpx.ASGITransport`` by 8 concurrent clients, each with its own API key, each making
BENCH_RL_GETS authenticated ``GET /api/me`` (300). Every request authenticates its key (a
read) and counts one hit of its key's bucket with the limiter under test: the database
(``storage.limits.SqlLimiter``: one autocommitted upsert on PostgreSQL, one short
transaction on SQLite), this process (``InProcessLimiter``), Redis (``RedisLimiter``, when
BOTGIG_TEST_REDIS_URL is set, e.g. redis://127.0.0.1:6379/15), and the old way (one unit of
work with upsert + commit per request, ``UnitLimiter``). The floor: the same requests with
the per-key limit off (nothing counted). The limit is high enough never to refuse. BENCH_REPEAT
(3) interleaved rounds; the medians are printed, each limiter's ratio against the floor's.

    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
    BOTGIG_TEST_REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m bench.ratelimit
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.app import create_app
from api.config import ApiConfig
from core.shared.context import Context
from core.shared.ratelimit import InProcessLimiter, Limiter, UnitLimiter
from storage.db import create_engine
from storage.limits import RedisLimiter, SqlLimiter
from storage.migrate import upgrade
from storage.uow import make_uow_factory

CLIENTS = 8
GETS = int(os.environ.get("BENCH_RL_GETS", "300"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Mailer:
    def __init__(self) -> None:
        self.bodies: dict[str, str] = {}

    async def send(self, *, to: str, subject: str, body: str) -> None:
        self.bodies[to] = body


async def healthy() -> None:
    return None


def app_for(ctx: Context, tmp: Path, mailer: Mailer, per_minute: int) -> Any:
    config = ApiConfig(
        public_url="http://bench",
        upload_dir=tmp / "uploads",
        smtp_configured=True,
        rate_limit_per_minute=per_minute,
        anonymous_rate_limit_per_minute=0,
    )
    return create_app(ctx, health_check=healthy, config=config, mailer=mailer)


async def register_keys(ctx: Context, tmp: Path) -> list[str]:
    mailer = Mailer()
    app = app_for(ctx, tmp, mailer, per_minute=0)
    keys = []
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for i in range(CLIENTS):
            email = f"agent-{uuid.uuid4().hex[:8]}@example.com"
            r = await client.post(
                "/api/auth/register",
                json={"email": email, "display_name": f"Agent {i}", "kind": "agent"},
            )
            r.raise_for_status()
            keys.append(r.json()["api_key"])
    return keys


async def gets_per_second(ctx: Context, tmp: Path, keys: list[str], per_minute: int) -> float:
    app = app_for(ctx, tmp, Mailer(), per_minute)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def one_client(key: str) -> None:
            for _ in range(GETS):
                r = await client.get("/api/me", headers={"X-API-Key": key})
                assert r.status_code == 200, r.text

        await asyncio.gather(*(one_client(k) for k in keys[:1]))  # warm
        start = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in keys))
        return CLIENTS * GETS / (time.perf_counter() - start)


async def run(url: str, label: str, tmp: Path) -> None:
    await upgrade(url)
    engine = create_engine(url)
    clock = Clock()
    base = Context(uow=make_uow_factory(engine, clock), clock=clock)
    redis: RedisLimiter | None = None
    try:
        keys = await register_keys(base, tmp)
        limiters: list[tuple[str, Limiter]] = [
            ("database, one unit of work per hit (before)", UnitLimiter(base.uow)),
            ("database (SqlLimiter)", SqlLimiter(engine)),
            ("in-process", InProcessLimiter()),
        ]
        redis_url = os.environ.get("BOTGIG_TEST_REDIS_URL")
        if redis_url:
            redis = RedisLimiter.from_url(redis_url, prefix=f"botgig-bench:{uuid.uuid4().hex}:")
            limiters.append(("Redis", redis))
        # Interleaved rounds, so a noisy neighbour hurts every configuration alike.
        floors: list[float] = []
        rates: dict[str, list[float]] = {name: [] for name, _ in limiters}
        for _ in range(REPEAT):
            floors.append(await gets_per_second(base, tmp, keys, per_minute=0))
            for name, limiter in limiters:
                ctx = replace(base, rate_limiter=limiter)
                rates[name].append(await gets_per_second(ctx, tmp, keys, per_minute=10**9))
        floor = statistics.median(floors)
        print(f"  {label:10} {'limit off (floor)':44} {floor:7.0f} GETs/s")
        for name, values in rates.items():
            rate = statistics.median(values)
            print(f"  {label:10} {name:44} {rate:7.0f} GETs/s  ratio {rate / floor:.2f}")
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()


async def main() -> None:
    print(f"API GET /api/me, {CLIENTS} clients x {GETS} requests, each counted by the limiter")
    with tempfile.TemporaryDirectory() as tmp:
        await run(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", "SQLite", Path(tmp))
        pg = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
        if pg:
            name = f"botgig_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(
                make_url(pg).set(database="postgres"), isolation_level="AUTOCOMMIT"
            )
            async with admin.connect() as conn:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(pg).set(database=name).render_as_string(hide_password=False)
                await run(url, "PostgreSQL", Path(tmp))
            finally:
                async with admin.connect() as conn:
                    await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
