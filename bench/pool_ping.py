"""PostgreSQL: what ``pool_pre_ping`` cost per unit of work, measured against the engine as
built (no pre-ping; a connection idle over ``storage.db.IDLE_PING_AFTER_S`` is pinged at
checkout), in the same run (issue 12, item 1).

8 concurrent clients each run ``BENCH_UNITS_PER_CLIENT`` read-only units of one primary-key
read (what a card or an API key lookup is), on an engine with ``pool_pre_ping=True`` (as
before) and on ``create_engine``'s default, alternating three times. Prints units/s, p50
and p99 of each and the ratio; asserts nothing about time.

    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.pool_ping
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.search import CLIENTS, Clock, percentiles
from core.accounts.model import Account, AccountKind
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

PER_CLIENT = int(os.environ.get("BENCH_UNITS_PER_CLIENT", "300"))


async def measure(url: str, account_id: int, **engine_options: bool) -> tuple[float, ...]:
    engine = create_engine(url, **engine_options)
    uow_factory = make_uow_factory(engine, Clock())
    samples: list[float] = []

    async def client() -> None:
        for _ in range(PER_CLIENT):
            start = time.perf_counter()
            async with uow_factory(read_only=True) as uow:
                await uow.accounts.get(account_id)
            samples.append(time.perf_counter() - start)

    try:
        await client()  # fill the pool before timing
        samples.clear()
        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - start
    finally:
        await engine.dispose()
    return (len(samples) / elapsed, *percentiles(samples))


async def main() -> None:
    pg = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
    if not pg:
        raise SystemExit("set BOTGIG_TEST_POSTGRES_URL: this bench is about PostgreSQL's pool")
    name = f"botgig_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(pg).set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg).set(database=name).render_as_string(hide_password=False)
    try:
        await upgrade(url)
        engine = create_engine(url)
        async with make_uow_factory(engine, Clock())() as uow:
            account = await uow.accounts.add(Account(
                id=0, display_name="Reader", kind=AccountKind.HUMAN, created_at=Clock().now()))
            await uow.commit()
        await engine.dispose()
        runs: dict[str, list[tuple[float, ...]]] = {"pre-ping": [], "idle ping": []}
        for _ in range(3):
            runs["pre-ping"].append(await measure(url, account.id, pool_pre_ping=True))
            runs["idle ping"].append(await measure(url, account.id))
        for label, figures in runs.items():
            rate = statistics.median(f[0] for f in figures)
            p50 = statistics.median(f[1] for f in figures)
            p99 = statistics.median(f[2] for f in figures)
            print(f"  {label:<10} {rate:7.0f} units/s  p50 {p50 * 1000:5.2f} ms  "
                  f"p99 {p99 * 1000:5.2f} ms")
        paired = sorted(b[0] / a[0] for a, b in zip(runs["pre-ping"], runs["idle ping"],
                                                   strict=True))
        print(f"  units/s idle ping / pre-ping (min/median/max): "
              f"{paired[0]:.2f}/{statistics.median(paired):.2f}/{paired[-1]:.2f}")
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
