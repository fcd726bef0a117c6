"""Offer browsing at 100k offers: the stored rank key (migration 0017) against the computed
sort it replaced, in the same run on the same database (issue 12, item 4).

``BENCH_OFFERS`` active offers from 2,000 sellers of every trust score, 1 in 100 boosted
now. 8 concurrent clients each browse ``BENCH_BROWSES_PER_CLIENT`` times, the first page
(10 offers, what /offers shows) and a deep page (``starting_after`` the 5,000th offer):

* ``rank key``: ``offers.browse_offers`` as built (a read-only unit; the boosted part's ids
  sorted from ``ix_offer_status_boost_rank``, then ``ORDER BY rank_key DESC, id DESC`` on
  ``ix_offer_status_rank``; the sellers' rows);
* ``computed``: the query before 0017, bare on a connection (no unit of work, no row
  mapping, no sellers' rows: a lower bound for the old path) — offers joined to their
  sellers, ``ORDER BY boosted DESC, trust_score DESC, created_at DESC, id DESC``.

Checks that both give the same pages; prints p50/p99, computed/rank-key, and both plans.
Asserts nothing about time.

    BENCH_OFFERS=100000 \\
    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.offers_rank
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import case, event, insert, literal, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from bench._databases import on_each_database
from bench.search import NOW, T0, Clock, clients
from core.accounts.model import Account, AccountKind
from core.listings import offers
from core.listings.model import OfferStatus
from core.listings.ports import BrowseQuery
from core.shared import ledger
from core.shared.context import Context
from storage import tables
from storage.accounts import ACCOUNT
from storage.db import create_engine, set_read_only
from storage.listings import offer_rank_key
from storage.migrate import upgrade
from storage.tables import UTCDateTime
from storage.uow import make_uow_factory

SIZE = int(os.environ.get("BENCH_OFFERS", "100000"))
SELLERS = 2000
DEEP = 5000
LIMIT = 10


async def grow(engine: AsyncEngine) -> None:
    rng = random.Random(4)
    trust = [rng.randint(0, 100) for _ in range(SELLERS)]
    async with engine.begin() as conn:
        await conn.execute(insert(tables.account), [ACCOUNT.row(Account(
            id=0, display_name=f"Seller {i}", kind=AccountKind.HUMAN, created_at=T0,
            trust_score=trust[i],
        )) for i in range(SELLERS)])
        first = (await conn.execute(select(tables.account.c.id).order_by(
            tables.account.c.id).limit(1))).scalar_one()
    for chunk in range(0, SIZE, 5000):
        rows = []
        for i in range(chunk, min(chunk + 5000, SIZE)):
            seller = rng.randrange(SELLERS)
            created = T0 + timedelta(seconds=i)
            rows.append({
                "seller_id": first + seller, "title": f"Web scraping to CSV {i}",
                "category": "data-extraction",
                "description": "I extract public web data and deliver clean CSV files.",
                "inputs": "list of URLs", "output_format": "CSV", "delivery_days": 3,
                "bot_pct": 80, "price_cents": 5000, "currency": "usd",
                "revisions_included": 1, "status": OfferStatus.ACTIVE.value,
                "created_at": created, "updated_at": created,
                "expires_at": NOW + timedelta(days=30),
                "boosted_until": NOW + timedelta(days=1) if i % 100 == 0 else None,
                "requires_signoff": False, "proofers_wanted": 0,
                "rank_key": offer_rank_key(trust[seller], created),
            })
        async with engine.begin() as conn:
            await conn.execute(insert(tables.offer), rows)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE offer"))
            await conn.execute(text("ANALYZE account"))


def computed(anchor: tuple[Any, ...] | None) -> Any:
    """The browse query before migration 0017 (storage/listings.py at that time): the key
    computed per row, the cursor as a row-value comparison with the anchor's key."""
    o, a = tables.offer, tables.account
    now = literal(NOW, UTCDateTime())
    boosted = case((o.c.boosted_until > now, 1), else_=0)
    key = (boosted, a.c.trust_score, o.c.created_at, o.c.id)
    stmt = (
        select(o).select_from(o.join(a, a.c.id == o.c.seller_id))
        .where(o.c.status == "active", (o.c.expires_at.is_(None)) | (o.c.expires_at > now))
    )
    if anchor is not None:
        types = (boosted.type, a.c.trust_score.type, UTCDateTime(), o.c.id.type)
        stmt = stmt.where(tuple_(*key) < tuple_(
            *(literal(v, t) for v, t in zip(anchor, types, strict=True))))
    return stmt.order_by(*(k.desc() for k in key)).limit(LIMIT + 1)


