"""The payment side of the moderators' overrides runs in the unit of work of the state change:
both happen, or neither does."""

from __future__ import annotations

import pytest

from core.escrow.model import JobKind, JobStatus, PaymentJob
from core.orders import disputes
from core.orders.model import OrderStatus, PaymentMode
from core.shared.context import Context
from tests.fakes import FakeStore
from tests.fakes_payments import FakePayments, pay_by_card
from tests.unit.builders import Deal, deal, order_now


def jobs_of(store: FakeStore, order_id: int) -> list[PaymentJob]:
    return [j for j in store.state.payments["jobs"].values() if j.order_id == order_id]


async def with_queued_call(ectx: Context, store: FakeStore) -> Deal:
    """A funded escrow order with a payment call queued: a second card payment, which the
    order cannot take, waits to be refunded."""
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    await pay_by_card(ectx, d.order, payment_ref="pay_twice")
    assert [(j.kind, j.status) for j in jobs_of(store, d.order.id)] == [
        (JobKind.RETURN, JobStatus.PENDING)
    ]
    return d


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
