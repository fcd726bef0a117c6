"""The chain watcher against an in-process chain (eth-tester) and a real SQLite database:
deposits are seen at once, credited after N confirmations exactly once, and never when they
are below the minimum, to a banned account, of another token, or reorganised away."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from core.credits import deposits
from core.credits.credits import get_balance, get_history
from core.credits.deposit_model import ChainTransfer, ChainUnavailable, CryptoTopUps, DepositStatus
from core.shared import ledger
from core.shared.context import Context
from payments.crypto.chain import Web3ChainReader
from payments.crypto.watcher import ChainMismatch, ChainWatcher
from storage import tables as t
from tests.crypto.conftest import CONFIRMATIONS, Chain, ban, make_ctx, new_account, rules_for
from tests.fakes import FakeClock

TUSD = 10**6  # the test token has 6 decimals


@dataclass
class Setup:
    chain: Chain
    token: Any
    ctx: Context
    reader: Web3ChainReader
    engine: Any

    def watcher(self, reader: Any = None, **kw: Any) -> ChainWatcher:
        kw.setdefault("batch_blocks", 4)
        return ChainWatcher(self.ctx, reader or self.reader, **kw)

    async def address_of(self, account_id: int) -> str:
        return (await deposits.get_deposit_address(self.ctx, account_id=account_id)).address

    async def balance(self, account_id: int) -> int:
        return (await get_balance(self.ctx, account_id=account_id)).credits

    async def deposits_of(self, account_id: int) -> list[Any]:
        return await deposits.list_deposits(self.ctx, account_id=account_id)

    async def events(self, type_: str) -> list[dict[str, Any]]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(t.outbox_event.c.payload).where(t.outbox_event.c.type == type_)
            )
            return [r[0] for r in rows]


@pytest.fixture
async def setup(chain: Chain, reader: Web3ChainReader, engine: Any, xpub: str) -> Setup:
    token = await chain.deploy_token()
    ctx = make_ctx(engine, FakeClock(), rules_for(chain, token), xpub)
    return Setup(chain, token, ctx, reader, engine)


async def test_deposits_to_two_accounts_are_credited_after_n_confirmations_and_not_before(
    setup: Setup,
) -> None:
    ada, bob = await new_account(setup.ctx, "ada"), await new_account(setup.ctx, "bob")
    ada_address, bob_address = await setup.address_of(ada), await setup.address_of(bob)
    watcher = setup.watcher()
    await watcher.run_once()  # the first pass starts the checkpoint near the head
    before = {ada: await setup.balance(ada), bob: await setup.balance(bob)}

    ada_tx = await setup.chain.send_token(setup.token, ada_address, 12 * TUSD + 500_000)
    await setup.chain.send_token(setup.token, bob_address, 3 * TUSD)
    report = await watcher.run_once()

    assert report.seen == 2 and report.confirmed.waiting == 2
    seen = await setup.events(deposits.DEPOSIT_SEEN)
    # bob's transfer was mined one block after ada's: ada's already has one on top.
    assert {(e["account_id"], e["amount"], e["credits"], e["confirmations"]) for e in seen} == {
        (ada, "12.5", 1250, 1),
        (bob, "3", 300, 0),
    }
    assert all(e["confirmations_needed"] == CONFIRMATIONS for e in seen)
    [pending] = await setup.deposits_of(ada)
    assert pending.status is DepositStatus.SEEN and pending.tx_hash == ada_tx

    # Mine until ada's has N blocks on top (bob's then has N - 1).
    setup.chain.mine(CONFIRMATIONS - 1)
    report = await watcher.run_once()
    assert report.confirmed.credited == 1
    assert await setup.balance(ada) == before[ada] + 1250
    assert await setup.balance(bob) == before[bob]

    setup.chain.mine(1)
    await watcher.run_once()
    assert await setup.balance(bob) == before[bob] + 300
    for _ in range(2):  # further passes change nothing
        setup.chain.mine(1)
        await watcher.run_once()
    assert await setup.balance(ada) == before[ada] + 1250
    assert await setup.balance(bob) == before[bob] + 300

    [credited] = await setup.deposits_of(ada)
    assert credited.status is DepositStatus.CREDITED and credited.credited_at is not None
    [topup, *_] = await get_history(setup.ctx, account_id=ada)
    assert topup.type is ledger.TxType.TOPUP_CRYPTO and topup.reference == ada_tx
    topped = await setup.events("credits.topped_up")
    assert sorted(e["amount"] for e in topped) == [300, 1250]


async def test_a_restarted_watcher_resumes_from_the_checkpoint_and_credits_nothing_twice(
    setup: Setup,
) -> None:
    ada = await new_account(setup.ctx, "ada")
    address = await setup.address_of(ada)
    await setup.watcher().run_once()
    start = await setup.balance(ada)
    await setup.chain.send_token(setup.token, address, 2 * TUSD)
    setup.chain.mine(6)  # several batches of 4 blocks to scan
    await setup.chain.send_token(setup.token, address, 5 * TUSD)

    # Killed mid-scan: the RPC dies after the first batch was recorded.
    dying = FlakyReader(setup.reader, fail_from_call=3, failures=10**9)
    with pytest.raises(ChainUnavailable):
        await setup.watcher(dying).run_once()
    checkpoint = await deposits.get_checkpoint(setup.ctx)
    assert checkpoint is not None and checkpoint.last_block < await setup.chain.head()

    # A new process: nothing missed, nothing doubled.
    setup.chain.mine(CONFIRMATIONS)
    await setup.watcher().run_once()
    assert await setup.balance(ada) == start + 700

    # The same range scanned again (the checkpoint moved back by hand): still once.
    await deposits.save_checkpoint(setup.ctx, last_block=0, head_block=0)
    report = await setup.watcher(batch_blocks=100).run_once()
    assert report.seen == 0
    assert await setup.balance(ada) == start + 700
    assert len(await setup.deposits_of(ada)) == 2
    assert len(await setup.events(deposits.DEPOSIT_SEEN)) == 2


async def test_a_deposit_below_the_minimum_is_recorded_and_shown_but_not_credited(
    setup: Setup,
) -> None:
    ada = await new_account(setup.ctx, "ada")
    address = await setup.address_of(ada)
    watcher = setup.watcher()
    await watcher.run_once()
    start = await setup.balance(ada)

    await setup.chain.send_token(setup.token, address, TUSD // 2)  # 50 credits < 100
    await watcher.run_once()
    [seen] = await setup.events(deposits.DEPOSIT_SEEN)
    assert seen["below_minimum"] is True and seen["min_credits"] == 100
    setup.chain.mine(CONFIRMATIONS)
    report = await watcher.run_once()

    assert report.confirmed.below_minimum == 1
    [shown] = await setup.deposits_of(ada)
    assert (shown.status, shown.amount, shown.credits) == (DepositStatus.BELOW_MINIMUM, "0.5", 50)
    assert await setup.balance(ada) == start
    assert len(await setup.events(deposits.DEPOSIT_BELOW_MINIMUM)) == 1


async def test_other_tokens_and_unknown_addresses_are_ignored(setup: Setup) -> None:
    ada = await new_account(setup.ctx, "ada")
    address = await setup.address_of(ada)
    watcher = setup.watcher()
    await watcher.run_once()
    start = await setup.balance(ada)

    other = await setup.chain.deploy_token(symbol="FAKE")
    await setup.chain.send_token(other, address, 1000 * TUSD)
    await setup.chain.send_token(setup.token, setup.chain.accounts[5], 1000 * TUSD)
    await setup.chain.send_native(address, 10**18)  # native coin is not accepted here
    setup.chain.mine(CONFIRMATIONS)
    await watcher.run_once()

    assert await setup.deposits_of(ada) == []
    assert await setup.balance(ada) == start


async def test_a_reorganised_deposit_is_never_credited(setup: Setup) -> None:
    ada = await new_account(setup.ctx, "ada")
    address = await setup.address_of(ada)
    watcher = setup.watcher()
    await watcher.run_once()
    start = await setup.balance(ada)

    snapshot = setup.chain.tester.take_snapshot()
    await setup.chain.send_token(setup.token, address, 40 * TUSD)
    await watcher.run_once()
    [seen] = await setup.deposits_of(ada)
    assert seen.status is DepositStatus.SEEN

    setup.chain.tester.revert_to_snapshot(snapshot)  # the block with the transfer is gone
    setup.chain.mine(CONFIRMATIONS + 2)  # and another chain grows past it
    report = await watcher.run_once()

    assert report.confirmed.reorged == 1
    [gone] = await setup.deposits_of(ada)
    assert gone.status is DepositStatus.REORGED
    for _ in range(2):
        setup.chain.mine(CONFIRMATIONS)
        await watcher.run_once()
    assert await setup.balance(ada) == start
    [told] = await setup.events(deposits.DEPOSIT_REORGED)
    assert told["account_id"] == ada and told["amount"] == "40"


async def test_rpc_errors_back_off_and_the_watcher_catches_up_when_it_is_back(
    setup: Setup,
) -> None:
    ada = await new_account(setup.ctx, "ada")
    address = await setup.address_of(ada)
    await setup.watcher().run_once()
    start = await setup.balance(ada)
    await setup.chain.send_token(setup.token, address, 7 * TUSD)
    setup.chain.mine(CONFIRMATIONS)

    flaky = FlakyReader(setup.reader, fail_from_call=1, failures=4)
    waits: list[float] = []
    stop = asyncio.Event()

    async def wait(stop_event: asyncio.Event, seconds: float) -> None:
        waits.append(seconds)
        if len(waits) >= 6:
            stop_event.set()
        await asyncio.sleep(0)

    watcher = setup.watcher(flaky, backoff_initial=0.5, backoff_max=3.0, wait=wait)
    await asyncio.wait_for(watcher.run(stop, interval=5.0), timeout=30)

    assert waits[:4] == [0.5, 1.0, 2.0, 3.0]  # exponential, capped
    assert waits[4:] == [5.0, 5.0]  # back to the normal interval once the RPC answers
    assert watcher.failures == 0
    assert await setup.balance(ada) == start + 700


async def test_a_deposit_to_a_banned_account_is_held_for_the_moderators(setup: Setup) -> None:
    ada, mod = await new_account(setup.ctx, "ada"), await new_account(setup.ctx, "mod")
    address = await setup.address_of(ada)
    watcher = setup.watcher()
    await watcher.run_once()
    start = await setup.balance(ada)
    await ban(setup.ctx, ada)

    await setup.chain.send_token(setup.token, address, 9 * TUSD)
    setup.chain.mine(CONFIRMATIONS)
    await watcher.run_once()

    [held] = await setup.deposits_of(ada)
    assert held.status is DepositStatus.HELD and await setup.balance(ada) == start
    [card] = await setup.events(deposits.DEPOSIT_HELD)
    assert card["account_id"] == ada and card["credits"] == 900

    from core.accounts.accounts import set_role

    await set_role(setup.ctx, granted_by=None, account_id=mod)
    [listed] = await deposits.list_held_deposits(setup.ctx, moderator_id=mod)
    assert listed.id == held.id
    released = await deposits.release_held_deposit(
        setup.ctx, moderator_id=mod, deposit_id=held.id, reason="appeal accepted"
    )
    assert released.status is DepositStatus.CREDITED
    assert await setup.balance(ada) == start + 900
    setup.chain.mine(1)
    await watcher.run_once()
    assert await setup.balance(ada) == start + 900


async def test_native_coin_deposits_when_no_token_is_configured(
    chain: Chain, reader: Web3ChainReader, engine: Any, xpub: str
) -> None:
    ctx = make_ctx(engine, FakeClock(), rules_for(chain, None, credits_per_token=1000), xpub)
    ada = await new_account(ctx, "ada")
    address = (await deposits.get_deposit_address(ctx, account_id=ada)).address
    watcher = ChainWatcher(ctx, reader)
    await watcher.run_once()
    start = (await get_balance(ctx, account_id=ada)).credits

    await chain.send_native(address, 25 * 10**16 + 1)  # 0.25 ETH and 1 wei: rounded down
    chain.mine(CONFIRMATIONS)
    await watcher.run_once()

    assert (await get_balance(ctx, account_id=ada)).credits == start + 250
    [deposit] = await deposits.list_deposits(ctx, account_id=ada)
    assert (deposit.symbol, deposit.amount) == ("ETH", "0.250000000000000001")


async def test_a_token_with_18_decimals_and_a_huge_amount(
    chain: Chain, reader: Web3ChainReader, engine: Any, xpub: str
) -> None:
    token = await chain.deploy_token(decimals=18, supply=2**256 - 1)
    ctx = make_ctx(engine, FakeClock(), rules_for(chain, token, confirmations=0), xpub)
    ada = await new_account(ctx, "ada")
    address = (await deposits.get_deposit_address(ctx, account_id=ada)).address
    watcher = ChainWatcher(ctx, reader)
    await watcher.run_once()
    start = (await get_balance(ctx, account_id=ada)).credits

    await chain.send_token(token, address, 3 * 10**18 - 1)  # 2.999… tokens: 299 credits
    await chain.send_token(token, chain.accounts[3], 2**255)
    await watcher.run_once()  # zero confirmations: credited in the pass that sees it

    assert (await get_balance(ctx, account_id=ada)).credits == start + 299


async def test_a_watcher_pointed_at_another_chain_stops(setup: Setup) -> None:
    assert setup.ctx.crypto is not None
    wrong = Context(
        uow=setup.ctx.uow,
        clock=setup.ctx.clock,
        crypto=CryptoTopUps(
            rules=rules_for(setup.chain, setup.token, chain_id=1),
            deriver=setup.ctx.crypto.deriver,
        ),
    )
    with pytest.raises(ChainMismatch, match="BOTGIG_CHAIN_ID is 1"):
        await ChainWatcher(wrong, setup.reader).run(asyncio.Event(), interval=0.01)


async def test_the_checkpoint_starts_n_blocks_behind_the_head(setup: Setup) -> None:
    setup.chain.mine(10)
    head = await setup.chain.head()
    await setup.watcher().run_once()
    checkpoint = await deposits.get_checkpoint(setup.ctx)
    assert checkpoint is not None
    assert checkpoint.last_block == head and checkpoint.head_block == head
    status = await deposits.get_chain_status(setup.ctx, reader=setup.reader)
    assert status.lag == 0 and status.pending == ()


class FlakyReader:
    """A chain reader whose RPC fails: from call number ``fail_from_call`` on, the next
    ``failures`` calls raise ``ChainUnavailable``."""

    def __init__(self, inner: Web3ChainReader, *, fail_from_call: int, failures: int) -> None:
        self.inner = inner
        self.calls = 0
        self.fail_from_call = fail_from_call
        self.failures_left = failures

    def _maybe_fail(self) -> None:
        self.calls += 1
        if self.calls >= self.fail_from_call and self.failures_left > 0:
            self.failures_left -= 1
            raise ChainUnavailable("connection refused (simulated)")

    async def chain_id(self) -> int:
        self._maybe_fail()
        return await self.inner.chain_id()

    async def latest_block(self) -> int:
        self._maybe_fail()
        return await self.inner.latest_block()

    async def block_hash(self, number: int) -> str | None:
        self._maybe_fail()
        return await self.inner.block_hash(number)

    async def token_transfers(
        self, token: str, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        self._maybe_fail()
        return await self.inner.token_transfers(token, recipients, from_block, to_block)

    async def native_transfers(
        self, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        self._maybe_fail()
        return await self.inner.native_transfers(recipients, from_block, to_block)

    async def token_decimals(self, token: str) -> int:
        self._maybe_fail()
        return await self.inner.token_decimals(token)
