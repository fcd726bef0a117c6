"""The deposit rules and use cases at the service layer (in-memory fakes): addresses are
assigned once, in index order; amounts become whole credits rounded down; a deposit is
decided only with N confirmations on a canonical block."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from core.credits import deposits
from core.credits.credits import get_balance
from core.credits.deposit_model import (
    ChainDeposit,
    ChainTransfer,
    CryptoTopUps,
    CryptoTopUpsUnavailable,
    DepositRules,
    DepositStatus,
    credits_for,
    format_units,
    idempotency_key,
    min_amount_text,
)
from core.shared.context import Context
from core.shared.errors import AccountBanned
from payments.crypto.xpub import XpubDeriver
from tests.crypto.conftest import ban, make_ctx, new_account
from tests.fakes import FakeClock, FakeStore

TOKEN = "0x" + "ab" * 20
CHAIN = 8453


@pytest.mark.parametrize(
    ("amount", "decimals", "rate", "credits"),
    [
        (1_999_999, 6, 100, 199),  # 1.999999 USDC → 199 credits, never 200
        (10**6, 6, 100, 100),
        (9_999, 6, 100, 0),  # less than a credit
        (10**18, 18, 100, 100),
        (2**256 - 1, 18, 100, (2**256 - 1) * 100 // 10**18),  # uint256 max: no overflow
        (5, 0, 3, 15),
    ],
)
def test_credits_are_whole_and_rounded_down(
    amount: int, decimals: int, rate: int, credits: int
) -> None:
    assert credits_for(amount, decimals, rate) == credits


def test_amounts_print_exactly() -> None:
    assert format_units(12_500_000, 6) == "12.5"
    assert format_units(3 * 10**18, 18) == "3"
    assert format_units(1, 18) == "0.000000000000000001"
    assert format_units(2**256 - 1, 0) == str(2**256 - 1)
    assert min_amount_text(100, 100) == "1"
    assert min_amount_text(50, 100) == "0.5"
    assert min_amount_text(100, 3) == "33.333334"  # rounded up: sending it is always enough


def test_the_idempotency_key_names_chain_tx_and_log() -> None:
    assert idempotency_key(1, "0xABC", 4) == "crypto:1:0xabc:4"


def test_rules_list_what_can_be_deposited() -> None:
    token_only = DepositRules(chain_id=CHAIN, token_address=TOKEN, min_credits=50)
    assert [(a.symbol, a.token_address, a.min_amount) for a in token_only.assets()] == [
        ("USDC", TOKEN, "0.5")
    ]
    assert token_only.network_name == "Base"
    both = DepositRules(chain_id=77, token_address=TOKEN, native_credits_per_coin=300_000)
    assert [a.symbol for a in both.assets()] == ["USDC", "ETH"]
    assert both.rate_for(None) == 300_000 and both.network_name == "chain 77"
    native = DepositRules(chain_id=1)
    assert [(a.symbol, a.credits_per_unit) for a in native.assets()] == [("ETH", 100)]
    with pytest.raises(ValueError):
        DepositRules(chain_id=1, min_credits=0)


@pytest.fixture
def rules() -> DepositRules:
    return DepositRules(chain_id=CHAIN, confirmations=2, token_address=TOKEN)


@pytest.fixture
def fctx(store: FakeStore, clock: FakeClock, rules: DepositRules, xpub: str) -> Context:
    return Context(uow=store, clock=clock, crypto=CryptoTopUps(rules, XpubDeriver(xpub)))


async def test_an_address_is_assigned_once_in_index_order(fctx: Context, xpub: str) -> None:
    ada, bob = await new_account(fctx, "ada"), await new_account(fctx, "bob")
    first = await deposits.get_deposit_address(fctx, account_id=ada)
    again = await deposits.get_deposit_address(fctx, account_id=ada)
    other = await deposits.get_deposit_address(fctx, account_id=bob)

    deriver = XpubDeriver(xpub)
    assert first == again and first.address == deriver.address_at(0)
    assert other.address == deriver.address_at(1)
    assert first.network == "Base" and first.confirmations == 2 and first.chain_id == CHAIN
    assert first.payment_uri == f"ethereum:{TOKEN}@{CHAIN}/transfer?address={first.address}"
    assert [(a.symbol, a.credits_per_unit, a.min_amount) for a in first.assets] == [
        ("USDC", 100, "1")
    ]


async def test_concurrent_first_requests_get_distinct_addresses(
    engine: Any, xpub: str, rules: DepositRules
) -> None:
    ctx = make_ctx(engine, FakeClock(), rules, xpub)
    ids = [await new_account(ctx, f"user{i}") for i in range(8)]
    results = await asyncio.gather(
        *(deposits.get_deposit_address(ctx, account_id=i) for i in ids + ids)
    )
    by_account = {r.account_id: r.address for r in results}
    assert len(set(by_account.values())) == 8
    assert all(by_account[r.account_id] == r.address for r in results)  # one per account
    deriver = XpubDeriver(xpub)
    assert set(by_account.values()) == {deriver.address_at(i) for i in range(8)}


async def test_crypto_top_ups_off_or_a_banned_account_get_no_address(
    store: FakeStore, clock: FakeClock, fctx: Context
) -> None:
    off = Context(uow=store, clock=clock)
    ada = await new_account(off, "ada")
    with pytest.raises(CryptoTopUpsUnavailable) as refused:
        await deposits.get_deposit_address(off, account_id=ada)
    assert refused.value.code == "credits.crypto_unavailable"
    await ban(fctx, ada)
    with pytest.raises(AccountBanned):
        await deposits.get_deposit_address(fctx, account_id=ada)


class ScriptedChain:
    """A chain reader the test moves by hand: a head and the canonical hash per block."""

    def __init__(self) -> None:
        self.head = 100
        self.hashes: dict[int, str] = {}

    def hash_at(self, number: int) -> str:
        return self.hashes.setdefault(number, f"0x{number:064x}")

    async def chain_id(self) -> int:
        return CHAIN

    async def latest_block(self) -> int:
        return self.head

    async def block_hash(self, number: int) -> str | None:
        return self.hash_at(number) if number <= self.head else None

    async def token_transfers(
        self, token: str, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        return []

    async def native_transfers(
        self, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        return []

    async def token_decimals(self, token: str) -> int:
        return 6


async def test_a_deposit_is_decided_only_with_n_confirmations_on_a_canonical_block(
    fctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    chain = ScriptedChain()
    ada = await new_account(fctx, "ada")
    address = (await deposits.get_deposit_address(fctx, account_id=ada)).address
    start = (await get_balance(fctx, account_id=ada)).credits

    def transfer(block: int, amount: int, log_index: int = 0) -> ChainTransfer:
        return ChainTransfer(
            tx_hash=f"0x{block:064x}",
            log_index=log_index,
            block_number=block,
            block_hash=chain.hash_at(block),
            token=TOKEN,
            sender="0x" + "11" * 20,
            recipient=address.lower(),
            amount=amount,
        )

    async def scan(found: ChainTransfer, head_block: int) -> tuple[ChainDeposit, ...]:
        """What the watcher records of one transfer, without moving the checkpoint."""
        outcome = await deposits.record_scan(
            fctx, transfers=[found], token_decimals=6, scanned_to=None, head_block=head_block
        )
        return outcome.seen

    (seen,) = await scan(transfer(100, 5 * 10**6), 100)
    assert seen.status is DepositStatus.SEEN and seen.credits == 500
    again = await scan(transfer(100, 5 * 10**6), 100)
    assert again == ()  # the same (chain, tx, log) is recorded once
    assert [e.type for e in store.outbox].count(deposits.DEPOSIT_SEEN) == 1

    chain.head = 101
    outcome = await deposits.confirm_deposits(fctx, reader=chain)
    assert outcome.waiting == 1 and outcome.credited == 0
    chain.head = 102
    clock.advance(timedelta(minutes=1))
    assert (await deposits.confirm_deposits(fctx, reader=chain)).credited == 1
    assert (await deposits.confirm_deposits(fctx, reader=chain)).credited == 0
    assert (await get_balance(fctx, account_id=ada)).credits == start + 500

    # A deposit whose block is replaced before it is confirmed: reorged, then re-mined.
    await scan(transfer(102, 2 * 10**6, 1), 102)
    chain.hashes[102] = "0x" + "ee" * 32
    assert (await deposits.confirm_deposits(fctx, reader=chain)).reorged == 1
    moved = replace(transfer(102, 2 * 10**6, 1), block_number=103, block_hash=chain.hash_at(103))
    (revived,) = await scan(moved, 103)
    assert revived.block_number == 103
    chain.head = 105
    assert (await deposits.confirm_deposits(fctx, reader=chain)).credited == 1
    assert (await get_balance(fctx, account_id=ada)).credits == start + 700
