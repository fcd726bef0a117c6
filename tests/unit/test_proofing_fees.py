"""Proofing fees in escrow at the service layer: the fee per wanted proofer is part of the
checkout amount, an in-time proofer with a payout account is paid once (a ledger move and one
queued payout per assignment), and what nobody earned goes back to the buyer when the order
ends — money conserved throughout."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.accounts.model import Account
from core.escrow import funding, proofer_fees
from core.escrow.model import JobKind, PayoutAccount
from core.orders import disputes, orders
from core.orders.model import OrderStatus, PaymentMode, Ruling
from core.orders.timers import run_due_timers
from core.proofing import proofing
from core.proofing.model import AssignmentStatus, ProofingRules
from core.proofing.proofing import ScorecardInput
from core.shared import ledger
from core.shared.context import Context, MarketRules
from tests.fakes import FakeClock, FakeStore
from tests.fakes_payments import pay_by_card
from tests.unit.builders import FakeEscrow, deal, escrow_held, human, money

FEE = 500
PRICE = 15_000


@pytest.fixture
def fctx(store: FakeStore, clock: FakeClock) -> Context:
    rules = MarketRules(proofing=ProofingRules(window=timedelta(hours=24), fee_cents=FEE))
    return Context(uow=store, clock=clock, rules=rules, escrow=FakeEscrow())


def card(verdict: str = "pass") -> ScorecardInput:
    return ScorecardInput(4, 4, 4, 4, verdict, "Checked 20 of the 500 rows against the pages.")


async def proofer(ctx: Context, store: FakeStore, name: str, *, payable: bool) -> Account:
    account = await human(ctx, name)
    await proofing.set_proofer(ctx, account_id=account.id, enabled=True)
    if payable:
        now = ctx.clock.now()
        store.state.payments["accounts"][account.id] = PayoutAccount(
            account_id=account.id, processor_account_id=f"acct_{name}", charges_enabled=True,
            payouts_enabled=True, details_submitted=True, created_at=now, updated_at=now,
        )
    return account


def moved(store: FakeStore, order_id: int, tx_type: ledger.TxType) -> int:
    account = ledger.escrow_account(order_id)
    return -sum(t.delta_for(account) for t in store.state.transactions if t.type is tx_type)


async def test_two_proofers_one_payable_the_unearned_fee_goes_back(
    fctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(fctx, PaymentMode.ESCROW, proofers_wanted=2)
    ann = await proofer(fctx, store, "ann", payable=True)
    await proofer(fctx, store, "bob", payable=False)
    details = await funding.payment_details(fctx, viewer_id=d.buyer.id, order_id=d.order.id)
    assert details is not None
    assert (details.amount_cents, details.proofing_fee_cents) == (PRICE + 2 * FEE, 2 * FEE)

    # Paying the price alone does not fund an order that wants proofers: it is returned.
    await pay_by_card(fctx, d.order, payment_ref="pay_short")
    assert store.state.orders[d.order.id].status is OrderStatus.AWAITING_FUNDING
    await pay_by_card(fctx, d.order, amount_cents=PRICE + 2 * FEE, payment_ref="pay_full")
    assert escrow_held(store, d.order.id) == PRICE + 2 * FEE

    await orders.deliver_order(fctx, actor_id=d.seller.id, order_id=d.order.id, note="Done")
    assignments = sorted(store.state.proofing["assignments"].values(), key=lambda a: a.id)
    assert len(assignments) == 2
    for a in assignments:
        await proofing.submit_scorecard(
            fctx, proofer_id=a.proofer_id, assignment_id=a.id, card=card()
        )
    # Ann is paid her fee once, with one payout queued; Bob cannot receive money: nothing.
    ann_job = next(a for a in assignments if a.proofer_id == ann.id)
    assert money(store, ledger.payable_account(ann.id)) == FEE
    fee_jobs = [j for j in store.state.payments["jobs"].values() if j.kind is JobKind.PROOFER_FEE]
    assert [(j.amount_cents, j.idempotency_key) for j in fee_jobs] == [
        (FEE, f"proofer-fee:{ann_job.id}")
    ]
    async with fctx.uow() as uow:
        order = await uow.orders.get(d.order.id)
        assert order is not None
        assert await proofer_fees.pay_proofer(fctx, uow, order, ann_job) == FEE
        await uow.commit()
    assert money(store, ledger.payable_account(ann.id)) == FEE
    assert len([j for j in store.state.payments["jobs"].values()
                if j.kind is JobKind.PROOFER_FEE]) == 1

    await orders.approve_order(fctx, buyer_id=d.buyer.id, order_id=d.order.id)
    clock.advance(fctx.rules.release_cooldown + timedelta(minutes=1))
    await run_due_timers(fctx)
    assert store.state.orders[d.order.id].status is OrderStatus.COMPLETED
    # The unearned fee went back to the card; the escrow is empty and the money adds up.
    assert escrow_held(store, d.order.id) == 0
    refund_jobs = [j for j in store.state.payments["jobs"].values()
                   if j.idempotency_key == f"proofer-refund:{d.order.id}"]
    assert [(j.kind, j.amount_cents) for j in refund_jobs] == [(JobKind.REFUND, FEE)]
    released = moved(store, d.order.id, ledger.TxType.ESCROW_RELEASE)
    refunded = moved(store, d.order.id, ledger.TxType.ESCROW_REFUND)
    fees = moved(store, d.order.id, ledger.TxType.PROOFER_FEE)
    assert (released, refunded, fees) == (PRICE, FEE, FEE)
    assert -moved(store, d.order.id, ledger.TxType.ESCROW_FUND) == released + refunded + fees


async def test_a_cancelled_escrow_order_gives_every_proofing_fee_back(
    fctx: Context, store: FakeStore
) -> None:
    d = await deal(fctx, PaymentMode.ESCROW, proofers_wanted=3)
    await pay_by_card(fctx, d.order, amount_cents=PRICE + 3 * FEE, payment_ref="pay_all")
    for who in (d.buyer, d.seller):
        await orders.cancel_order(fctx, actor_id=who.id, order_id=d.order.id, reason="No longer")
    assert store.state.orders[d.order.id].status is OrderStatus.REFUNDED
    assert escrow_held(store, d.order.id) == 0
    assert moved(store, d.order.id, ledger.TxType.ESCROW_REFUND) == PRICE + 3 * FEE


async def test_wallet_funding_covers_the_proofing_fees(fctx: Context, store: FakeStore) -> None:
    d = await deal(fctx, PaymentMode.ESCROW, proofers_wanted=1)
    wallet = ledger.user_account(d.buyer.id)
    store.state.balances[(wallet, "usd")] = PRICE
    with pytest.raises(Exception, match="wallet"):
        await funding.fund_from_wallet(fctx, buyer_id=d.buyer.id, order_id=d.order.id)
    store.state.balances[(wallet, "usd")] = PRICE + FEE
    await funding.fund_from_wallet(fctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert escrow_held(store, d.order.id) == PRICE + FEE


async def test_off_platform_and_fee_free_orders_charge_the_price(
    fctx: Context, ctx: Context
) -> None:
    d = await deal(fctx, PaymentMode.ESCROW, proofers_wanted=0)
    assert proofer_fees.amount_due(fctx, d.order) == d.order.price_cents
    off = await deal(ctx, PaymentMode.OFF_PLATFORM, proofers_wanted=2)
    assert proofer_fees.amount_due(fctx, off.order) == off.order.price_cents


ENDINGS = st.sampled_from(["approve", "refund", "split", "release"])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    wanted=st.integers(1, 3),
    fee=st.integers(1, 900),
    # Per proofer: whether they send the scorecard in time, and whether they can be paid.
    proofers=st.lists(st.tuples(st.booleans(), st.booleans()), min_size=3, max_size=3),
    ending=ENDINGS,
    pct=st.integers(1, 99),
)
def test_money_is_conserved_with_proofing_fees(
    wanted: int, fee: int, proofers: list[tuple[bool, bool]], ending: str, pct: int
) -> None:
    """Whatever the proofers do and however the order ends: funded = released + refunded +
    proofers' fees, the escrow ends empty, each in-time proofer who can be paid gets the
    buyer's fee for them exactly once, and nobody else gets anything."""
    asyncio.run(_fee_story(wanted, fee, proofers, ending, pct))


