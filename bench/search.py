"""Word search (``q=``) on the jobs browse at growing sizes, with baselines in the same run
(issue 12, item 4).

For each size: 8 concurrent clients each browse the first page (20 jobs) in their own unit
of work through ``requests.browse``, for a common word (every job), a medium one (1 in 50),
a rare one (1 in 5,000) and no word at all (the plain page from the date index: the floor).
The "before" line runs the search as it was before migration 0015 on the same database:
SQLite's ``id IN (SELECT rowid ... MATCH)`` list, PostgreSQL's ``to_tsvector(...) @@`` per row,
bare on a connection (no unit of work, no row mapping: a lower bound for the old path).
Prints p50/p99 and the ratios p99(q)/p99(floor) and p99(largest)/p99(smallest); the plans
(EXPLAIN) of the common and the rare word at the largest size. Asserts nothing about time.

    BENCH_JOBS=10000,100000 \\
    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.search
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import column, event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._databases import on_each_database
from core.accounts import accounts
from core.accounts.model import AccountKind
from core.listings.model import RequestStatus
from core.listings.ports import BrowseQuery
from core.shared import ledger
from core.shared.context import Context
from storage import tables
from storage.db import create_engine
from storage.migrate import upgrade
from storage.sql import fts5_query, tsquery
from storage.uow import make_uow_factory

SIZES = [int(s) for s in os.environ.get("BENCH_JOBS", "10000,100000").split(",")]
CLIENTS = 8
PER_CLIENT = int(os.environ.get("BENCH_SEARCHES_PER_CLIENT", "40"))
WORDS = {"common": "inbox", "medium": "medium7", "rare": "rare1234", "none": ""}
T0 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = T0 + timedelta(days=3650)


class Clock:
    def now(self) -> datetime:
        return NOW


async def grow(engine: AsyncEngine, buyer: int, start: int, stop: int) -> None:
    for chunk in range(start, stop, 5000):
        rows = [{
            "buyer_id": buyer, "title": f"Triage my support inbox {i}",
            "category": "support-triage",
            "description": f"Sort emails medium{i % 50} rare{i % 5000} and draft replies.",
            "inputs": "IMAP access", "budget_min_cents": 10_000, "budget_max_cents": 30_000,
            "currency": "usd", "deadline": NOW + timedelta(days=7), "proofers_wanted": 0,
            "status": RequestStatus.OPEN.value, "created_at": T0 + timedelta(seconds=i),
            "updated_at": T0 + timedelta(seconds=i),
        } for i in range(chunk, min(chunk + 5000, stop))]
        async with engine.begin() as conn:
            await conn.execute(insert(tables.request), rows)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE request"))


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def clients(call: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    samples: list[float] = []

    async def client() -> None:
        for _ in range(PER_CLIENT):
            start = time.perf_counter()
            await call()
            samples.append(time.perf_counter() - start)

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return percentiles(samples)


def before(dialect: str, word: str) -> Any:
    """The word search as it was before migration 0015 (see the module docstring)."""
    r = tables.request
    if dialect == "sqlite":
        match: Any = r.c.id.in_(
            text("SELECT rowid FROM request_fts WHERE request_fts MATCH :w")
            .bindparams(w=fts5_query([word])).columns(column("rowid"))
        )
    else:
        match = text(
            "to_tsvector('simple', request.title || ' ' || request.description || ' ' || "
            "request.inputs) @@ to_tsquery('simple', :q)").bindparams(q=tsquery([word]))
    return (
        select(r).where(r.c.status == "open", r.c.deadline > NOW, match)
        .order_by(r.c.created_at.desc(), r.c.id.desc()).limit(21)
    )


async def explain(engine: AsyncEngine, ctx: Context, word: str) -> list[str]:
    """The plan of the page query ``requests.browse`` sends, with the parameters it sent."""
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().startswith("SELECT request.id"):
            sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with ctx.uow() as uow:
            await uow.requests.browse(BrowseQuery(now=NOW, words=word, limit=20))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    statement, parameters = sent[-1]
    prefix = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    async with engine.connect() as conn:
        rows = (await conn.exec_driver_sql(f"{prefix} {statement}", parameters)).all()
    return [str(r[-1]) if engine.dialect.name == "sqlite" else str(r[0]) for r in rows]


async def run(url: str, label: str) -> None:
    print(f"{label}:")
    await upgrade(url)
    engine = create_engine(url)
    clock = Clock()
    ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,
                  prices=ledger.PriceList(welcome_grant=0))
    buyer = await accounts.register_account(
        ctx, email=f"buyer-{uuid.uuid4().hex[:8]}@example.com", display_name="Buyer",
        kind=AccountKind.HUMAN)
    p99s: dict[str, list[float]] = {k: [] for k in [*WORDS, "before common", "before rare"]}
    try:
        have = 0
        for size in SIZES:
            start = time.perf_counter()
            await grow(engine, buyer.id, have, size)
            have = size
            print(f"  {size} jobs (generated in {time.perf_counter() - start:.0f} s)")
            floor = 0.0
            for kind, word in reversed(WORDS.items()):
                async def browse(word: str = word) -> None:
                    async with ctx.uow() as uow:
                        await uow.requests.browse(BrowseQuery(now=NOW, words=word, limit=20))

                p50, p99 = await clients(browse)
                floor = p99 if kind == "none" else floor
                p99s[kind].append(p99)
                print(f"    q={word or '(none)':<9} p50 {p50 * 1000:7.1f} ms  p99 "
                      f"{p99 * 1000:7.1f} ms  p99/floor {p99 / floor:5.1f}")
            for kind in ("common", "rare"):
                async def old(kind: str = kind) -> None:
                    async with engine.connect() as conn:
                        (await conn.execute(before(engine.dialect.name, WORDS[kind]))).all()

                p50, p99 = await clients(old)
                p99s[f"before {kind}"].append(p99)
                print(f"    before, q={WORDS[kind]:<9} p50 {p50 * 1000:7.1f} ms  p99 "
                      f"{p99 * 1000:7.1f} ms  p99/floor {p99 / floor:5.1f}")
        for kind in ("common", "rare"):
            plan = " | ".join(await explain(engine, ctx, WORDS[kind]))
            print(f"  plan, q={WORDS[kind]} at {have}: {plan}")
        if len(SIZES) > 1:
            growth = ", ".join(f"{k} {v[-1] / v[0]:.2f}" for k, v in p99s.items())
            print(f"  growth p99({SIZES[-1]})/p99({SIZES[0]}): {growth}")
    finally:
        await engine.dispose()


async def main() -> None:
    await on_each_database(run)


if __name__ == "__main__":
    asyncio.run(main())
