"""Crypto top-up storage on SQLite and PostgreSQL: deposit addresses are unique per account,
index and address; deposits are unique per (chain, tx hash, log index) and keep uint256
amounts exactly; status changes are conditional; the checkpoint is an upsert."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from core.credits import deposits
from core.credits.deposit_model import (
    ChainCheckpoint,
    ChainDeposit,
    CryptoTopUps,
    DepositAddress,
    DepositRules,
    DepositStatus,
)
from core.shared.context import Context
from core.shared.uow import UnitOfWorkFactory
from tests.integration import builders as b
from tests.integration.conftest import FakeClock

UINT256_MAX = 2**256 - 1


async def _accounts(uow_factory: UnitOfWorkFactory, clock: FakeClock, n: int) -> list[int]:
    async with uow_factory() as uow:
        ids = [
            (await uow.accounts.add(b.account(clock.now(), display_name=f"u{i}"))).id
            for i in range(n)
        ]
        await uow.commit()
    return ids


def _deposit(clock: FakeClock, account_id: int, **kw: object) -> ChainDeposit:
    values: dict[str, object] = {
        "id": 0,
        "chain_id": 8453,
        "tx_hash": "0x" + "aa" * 32,
        "log_index": 3,
        "account_id": account_id,
        "address": "0x" + "12" * 20,
        "sender": "0x" + "34" * 20,
        "token": "0x" + "56" * 20,
        "amount": UINT256_MAX,
        "decimals": 18,
        "block_number": 2**40,
        "block_hash": "0x" + "bb" * 32,
        "status": DepositStatus.SEEN,
        "credits": 10**15,
        "seen_at": clock.now(),
        "updated_at": clock.now(),
    }
    return ChainDeposit(**(values | kw))  # type: ignore[arg-type]


async def test_deposit_addresses_are_unique_per_account_index_and_address(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ada, bob = await _accounts(uow_factory, clock, 2)
    first = DepositAddress(ada, 0, "0x" + "01" * 20, clock.now())
    async with uow_factory() as uow:
        assert await uow.deposits.next_index() == 0
        assert await uow.deposits.add_address(first)
        # The transaction stays usable after each refused insert (a savepoint on PostgreSQL).
        assert not await uow.deposits.add_address(
            replace(first, derivation_index=1, address="0x" + "02" * 20)
        )
        assert not await uow.deposits.add_address(
            replace(first, account_id=bob, address="0x" + "02" * 20)
        )
        assert not await uow.deposits.add_address(
            replace(first, account_id=bob, derivation_index=1)
        )
        assert await uow.deposits.add_address(DepositAddress(bob, 1, "0x" + "02" * 20, clock.now()))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.deposits.next_index() == 2
        assert await uow.deposits.address_for(ada) == first
        assert await uow.deposits.address_for(10**6) is None
        assert await uow.deposits.watched_addresses() == {
            "0x" + "01" * 20: ada,
            "0x" + "02" * 20: bob,
        }


class _Deriver:
    def address_at(self, index: int) -> str:
        return "0x" + f"{index + 1:040x}"


async def test_concurrent_first_requests_get_distinct_indexes(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(
        uow=uow_factory,
        clock=clock,
        crypto=CryptoTopUps(DepositRules(chain_id=1), _Deriver()),
    )
    ids = await _accounts(uow_factory, clock, 10)
    results = await asyncio.gather(
        *(deposits.get_deposit_address(ctx, account_id=i) for i in ids + ids[:5])
    )
    by_account = {r.account_id: r.address for r in results}
    assert sorted(by_account.values()) == [_Deriver().address_at(i) for i in range(10)]
    assert all(by_account[r.account_id] == r.address for r in results)


async def test_deposits_are_recorded_once_and_keep_uint256_amounts(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    [ada] = await _accounts(uow_factory, clock, 1)
    async with uow_factory() as uow:
        added = await uow.deposits.add(_deposit(clock, ada))
        assert added is not None and added.id > 0
        assert await uow.deposits.add(_deposit(clock, ada)) is None  # same chain, tx, log
        other_log = await uow.deposits.add(_deposit(clock, ada, log_index=4, amount=1))
        other_chain = await uow.deposits.add(_deposit(clock, ada, chain_id=1, amount=2))
        native = await uow.deposits.add(_deposit(clock, ada, log_index=-1, token=None))
        assert other_log and other_chain and native
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.deposits.find(8453, "0x" + "aa" * 32, 3)
        assert found == added
        assert found is not None and found.amount == UINT256_MAX
        assert (await uow.deposits.get(native.id)).token is None  # type: ignore[union-attr]
        assert [d.id for d in await uow.deposits.for_account(ada)] == [
            native.id,
            other_chain.id,
            other_log.id,
            added.id,
        ]


async def test_status_changes_are_conditional_and_pending_is_oldest_block_first(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    [ada] = await _accounts(uow_factory, clock, 1)
    async with uow_factory() as uow:
        late = await uow.deposits.add(_deposit(clock, ada, block_number=20))
        early = await uow.deposits.add(_deposit(clock, ada, log_index=9, block_number=10))
        elsewhere = await uow.deposits.add(_deposit(clock, ada, chain_id=1, log_index=7))
        assert late and early and elsewhere
        await uow.commit()
    clock.advance(minutes=5)
    credited = replace(
        late, status=DepositStatus.CREDITED, credited_at=clock.now(), updated_at=clock.now()
    )
    async with uow_factory() as uow:
        assert [d.id for d in await uow.deposits.pending(8453)] == [early.id, late.id]
        assert await uow.deposits.update(credited, expected_status=DepositStatus.SEEN)
        # A second watcher that read it as seen too: refused.
        assert not await uow.deposits.update(
            replace(late, status=DepositStatus.HELD), expected_status=DepositStatus.SEEN
        )
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.deposits.get(late.id)
        assert stored == credited and stored is not None
        assert stored.credited_at == clock.now()
        assert [d.id for d in await uow.deposits.pending(8453)] == [early.id]
        assert [d.id for d in await uow.deposits.with_status(DepositStatus.CREDITED)] == [late.id]


async def test_the_checkpoint_is_one_row_per_chain(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    async with uow_factory() as uow:
        assert await uow.deposits.checkpoint(1) is None
        await uow.deposits.save_checkpoint(ChainCheckpoint(1, 100, 112, clock.now()))
        await uow.deposits.save_checkpoint(ChainCheckpoint(8453, -1, 0, clock.now()))
        await uow.commit()
    later = clock.now() + timedelta(minutes=1)
    async with uow_factory() as uow:
        await uow.deposits.save_checkpoint(ChainCheckpoint(1, 200, 2**40, later))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.deposits.checkpoint(1) == ChainCheckpoint(1, 200, 2**40, later)
        assert await uow.deposits.checkpoint(8453) == ChainCheckpoint(8453, -1, 0, clock.now())