async def _fee_story(
    wanted: int, fee: int, proofers: list[tuple[bool, bool]], ending: str, pct: int
) -> None:
    store, clock = FakeStore(), FakeClock()
    rules = MarketRules(proofing=ProofingRules(window=timedelta(hours=24), fee_cents=fee))
    ctx = Context(uow=store, clock=clock, rules=rules, escrow=FakeEscrow())
    d = await deal(ctx, PaymentMode.ESCROW, proofers_wanted=wanted)
    people = [
        await proofer(ctx, store, name, payable=payable)
        for name, (_, payable) in zip(("ann", "bea", "cid"), proofers, strict=True)
    ]
    await pay_by_card(ctx, d.order, amount_cents=PRICE + wanted * fee, payment_ref="pay_1")
    await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="Done")
    sends = {p.id: in_time for p, (in_time, _) in zip(people, proofers, strict=True)}
    for a in list(store.state.proofing["assignments"].values()):
        if sends[a.proofer_id]:
            await proofing.submit_scorecard(
                ctx, proofer_id=a.proofer_id, assignment_id=a.id, card=card()
            )
    clock.advance(timedelta(days=3))
    await run_due_timers(ctx)
    status = store.state.orders[d.order.id].status
    if ending == "approve" and status is OrderStatus.DELIVERED:
        await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    elif ending != "approve" and status in (OrderStatus.DELIVERED, OrderStatus.PROOFING):
        dispute = await disputes.open_dispute(
            ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="The CSV misses rows."
        )
        ruling = {"refund": Ruling.REFUND, "split": Ruling.SPLIT, "release": Ruling.RELEASE}
        await disputes.rule_dispute(
            ctx, moderator_id=d.mod.id, dispute_id=dispute.id, ruling=ruling[ending],
            note="Ruled on the evidence.", split_pct=pct if ending == "split" else None,
        )
    for _ in range(3):
        clock.advance(timedelta(days=2))
        await run_due_timers(ctx)
    assert store.state.orders[d.order.id].status.is_terminal
    funded = -moved(store, d.order.id, ledger.TxType.ESCROW_FUND)
    released = moved(store, d.order.id, ledger.TxType.ESCROW_RELEASE)
    refunded = moved(store, d.order.id, ledger.TxType.ESCROW_REFUND)
    paid = moved(store, d.order.id, ledger.TxType.PROOFER_FEE)
    assert funded == PRICE + wanted * fee == released + refunded + paid
    assert escrow_held(store, d.order.id) == 0
    earned = {
        a.proofer_id
        for a in store.state.proofing["assignments"].values()
        if a.status is AssignmentStatus.SUBMITTED
    }
    for person, (_, payable) in zip(people, proofers, strict=True):
        expected = fee if person.id in earned and payable else 0
        assert money(store, ledger.payable_account(person.id)) == expected
    fee_jobs = [j for j in store.state.payments["jobs"].values() if j.kind is JobKind.PROOFER_FEE]
    assert len(fee_jobs) == len({j.idempotency_key for j in fee_jobs}) == paid // fee