async def computed_page(engine: AsyncEngine, after: int | None) -> list[int]:
    o, a = tables.offer, tables.account
    async with engine.connect() as conn:
        # Read-only like the browse it is compared with: the query's cost, not the write lock.
        await set_read_only(conn)
        anchor = None
        if after is not None:
            boosted = case((o.c.boosted_until > literal(NOW, UTCDateTime()), 1), else_=0)
            anchor = tuple((await conn.execute(
                select(boosted, a.c.trust_score, o.c.created_at, o.c.id)
                .select_from(o.join(a, a.c.id == o.c.seller_id)).where(o.c.id == after)
            )).one())
        return [r.id for r in (await conn.execute(computed(anchor))).all()][:LIMIT]


async def plan(engine: AsyncEngine, statement: str, params: Any) -> str:
    prefix = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN"
    async with engine.connect() as conn:
        rows = (await conn.exec_driver_sql(f"{prefix} {statement}", params)).all()
    return " | ".join(str(r[-1]) if engine.dialect.name == "sqlite" else str(r[0]) for r in rows)


async def run(url: str, label: str) -> None:
    print(f"{label}:")
    await upgrade(url)
    engine = create_engine(url)
    clock = Clock()
    ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,
                  prices=ledger.PriceList(welcome_grant=0))
    try:
        start = time.perf_counter()
        await grow(engine)
        print(f"  {SIZE} offers from {SELLERS} sellers (generated in "
              f"{time.perf_counter() - start:.0f} s)")
        everything = await offers.browse_offers(
            ctx, query=BrowseQuery(now=NOW, limit=100))
        order = [v.offer.id for v in everything.items]
        async with ctx.uow(read_only=True) as uow:
            cursor: int | None = None
            seen = 0
            while seen < DEEP:  # the id of the DEEP-th offer in browse order
                page = await uow.offers.browse(
                    BrowseQuery(now=NOW, limit=100, starting_after=cursor))
                seen += len(page.items)
                cursor = page.items[-1].id
        deep = cursor
        for where, after in (("first page", None), (f"page after #{DEEP}", deep)):
            old = await computed_page(engine, after)
            new = [v.offer.id for v in (await offers.browse_offers(
                ctx, query=BrowseQuery(now=NOW, limit=LIMIT, starting_after=after))).items]
            assert old == new, (where, old, new)
            if after is None:
                assert new == order[:LIMIT]

            async def rank_key(after: int | None = after) -> None:
                await offers.browse_offers(
                    ctx, query=BrowseQuery(now=NOW, limit=LIMIT, starting_after=after))

            async def old_sort(after: int | None = after) -> None:
                await computed_page(engine, after)

            figures = {"rank key": await clients(rank_key), "computed": await clients(old_sort)}
            cells = "  ".join(f"{k} p50 {p50 * 1000:7.1f} p99 {p99 * 1000:7.1f} ms"
                              for k, (p50, p99) in figures.items())
            print(f"    {where:<18} {cells}  computed/rank key p50 "
                  f"{figures['computed'][0] / figures['rank key'][0]:5.1f} p99 "
                  f"{figures['computed'][1] / figures['rank key'][1]:5.1f}")
        sent: list[tuple[str, Any]] = []

        def capture(conn: Any, cursor: Any, statement: str, params: Any, *a: Any) -> None:
            if "ORDER BY offer.rank_key DESC" in statement:  # the sorted part, not the fetch
                sent.append((statement, params))

        event.listen(engine.sync_engine, "before_cursor_execute", capture)
        for after in (None, deep):  # the first page is all boosted; the deep one is not
            sent.clear()
            await offers.browse_offers(
                ctx, query=BrowseQuery(now=NOW, limit=LIMIT, starting_after=after))
            statement, params = sent[-1]
            where = "first page" if after is None else "deep page"
            print(f"  plan, rank key, {where}: {await plan(engine, statement, params)}")
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
        old_sql = computed(None).compile(
            engine.sync_engine, compile_kwargs={"literal_binds": True})
        print(f"  plan, computed: {await plan(engine, str(old_sql), ())}")
    finally:
        await engine.dispose()


async def main() -> None:
    await on_each_database(run)


if __name__ == "__main__":
    asyncio.run(main())
