"""The payment record and Stripe's processing fee on the service layer (in-memory fakes; a
processor fake that only answers the fee): idempotent fee posting, the record of an
off-platform order, and the record reading what the ledger says rather than the order."""

from __future__ import annotations

from typing import Any

from core.escrow import funding, worker
from core.escrow.model import JobKind, JobStatus, ProcessingFee
from core.escrow.record import PaymentStatus, PayoutState
from core.orders.model import PaymentMode
from core.shared import ledger
from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore
from tests.fakes_payments import pay_by_card
from tests.unit.builders import FakeEscrow, deal, money


class FeeOnly(FakeEscrow):
    """Answers what the processor kept of a payment; any other call fails the test."""

    def __init__(self, fee: int = 465) -> None:
        super().__init__()
        self.fee = fee
        self.fee_reads: list[str] = []

    async def processing_fee(self, *, payment_ref: str) -> ProcessingFee:
        self.fee_reads.append(payment_ref)
        return ProcessingFee(self.fee, "usd", f"txn_{payment_ref}", (("stripe_fee", self.fee),))


def context(store: FakeStore, clock: FakeClock, escrow: Any) -> Context:
    return Context(uow=store, clock=clock, escrow=escrow)


async def test_the_fee_is_posted_once_from_platform_fees(
    store: FakeStore, clock: FakeClock
) -> None:
    processor = FeeOnly()
    ctx = context(store, clock, processor)
    d = await deal(ctx, PaymentMode.ESCROW, funded=True)
    # The same payment told twice (another event id) queues one reading.
    await pay_by_card(ctx, d.order, payment_ref="pay_test", event_id="evt_again")
    jobs = [j for j in store.state.payments["jobs"].values()
            if j.kind is JobKind.PROCESSING_FEE]
    assert [j.idempotency_key for j in jobs] == ["processing-fee:pay_test"]
    await worker.run_payment_jobs(ctx)
    await worker.run_payment_jobs(ctx)
    assert processor.fee_reads == ["pay_test"]
    assert money(store, ledger.WORLD_PROCESSING_FEES) == 465
    assert money(store, ledger.PLATFORM_FEES) == -465
    [job] = [j for j in store.state.payments["jobs"].values()
             if j.kind is JobKind.PROCESSING_FEE]
    assert job.status is JobStatus.SENT and job.amount_cents == 465

    details = await funding.payment_details(ctx, viewer_id=d.seller.id, order_id=d.order.id)
    assert details is not None and details.record is not None
    assert details.record.status is PaymentStatus.FUNDED
    assert details.record.processing_fee_cents == 465
    assert details.record.payout.state is PayoutState.NONE


async def test_a_wallet_funded_order_has_no_processing_fee(
    store: FakeStore, clock: FakeClock
) -> None:
    ctx = context(store, clock, FeeOnly())
    d = await deal(ctx, PaymentMode.ESCROW)
    async with ctx.uow() as uow:
        await uow.ledger.post(ledger.transfer(
            type=ledger.TxType.WALLET_DEPOSIT, asset="usd", source=ledger.WORLD_PROCESSOR,
            destination=ledger.user_account(d.buyer.id), amount=d.order.price_cents,
            idempotency_key="deposit:test"))
        await uow.commit()
    await funding.fund_from_wallet(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert not [j for j in store.state.payments["jobs"].values()
                if j.kind is JobKind.PROCESSING_FEE]
    details = await funding.payment_details(ctx, viewer_id=d.buyer.id, order_id=d.order.id)
    assert details is not None and details.record is not None
    assert details.record.status is PaymentStatus.FUNDED
    assert details.record.funded_cents == d.order.price_cents


async def test_an_off_platform_order_has_no_payment_record(
    store: FakeStore, clock: FakeClock
) -> None:
    ctx = context(store, clock, FeeOnly())
    d = await deal(ctx, PaymentMode.OFF_PLATFORM)
    assert await funding.payment_details(ctx, viewer_id=d.buyer.id, order_id=d.order.id) is None
