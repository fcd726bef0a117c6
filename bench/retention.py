"""The retention job against live traffic, with baselines measured in the same run.

Traffic is chat updates' own write (one dedup key per update, a unit of work each, as the
Telegram bot does), as fast as one writer can go. It runs three times over the same table of
old rows: alone (the baseline), beside the retention job in batches of
``BOTGIG_RETENTION_BATCH`` (1,000 by default) with its pause, and beside one unbounded delete
of every old row (what a purge without batches would do). Prints the traffic's latency
percentiles and the purge's rows per second; asserts nothing.

SQLite always; PostgreSQL too when BOTGIG_TEST_POSTGRES_URL is set. BENCH_OLD_ROWS sets the
size of the backlog (default 200,000).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from botgig.retention import purge_expired
from core.shared.uow import UnitOfWorkFactory
from storage import tables as t
from storage.db import create_engine
from storage.migrate import upgrade
from storage.retention import RetentionStore
from storage.uow import make_uow_factory

OLD_ROWS = int(os.environ.get("BENCH_OLD_ROWS", "200000"))
BATCH = int(os.environ.get("BOTGIG_RETENTION_BATCH", "1000"))
NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=30)


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def fill(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(t.dedup_key.delete())
    chunk = 5000
    for start in range(0, OLD_ROWS, chunk):
        rows = [{"key": f"telegram:old:{n}", "created_at": OLD}
                for n in range(start, min(start + chunk, OLD_ROWS))]
        async with engine.begin() as conn:
            await conn.execute(insert(t.dedup_key), rows)


async def traffic(uow: UnitOfWorkFactory, stop: asyncio.Event, tag: str) -> list[float]:
    """One update after another until ``stop``; the latency of each, in milliseconds."""
    latencies = []
    n = 0
    while not stop.is_set():
        began = time.perf_counter()
        async with uow() as unit:
            await unit.dedup.first_time(f"telegram:{tag}:{n}", datetime.now(UTC))
            await unit.commit()
        latencies.append((time.perf_counter() - began) * 1000)
        n += 1
        await asyncio.sleep(0)
    return latencies


def summary(latencies: list[float]) -> str:
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return (f"{len(latencies):>6} writes  p50 {q[49]:6.2f} ms  p99 {q[98]:7.2f} ms  "
            f"max {max(latencies):8.2f} ms")


async def scenario(engine: AsyncEngine, name: str, batch: int | None) -> list[float]:
    """Traffic alone for as long as the purge would take, or beside a purge of ``batch``."""
    await fill(engine)
    uow = make_uow_factory(engine, Clock())
    stop = asyncio.Event()
    writer = asyncio.create_task(traffic(uow, stop, f"{name}:{uuid.uuid4().hex[:6]}"))
    began = time.perf_counter()
    if batch is None:
        await asyncio.sleep(BASELINE_SECONDS)
        purged = 0
    elif batch >= OLD_ROWS:
        async with engine.begin() as conn:
            deleted = await conn.execute(
                t.dedup_key.delete().where(t.dedup_key.c.created_at < NOW - timedelta(days=1))
            )
        purged = int(deleted.rowcount)
    else:
        result = await purge_expired(
            RetentionStore(engine), {"dedup": timedelta(days=1)}, now=NOW, batch=batch,
            pause=0.05,
        )
        purged = result.purged.get("dedup", 0)
    elapsed = time.perf_counter() - began
    stop.set()
    latencies = await writer
    rate = f"{purged / elapsed:9,.0f} rows/s purged" if purged else "      (no purge)"
    print(f"  {name:<22} {elapsed:6.2f} s  {rate}  traffic {summary(latencies)}")
    return latencies


BASELINE_SECONDS = 3.0


async def bench(url: str, label: str) -> None:
    engine = create_engine(url)
    try:
        print(f"{label}: {OLD_ROWS:,} old dedup keys, batch {BATCH:,}")
        base = await scenario(engine, "traffic alone", None)
        batched = await scenario(engine, "purge in batches", BATCH)
        whole = await scenario(engine, "one unbounded DELETE", OLD_ROWS)
        p99 = statistics.quantiles(base, n=100, method="inclusive")[98]
        for name, run in (("batches", batched), ("unbounded", whole)):
            ratio = statistics.quantiles(run, n=100, method="inclusive")[98] / p99
            worst = max(run) / max(base)
            print(f"  traffic p99 beside the {name} purge / alone: {ratio:5.1f}x; "
                  f"worst write: {worst:6.1f}x")
    finally:
        await engine.dispose()


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade(url)
        await bench(url, "SQLite")
    server = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
    if server:
        name = f"bench_retention_{uuid.uuid4().hex[:8]}"
        admin = create_engine(make_url(server).set(database="postgres"),
                              isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        try:
            await upgrade(url)
            await bench(url, "PostgreSQL")
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
