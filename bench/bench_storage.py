"""Storage hot paths, with a baseline measured in the same run.

1. Word search: ``browse_offers(words=...)`` through the full-text index, against the
   baseline of paging through every active offer and filtering in Python (what the code
   would do without the index).
2. Credit spends: 200 spends one after another, against the same 200 spends from 20
   concurrent tasks (the conditional-UPDATE / BEGIN IMMEDIATE path under contention).
3. The unit of work itself: creating and leaving one that runs no query, and a read path
   (one unit of work fetching an offer by id, and one mapping a browse page of 100 offers).

SQLite always; PostgreSQL too when BOTGIG_TEST_POSTGRES_URL is set. Prints figures and ratios;
asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bench._databases import on_each_database
from core.accounts import accounts
from core.accounts.model import AccountKind
from core.credits import credits
from core.credits.spending import spend_credits
from core.listings import offers
from core.listings.categories import DEFAULT_CATEGORIES
from core.listings.offers import OfferDraft
from core.listings.ports import BrowseQuery
from core.shared import ledger
from core.shared.context import Context
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

OFFERS = int(os.environ.get("BENCH_OFFERS", "3000"))
WORDS = ["invoice", "scraping", "monitoring", "translation", "playwright", "schema", "triage"]


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def timed(fn: Callable[[], Awaitable[object]], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def seed(ctx: Context) -> int:
    # Publishing is free here: the benchmark measures browsing, not the price list.
    seller = await accounts.register_account(
        ctx, email=f"bench-{uuid.uuid4().hex[:8]}@example.com", display_name="Bench seller",
        kind=AccountKind.HUMAN,
    )
    for i in range(OFFERS):
        word = WORDS[i % len(WORDS)]
        await offers.publish_offer(ctx, seller_id=seller.id, draft=OfferDraft(
            title=f"Offer {i} {word}", category=DEFAULT_CATEGORIES[i % 10].slug,
            description=f"A service number {i} about {word} with enough words to be real.",
            inputs="a brief", output_format="files", delivery_days=3, bot_pct=50,
            price_cents=1000 + i,
        ))
    return seller.id


async def bench_search(ctx: Context) -> None:
    now = ctx.clock.now()

    async def indexed() -> int:
        found = 0
        after = None
        while True:
            page = await offers.browse_offers(ctx, query=BrowseQuery(
                now=now, words="playwright", limit=100, starting_after=after))
            found += len(page.items)
            if not page.has_more:
                return found
            after = page.items[-1].offer.id

    async def baseline() -> int:
        found = 0
        after = None
        while True:
            page = await offers.browse_offers(ctx, query=BrowseQuery(
                now=now, limit=100, starting_after=after))
            found += sum("playwright" in v.offer.title for v in page.items)
            if not page.has_more:
                return found
            after = page.items[-1].offer.id

    assert await indexed() == await baseline()
    t_index = await timed(indexed)
    t_base = await timed(baseline, repeat=3)
    print(f"  word search over {OFFERS} offers: index {t_index * 1000:.1f} ms, "
          f"scan-and-filter baseline {t_base * 1000:.1f} ms, speed-up x{t_base / t_index:.1f}")


async def bench_spends(ctx: Context, account_id: int) -> None:
    async def grant(n: int) -> None:
        async with ctx.uow() as uow:
            await uow.ledger.post(ledger.transfer(
                type=ledger.TxType.ADJUSTMENT, asset=ledger.CREDITS,
                source=ledger.WORLD_ADJUSTMENTS, destination=ledger.user_account(account_id),
                amount=n, idempotency_key=f"bench-grant-{uuid.uuid4().hex}", memo="bench",
            ))
            await uow.commit()

    async def spend() -> None:
        async with ctx.uow() as uow:
            await spend_credits(ctx, uow, account_id=account_id,
                                tx_type=ledger.TxType.SPEND_BOOST, amount=1,
                                idempotency_key=f"bench-{uuid.uuid4().hex}", memo="bench")
            await uow.commit()

    n = 200
    await grant(2 * n)
    start = time.perf_counter()
    for _ in range(n):
        await spend()
    sequential = time.perf_counter() - start

    start = time.perf_counter()
    queue = list(range(n))

    async def worker() -> None:
        while queue:
            queue.pop()
            await spend()

    await asyncio.gather(*(worker() for _ in range(20)))
    concurrent = time.perf_counter() - start
    balance = (await credits.get_balance(ctx, account_id=account_id)).credits
    print(f"  {n} spends: sequential {n / sequential:.0f}/s, 20 concurrent tasks "
          f"{n / concurrent:.0f}/s (ratio x{sequential / concurrent:.2f}); balance left "
          f"{balance} (expected {2 * n - 2 * n})")


async def bench_reads(ctx: Context) -> None:
    n = 20_000
    start = time.perf_counter()
    for _ in range(n):
        async with ctx.uow():
            pass
    per_uow = (time.perf_counter() - start) / n

    async with ctx.uow() as uow:
        ids = [o.id for o in (await uow.offers.browse(
            BrowseQuery(now=ctx.clock.now(), limit=100))).items]

    async def get_offers() -> None:
        for offer_id in ids:
            async with ctx.uow() as uow:
                await uow.offers.get(offer_id)

    async def browse_page() -> None:
        async with ctx.uow() as uow:
            await uow.offers.browse(BrowseQuery(now=ctx.clock.now(), limit=100))

    t_get = await timed(get_offers) / len(ids)
    t_page = await timed(browse_page, repeat=9)
    print(f"  unit of work, no query: {per_uow * 1e6:.1f} us; offers.get in its own unit of "
          f"work: {t_get * 1e6:.0f} us; browse page of 100 offers: {t_page * 1000:.2f} ms")


async def run(url: str, label: str) -> None:
    print(f"{label}:")
    await upgrade(url)
    engine = create_engine(url)
    clock = Clock()
    ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,
                  prices=ledger.PriceList(publish_offer=0, welcome_grant=0))
    try:
        start = time.perf_counter()
        seller_id = await seed(ctx)
        elapsed = time.perf_counter() - start
        print(f"  publish_offer: {OFFERS} in {elapsed:.1f} s ({OFFERS / elapsed:.0f}/s)")
        await bench_search(ctx)
        await bench_reads(ctx)
        await bench_spends(ctx, seller_id)
    finally:
        await engine.dispose()


async def main() -> None:
    await on_each_database(run)


if __name__ == "__main__":
    asyncio.run(main())
