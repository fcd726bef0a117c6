"""The ledger on SQL: idempotency, overdraft refusal, history — and concurrent spends that
never overdraw, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared import ledger
from core.shared.errors import InsufficientCredits
from core.shared.ledger import CREDITS, Entry, LedgerTransaction, TxType
from core.shared.uow import UnitOfWorkFactory
from storage import tables
from tests.integration import builders as b
from tests.integration.conftest import T0


def grant(account_id: int, amount: int, key: str) -> LedgerTransaction:
    return ledger.transfer(type=TxType.TOPUP_CRYPTO, asset=CREDITS, source=ledger.WORLD_TOPUPS,
                           destination=ledger.user_account(account_id), amount=amount,
                           idempotency_key=key, memo="Top-up", account_id=account_id,
                           reference="0xabc:1")


def spend(account_id: int, amount: int, key: str) -> LedgerTransaction:
    return ledger.transfer(type=TxType.SPEND_BOOST, asset=CREDITS,
                           source=ledger.user_account(account_id), destination=ledger.WORLD_SPENT,
                           amount=amount, idempotency_key=key, memo="Boost",
                           account_id=account_id)


async def _account(uow_factory: UnitOfWorkFactory, credits: int) -> int:
    async with uow_factory() as uow:
        (account,) = await b.add_accounts(uow, T0, "Payer")
        if credits:
            assert await uow.ledger.post(grant(account.id, credits, f"grant:{account.id}"))
        await uow.commit()
    return account.id


async def _balance(uow_factory: UnitOfWorkFactory, account: str) -> int:
    async with uow_factory() as uow:
        return await uow.ledger.balance(account, CREDITS)


async def test_post_is_idempotent_and_balances(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 100)
    async with uow_factory() as uow:
        assert await uow.ledger.post(grant(user, 100, f"grant:{user}")) is False
        assert await uow.ledger.exists(f"grant:{user}") is True
        assert await uow.ledger.exists("nope") is False
        assert await uow.ledger.post(spend(user, 30, "s1")) is True
        assert await uow.ledger.balance(ledger.user_account(user), CREDITS) == 70
        assert await uow.ledger.balance(ledger.WORLD_TOPUPS, CREDITS) == -100
        assert await uow.ledger.balance(ledger.WORLD_SPENT, CREDITS) == 30
        assert await uow.ledger.balance("user:404", CREDITS) == 0
        assert await uow.ledger.balance(ledger.user_account(user), "usd") == 0
        await uow.commit()


async def test_overdraft_raises_and_leaves_no_trace(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 20)
    async with uow_factory() as uow:
        with pytest.raises(InsufficientCredits) as refused:
            await uow.ledger.post(spend(user, 25, "too-much"))
        assert (refused.value.needed, refused.value.balance) == (25, 20)
        # The unit of work is still usable, and nothing of the refused post remains.
        assert await uow.ledger.exists("too-much") is False
        assert await uow.ledger.balance(ledger.WORLD_SPENT, CREDITS) == 0
        assert await uow.ledger.post(spend(user, 20, "all")) is True
        await uow.commit()
    assert await _balance(uow_factory, ledger.user_account(user)) == 0
    async with uow_factory() as uow:
        conn = await uow.connection()  # type: ignore[attr-defined]
        entries = await conn.scalar(select(func.count()).select_from(tables.ledger_entry))
    assert entries == 4  # the grant and the final spend, two entries each


async def test_escrow_with_several_entries(uow_factory: UnitOfWorkFactory) -> None:
    seller = await _account(uow_factory, 0)
    async with uow_factory() as uow:
        await uow.ledger.post(ledger.transfer(
            type=TxType.ESCROW_FUND, asset="usd", source=ledger.WORLD_PROCESSOR,
            destination=ledger.escrow_account(1), amount=10_000, idempotency_key="fund:1"))
        await uow.ledger.post(LedgerTransaction(
            type=TxType.ESCROW_RELEASE, asset="usd", idempotency_key="release:1",
            entries=(Entry(ledger.escrow_account(1), -10_000),
                     Entry(ledger.payable_account(seller), 9_000),
                     Entry(ledger.PLATFORM_FEES, 1_000))))
        assert await uow.ledger.balance(ledger.escrow_account(1), "usd") == 0
        assert await uow.ledger.balance(ledger.payable_account(seller), "usd") == 9_000
        assert await uow.ledger.balance(ledger.PLATFORM_FEES, "usd") == 1_000
        with pytest.raises(InsufficientCredits):  # the escrow is empty now
            await uow.ledger.post(ledger.transfer(
                type=TxType.ESCROW_REFUND, asset="usd", source=ledger.escrow_account(1),
                destination=ledger.WORLD_PROCESSOR, amount=1, idempotency_key="refund:1"))


async def test_history_pages_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 100)
    other = await _account(uow_factory, 50)
    async with uow_factory() as uow:
        for i in range(3):
            await uow.ledger.post(spend(user, i + 1, f"spend:{i}"))
        await uow.ledger.post(spend(other, 5, "other"))
        await uow.commit()
    async with uow_factory() as uow:
        history = await uow.ledger.history(user, CREDITS)
        assert [h.amount for h in history] == [-3, -2, -1, 100]
        assert [h.type for h in history] == [TxType.SPEND_BOOST] * 3 + [TxType.TOPUP_CRYPTO]
        assert history[-1].reference == "0xabc:1" and history[-1].memo == "Top-up"
        assert history[0].created_at == T0  # the unit of work's clock
        page = await uow.ledger.history(user, CREDITS, limit=2, before_id=history[1].id)
        assert [h.amount for h in page] == [-1, 100]
        assert await uow.ledger.history(user, "usd") == []


async def test_concurrent_spends_never_overdraw(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 200)

    async def try_spend(i: int) -> bool:
        async with uow_factory() as uow:
            await uow.ledger.post(spend(user, 10, f"spend:{i}"))
            await uow.commit()
            return True

    results = await asyncio.gather(*(try_spend(i) for i in range(50)), return_exceptions=True)
    unexpected = [r for r in results if not (r is True or isinstance(r, InsufficientCredits))]
    assert unexpected == []
    assert results.count(True) == 20
    assert await _balance(uow_factory, ledger.user_account(user)) == 0
    assert await _balance(uow_factory, ledger.WORLD_SPENT) == 200


async def test_concurrent_posts_of_one_key_charge_once(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 100)

    async def post_once() -> bool:
        async with uow_factory() as uow:
            applied = await uow.ledger.post(spend(user, 10, "the-same-key"))
            await uow.commit()
            return applied

    results = await asyncio.gather(*(post_once() for _ in range(10)))
    assert sorted(results) == [False] * 9 + [True]
    assert await _balance(uow_factory, ledger.user_account(user)) == 90


async def test_uncommitted_post_is_rolled_back(uow_factory: UnitOfWorkFactory) -> None:
    user = await _account(uow_factory, 100)
    async with uow_factory() as uow:
        await uow.ledger.post(spend(user, 10, "abandoned"))
    async with uow_factory() as uow:
        assert await uow.ledger.exists("abandoned") is False
    assert await _balance(uow_factory, ledger.user_account(user)) == 100


async def test_world_accounts_keep_no_balance_row_and_derive_it(
    uow_factory: UnitOfWorkFactory, engine: AsyncEngine
) -> None:
    """Concurrent spends of different users share no row: world:spent has no cached balance
    (the row every spend would update), yet its balance is still the sum of its entries."""
    users = [await _account(uow_factory, 30) for _ in range(10)]

    async def spend_all(user: int) -> None:
        for i in range(3):
            async with uow_factory() as uow:
                await uow.ledger.post(spend(user, 10, f"spend:{user}:{i}"))
                await uow.commit()

    await asyncio.gather(*(spend_all(u) for u in users))
    async with engine.connect() as conn:
        cached = (await conn.execute(select(tables.ledger_balance))).mappings().all()
    assert {c["ledger_account"] for c in cached} == {ledger.user_account(u) for u in users}
    assert {c["balance"] for c in cached} == {0}
    assert await _balance(uow_factory, ledger.WORLD_SPENT) == 300
    assert await _balance(uow_factory, ledger.WORLD_TOPUPS) == -300
    assert await _balance(uow_factory, "world:nothing-yet") == 0
