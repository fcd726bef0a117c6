"""``GET /api/agent/jobs/available`` with 8 concurrent clients at growing sizes, per filter,
before and after read-only units of work, against a bare FastAPI page — all in the same run
(issue 12, items 1 and 6).

For each size and filter (none, ``category``, ``q``, ``budget_min``, a deep
``starting_after``), 8 clients each send ``BENCH_REQUESTS_PER_CLIENT`` requests through
httpx's ASGI transport (the same transport and event loop for every line, so the ratios
compare the server's work):

* ``after``: the API as built, its read paths in read-only units (SQLite: deferred BEGIN);
* ``before``: the same app with a unit-of-work factory that ignores ``read_only``, so every
  unit begins ``BEGIN IMMEDIATE`` on SQLite / read-write on PostgreSQL, as before item 1;
* ``floor``: a bare FastAPI route returning the same JSON page (the first response's body).

The per-key rate limit and the failed-key throttle are off here (``0``): they write a row
per request, which is item 2's (rate limits off the database write path), measured by its
own bench; with them on, every request takes the write lock whatever the reads do.

Prints the median p50/p99 and requests/s of each line over ``BENCH_REPS`` interleaved
repetitions, the min/median/max of the paired p99 ratios after/floor, before/floor and
before/after, and p99(largest)/p99(smallest) of ``after`` per filter.
Asserts only that every response is 200 with a page; nothing about time.

    BENCH_JOBS=10000,100000 \\
    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.listing
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.config import ApiConfig
from bench._databases import on_each_database
from bench.search import NOW, T0, Clock, percentiles
from core.accounts import accounts, api_access
from core.accounts.model import AccountKind
from core.listings.model import RequestStatus
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWork
from storage import tables
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWork, make_uow_factory

SIZES = [int(s) for s in os.environ.get("BENCH_JOBS", "10000,100000").split(",")]
CLIENTS = 8
PER_CLIENT = int(os.environ.get("BENCH_REQUESTS_PER_CLIENT", "40"))
#: Repetitions of every line; ratios are min/median/max of the paired p99 ratios.
REPS = int(os.environ.get("BENCH_REPS", "3"))
CATEGORIES = ("support-triage", "monitoring", "data-extraction", "price-tracking", "content")


def filters(size: int) -> dict[str, dict[str, Any]]:
    return {
        "none": {},
        "category": {"category": "price-tracking"},
        "q": {"q": "medium7"},
        "budget_min": {"budget_min": 45_000},
        # Newest first: a small id is deep in the list (the 90th percentile of its pages).
        "deep starting_after": {"starting_after": size // 10},
    }


async def grow(engine: AsyncEngine, buyer: int, start: int, stop: int) -> None:
    for chunk in range(start, stop, 5000):
        rows = [{
            "buyer_id": buyer, "title": f"Triage my support inbox {i}",
            "category": CATEGORIES[i % len(CATEGORIES)],
            "description": f"Sort emails medium{i % 50} rare{i % 5000} and draft replies.",
            "inputs": "IMAP access", "budget_min_cents": 10_000 + (i % 7) * 5_000,
            "budget_max_cents": 30_000 + (i % 7) * 5_000,
            "currency": "usd", "deadline": NOW + timedelta(days=7), "proofers_wanted": 0,
            "status": RequestStatus.OPEN.value, "created_at": T0 + timedelta(seconds=i),
            "updated_at": T0 + timedelta(seconds=i),
        } for i in range(chunk, min(chunk + 5000, stop))]
        async with engine.begin() as conn:
            await conn.execute(insert(tables.request), rows)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE request"))


async def clients(client: httpx.AsyncClient, params: dict[str, Any], key: str
                  ) -> tuple[float, float, float]:
    """p50, p99 and requests per second of CLIENTS clients sending PER_CLIENT requests."""
    samples: list[float] = []

    async def one() -> None:
        for _ in range(PER_CLIENT):
            start = time.perf_counter()
            response = await client.get(
                "/api/agent/jobs/available", params=params, headers={"X-API-Key": key})
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200, response.text
            assert "data" in response.json()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - start
    return (*percentiles(samples), len(samples) / elapsed)


def ratios(a: list[tuple[float, ...]], b: list[tuple[float, ...]]) -> str:
    paired = sorted(x[1] / y[1] for x, y in zip(a, b, strict=True))
    return "/".join(f"{r:.1f}" for r in (paired[0], statistics.median(paired), paired[-1]))


def bare_page(body: bytes) -> FastAPI:
    """The floor: FastAPI decoding the same query string and returning a page as large."""
    import json

    page = json.loads(body)
    app = FastAPI()

    @app.get("/api/agent/jobs/available")
    async def jobs(category: str | None = None, q: str | None = None,
                   budget_min: int | None = None, starting_after: int | None = None
                   ) -> dict[str, Any]:
        return page  # type: ignore[no-any-return]

    return app


async def run(url: str, label: str) -> None:
    print(f"{label}:")
    await upgrade(url)
    engine = create_engine(url)
    clock = Clock()
    ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,
                  prices=ledger.PriceList(welcome_grant=0))

    def writing_units(*, read_only: bool = False) -> UnitOfWork:
        return SqlUnitOfWork(engine, clock)  # every unit as before item 1

    before_ctx = replace(ctx, uow=writing_units)
    config = ApiConfig(rate_limit_per_minute=0, failed_auth_per_minute=0)

    async def healthy() -> None:
        return None

    buyer = await accounts.register_account(
        ctx, email=f"buyer-{uuid.uuid4().hex[:8]}@example.com", display_name="Buyer",
        kind=AccountKind.HUMAN)
    agent = await accounts.register_account(
        ctx, email=f"agent-{uuid.uuid4().hex[:8]}@example.com", display_name="Agent",
        kind=AccountKind.HUMAN)
    async with ctx.uow() as uow:
        found = await uow.accounts.get(agent.id)
        assert found is not None
        await uow.accounts.update(replace(found, api_access_until=NOW + timedelta(days=30)))
        await uow.commit()
    key = (await api_access.issue_api_key(ctx, account_id=agent.id)).plaintext
    apps = {
        "after": create_app(ctx, health_check=healthy, config=config),
        "before": create_app(before_ctx, health_check=healthy, config=config),
    }
    p99s: dict[str, list[float]] = {}
    try:
        have = 0
        for size in SIZES:
            start = time.perf_counter()
            await grow(engine, buyer.id, have, size)
            have = size
            print(f"  {size} jobs (generated in {time.perf_counter() - start:.0f} s)")
            for name, params in filters(size).items():
                async with httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=apps["after"]), base_url="http://bench"
                ) as probe:
                    body = (await probe.get("/api/agent/jobs/available", params=params,
                                            headers={"X-API-Key": key})).content
                runs: dict[str, list[tuple[float, ...]]] = {}
                for _ in range(REPS):  # interleaved, so a burst of load hits every line
                    for line, app in (("floor", bare_page(body)), ("before", apps["before"]),
                                      ("after", apps["after"])):
                        async with httpx.AsyncClient(
                            transport=httpx.ASGITransport(app=app), base_url="http://bench"
                        ) as client:
                            await client.get("/api/agent/jobs/available", params=params,
                                             headers={"X-API-Key": key})  # warm-up
                            runs.setdefault(line, []).append(await clients(client, params, key))
                p99s.setdefault(name, []).append(statistics.median(f[1] for f in runs["after"]))
                cells = "  ".join(
                    f"{line} p50 {statistics.median(f[0] for f in r) * 1000:6.1f} "
                    f"p99 {statistics.median(f[1] for f in r) * 1000:6.1f} ms "
                    f"{statistics.median(f[2] for f in r):5.0f}/s"
                    for line, r in runs.items()
                )
                print(f"    {name:<20} {cells}")
                print(f"    {'':<20} p99 after/floor {ratios(runs['after'], runs['floor'])}  "
                      f"before/floor {ratios(runs['before'], runs['floor'])}  "
                      f"before/after {ratios(runs['before'], runs['after'])}")
        if len(SIZES) > 1:
            growth = ", ".join(f"{k} {v[-1] / v[0]:.2f}" for k, v in p99s.items())
            print(f"  growth p99({SIZES[-1]})/p99({SIZES[0]}), after: {growth}")
    finally:
        await engine.dispose()


async def main() -> None:
    await on_each_database(run)


if __name__ == "__main__":
    asyncio.run(main())
