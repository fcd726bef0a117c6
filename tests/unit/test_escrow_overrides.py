"""The payment side of the moderators' overrides runs in the unit of work of the state change:
both happen, or neither does."""

from __future__ import annotations

import pytest

from core.escrow.jobs import HOLDABLE, add_job
from core.escrow.model import JobKind, JobStatus, PaymentJob
from core.orders import disputes
from core.orders.model import OrderStatus, PaymentMode
from core.shared.context import Context
from tests.fakes import FakeStore
from tests.fakes_payments import FakePayments, pay_by_card
from tests.unit.builders import Deal, deal, order_now


def jobs_of(store: FakeStore, order_id: int) -> list[PaymentJob]:
    """The order's calls that move its money (a hold stops those)."""
    return [j for j in store.state.payments["jobs"].values()
            if j.order_id == order_id and j.kind in HOLDABLE]


async def with_queued_call(ectx: Context, store: FakeStore) -> Deal:
    """A funded escrow order with a payment call queued: a refund of its card payment."""
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    async with ectx.uow() as uow:
        await add_job(ectx, uow, d.order, JobKind.REFUND, 100, f"refund:{d.order.id}")
        await uow.commit()
    assert [(j.kind, j.status) for j in jobs_of(store, d.order.id)] == [
        (JobKind.REFUND, JobStatus.PENDING)
    ]
    return d


async def test_a_stray_payments_return_and_the_fee_reading_are_not_held(
    ectx: Context, store: FakeStore
) -> None:
    # Neither moves the order's money: a hold (or a lost chargeback cancelling what is held)
    # must not keep a second payment from going back to the buyer.
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    await pay_by_card(ectx, d.order, payment_ref="pay_twice")
    await disputes.hold_order(ectx, moderator_id=d.mod.id, order_id=d.order.id, reason="Fraud?")
    others = [(j.kind, j.status) for j in store.state.payments["jobs"].values()
              if j.order_id == d.order.id]
    assert (JobKind.RETURN, JobStatus.PENDING) in others
    assert all(status is JobStatus.PENDING for _, status in others)


async def test_hold_and_unhold_stop_and_restart_the_orders_payment_calls(
    ectx: Context, store: FakeStore
) -> None:
    d = await with_queued_call(ectx, store)
    await disputes.hold_order(ectx, moderator_id=d.mod.id, order_id=d.order.id, reason="Fraud?")
    assert order_now(store, d.order.id).status is OrderStatus.ON_HOLD
    assert [j.status for j in jobs_of(store, d.order.id)] == [JobStatus.HELD]
    await disputes.unhold_order(ectx, moderator_id=d.mod.id, order_id=d.order.id)
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    assert [j.status for j in jobs_of(store, d.order.id)] == [JobStatus.PENDING]


async def test_a_failing_payment_side_rolls_the_state_change_back(
    ectx: Context, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = await with_queued_call(ectx, store)
    audit_before, outbox_before = list(store.state.audit), len(store.outbox)

    async def broken(self: FakePayments, job: PaymentJob, **_: object) -> bool:
        raise RuntimeError("the payment records are unavailable")

    monkeypatch.setattr(FakePayments, "update_job", broken)
    with pytest.raises(RuntimeError):
        await disputes.hold_order(
            ectx, moderator_id=d.mod.id, order_id=d.order.id, reason="Fraud?"
        )
    # Nothing half-done: the order is not on hold, nothing was audited or announced.
    assert order_now(store, d.order.id).status is OrderStatus.IN_PROGRESS
    assert store.state.audit == audit_before and len(store.outbox) == outbox_before
    assert [j.status for j in jobs_of(store, d.order.id)] == [JobStatus.PENDING]
