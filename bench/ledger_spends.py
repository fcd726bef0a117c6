"""Credit spends from 50 concurrent clients through the service layer, against floors
measured in the same run (issue 12, item 3).

Each client is its own user spending 1 credit at a time (``spend_credits`` in its own unit of
work), so the only row two clients could share is a ``world:`` balance. Floors, with bare
asyncpg on a scratch table on the same server: one conditional UPDATE per spend (the
one-UPDATE floor), and a debit plus a shared revenue row credited in one transaction (what a
cached ``world:spent`` balance costs). Then one user with 50 clients spending a balance
that covers K spends: exactly K succeed and the balance ends at 0.

PostgreSQL when BOTGIG_TEST_POSTGRES_URL is set; SQLite always (no floor there: one writer).
Prints figures and ratios; asserts only the correctness of the results, never time.

    BOTGIG_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        .venv/bin/python -m bench.ledger_spends
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.accounts import accounts
from core.accounts.model import AccountKind
from core.credits.spending import spend_credits
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import InsufficientCredits
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

CLIENTS = 50
PER_CLIENT = int(os.environ.get("BENCH_SPENDS_PER_CLIENT", "40"))


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


async def _users(ctx: Context, n: int, credits: int) -> list[int]:
    ids = []
    for i in range(n):
        account = await accounts.register_account(
            ctx, email=f"spender-{uuid.uuid4().hex[:8]}@example.com",
            display_name=f"Spender {i}", kind=AccountKind.HUMAN,
        )
        async with ctx.uow() as uow:
            await uow.ledger.post(ledger.transfer(
                type=ledger.TxType.ADJUSTMENT, asset=ledger.CREDITS,
                source=ledger.WORLD_ADJUSTMENTS, destination=ledger.user_account(account.id),
                amount=credits, idempotency_key=f"bench-grant-{account.id}", memo="bench",
            ))
            await uow.commit()
        ids.append(account.id)
    return ids


async def _spend(ctx: Context, user: int) -> bool:
    try:
        async with ctx.uow() as uow:
            await spend_credits(ctx, uow, account_id=user, tx_type=ledger.TxType.SPEND_BOOST,
                                amount=1, idempotency_key=f"bench-{uuid.uuid4().hex}",
                                memo="bench")
            await uow.commit()
    except InsufficientCredits:
        return False
    return True


async def service_layer(ctx: Context) -> float:
    users = await _users(ctx, CLIENTS, PER_CLIENT)

    async def client(user: int) -> None:
        for _ in range(PER_CLIENT):
            assert await _spend(ctx, user)

    start = time.perf_counter()
    await asyncio.gather(*(client(u) for u in users))
    rate = CLIENTS * PER_CLIENT / (time.perf_counter() - start)
    async with ctx.uow() as uow:
        left = [await uow.ledger.balance(ledger.user_account(u), ledger.CREDITS) for u in users]
        spent = await uow.ledger.balance(ledger.WORLD_SPENT, ledger.CREDITS)
    assert left == [0] * CLIENTS and spent == CLIENTS * PER_CLIENT, (left, spent)
    return rate


async def exactly_k(ctx: Context, k: int = 200) -> tuple[int, int]:
    (user,) = await _users(ctx, 1, k)
    queue = list(range(2 * k))
    results: list[bool] = []

    async def client() -> None:
        while queue:
            queue.pop()
            results.append(await _spend(ctx, user))

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    async with ctx.uow() as uow:
        left = await uow.ledger.balance(ledger.user_account(user), ledger.CREDITS)
    return results.count(True), left


async def floors(dsn: str) -> tuple[float, float]:
    pool = await asyncpg.create_pool(dsn, min_size=CLIENTS, max_size=CLIENTS)
    table = f"bench_floor_{uuid.uuid4().hex[:8]}"
    await pool.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, balance bigint NOT NULL)")
    try:
        async def run(one: str, shared: bool) -> float:
            await pool.execute(f"DELETE FROM {table}")
            await pool.executemany(f"INSERT INTO {table} VALUES ($1, $2)",
                                   [(i, PER_CLIENT) for i in range(CLIENTS)] + [(-1, 0)])

            async def client(i: int) -> None:
                async with pool.acquire() as conn:
                    for _ in range(PER_CLIENT):
                        async with conn.transaction():
                            done = await conn.execute(one, i)
                            assert done == "UPDATE 1"
                            if shared:
                                await conn.execute(
                                    f"UPDATE {table} SET balance = balance + 1 WHERE id = -1")

            start = time.perf_counter()
            await asyncio.gather(*(client(i) for i in range(CLIENTS)))
            return CLIENTS * PER_CLIENT / (time.perf_counter() - start)

        debit = f"UPDATE {table} SET balance = balance - 1 WHERE id = $1 AND balance >= 1"
        return await run(debit, False), await run(debit, True)
    finally:
        await pool.execute(f"DROP TABLE {table}")
        await pool.close()


async def run(url: str, label: str, dsn: str | None) -> None:
    await upgrade(url)
    engine = create_engine(url, **({"pool_size": CLIENTS, "max_overflow": 0} if dsn else {}))
    clock = Clock()
    ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,
                  prices=ledger.PriceList(welcome_grant=0))
    try:
        rate = await service_layer(ctx)
        ok, left = await exactly_k(ctx)
    finally:
        await engine.dispose()
    line = f"{label}: {CLIENTS} clients x {PER_CLIENT} spends, service layer {rate:.0f} spends/s"
    if dsn:
        # After the engine's pool is gone: both pools at once would need 100 connections.
        one_update, shared_row = await floors(dsn)
        line += (f"; asyncpg floor, one conditional UPDATE {one_update:.0f}/s (ratio "
                 f"{rate / one_update:.2f}), debit + shared revenue row "
                 f"{shared_row:.0f}/s (ratio {rate / shared_row:.2f})")
    print(line)
    print(f"  one user, {CLIENTS} clients, balance for 200: {ok} succeeded, "
          f"balance left {left} (expected 200 and 0)")


async def main() -> None:
    pg = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
    if pg:
        name = f"botgig_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(make_url(pg).set(database="postgres"), isolation_level="AUTOCOMMIT")
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(pg).set(database=name)
            dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
            await run(url.render_as_string(hide_password=False), "PostgreSQL", dsn)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await admin.dispose()
    with tempfile.TemporaryDirectory() as tmp:
        await run(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", "SQLite", None)


if __name__ == "__main__":
    asyncio.run(main())
