"""In-memory fake of the ``PaymentRepository`` port (``core.escrow.ports``). Its state lives
in ``State.payments`` of tests/fakes.py, so it commits and rolls back with the rest of a
``FakeUnitOfWork``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from core.escrow.model import (
    CheckoutPurpose,
    CheckoutSession,
    FundingSource,
    JobStatus,
    LedgerFlow,
    OrderFunding,
    PaymentJob,
    PayoutAccount,
)
from core.escrow.notices import FundsReceived
from core.escrow.processor_events import EventOutcome, handle_notice
from core.orders.model import Order
from core.shared.context import Context

_CLAIMABLE = (JobStatus.PENDING, JobStatus.FAILED, JobStatus.SENDING)


def payments_state() -> dict[str, Any]:
    return {
        "accounts": {},  # account id -> PayoutAccount
        "events": {},  # event id -> type
        "checkouts": {},  # session id -> CheckoutSession
        "fundings": {},  # order id -> OrderFunding
        "jobs": {},  # job id -> PaymentJob
    }


class FakePayments:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def p(self) -> dict[str, Any]:
        state: dict[str, Any] = self.uow.state.payments
        return state

    async def payout_account(self, account_id: int) -> PayoutAccount | None:
        found = self.p["accounts"].get(account_id)
        return replace(found) if found else None

    async def payout_account_by_processor_id(
        self, processor_account_id: str
    ) -> PayoutAccount | None:
        return next(
            (replace(a) for a in self.p["accounts"].values()
             if a.processor_account_id == processor_account_id),
            None,
        )

    async def save_payout_account(self, account: PayoutAccount) -> None:
        self.p["accounts"][account.account_id] = replace(account)

    async def first_event(self, event_id: str, event_type: str, now: datetime) -> bool:
        if event_id in self.p["events"]:
            return False
        self.p["events"][event_id] = event_type
        return True

    async def add_checkout(self, session: CheckoutSession) -> None:
        self.p["checkouts"].setdefault(session.id, replace(session))

    async def checkout(self, session_id: str) -> CheckoutSession | None:
        found = self.p["checkouts"].get(session_id)
        return replace(found) if found else None

    async def open_checkout(self, order_id: int, now: datetime) -> CheckoutSession | None:
        found = [
            s for s in self.p["checkouts"].values()
            if s.order_id == order_id and s.status == "open" and s.expires_at > now
        ]
        return replace(max(found, key=lambda s: s.created_at)) if found else None

    async def update_checkout(self, session: CheckoutSession) -> None:
        self.p["checkouts"][session.id] = replace(session)

    async def funding(self, order_id: int) -> OrderFunding | None:
        found = self.p["fundings"].get(order_id)
        return replace(found) if found else None

    async def funding_by_payment(self, payment_ref: str) -> OrderFunding | None:
        return next(
            (replace(f) for f in self.p["fundings"].values()
             if payment_ref in (f.payment_ref, f.charge_ref)),
            None,
        )

    async def save_funding(self, funding: OrderFunding) -> None:
        self.p["fundings"][funding.order_id] = replace(funding)

    async def add_job(self, job: PaymentJob) -> PaymentJob | None:
        if any(j.idempotency_key == job.idempotency_key for j in self.p["jobs"].values()):
            return None
        job = replace(job, id=self.uow.state.new_id())
        self.p["jobs"][job.id] = job
        return replace(job)

    async def job(self, idempotency_key: str) -> PaymentJob | None:
        return next(
            (replace(j) for j in self.p["jobs"].values() if j.idempotency_key == idempotency_key),
            None,
        )

    async def jobs_for_order(self, order_id: int) -> list[PaymentJob]:
        return [replace(j) for j in sorted(self.p["jobs"].values(), key=lambda j: j.id)
                if j.order_id == order_id]

    async def update_job(self, job: PaymentJob, *, expected: Sequence[JobStatus] = ()) -> bool:
        stored = self.p["jobs"].get(job.id)
        if stored is None or (expected and stored.status not in expected):
            return False
        self.p["jobs"][job.id] = replace(job)
        return True

    async def claim_jobs(
        self, now: datetime, limit: int, lease_until: datetime
    ) -> list[PaymentJob]:
        due = sorted(
            (j for j in self.p["jobs"].values()
             if j.status in _CLAIMABLE and j.next_attempt_at <= now),
            key=lambda j: (j.next_attempt_at, j.id),
        )[:limit]
        claimed = []
        for job in due:
            job = replace(job, status=JobStatus.SENDING, next_attempt_at=lease_until)
            self.p["jobs"][job.id] = job
            claimed.append(replace(job))
        return claimed

    async def funded_orders(self, since: datetime | None) -> list[int]:
        ids = {
            f.order_id for f in self.p["fundings"].values()
            if f.source is FundingSource.CARD and (since is None or f.funded_at >= since)
        }
        ids |= {
            j.order_id for j in self.p["jobs"].values()
            if since is None or j.created_at >= since
        }
        return sorted(ids)

    async def ledger_flows(self, idempotency_keys: Sequence[str]) -> list[LedgerFlow]:
        keys = set(idempotency_keys)
        return [
            LedgerFlow(tx.idempotency_key, e.ledger_account, e.amount)
            for tx in self.uow.state.transactions
            if tx.idempotency_key in keys
            for e in tx.entries
        ]


async def pay_by_card(
    ctx: Context,
    order: Order,
    *,
    amount_cents: int | None = None,
    payment_ref: str | None = None,
    event_id: str | None = None,
) -> EventOutcome:
    """The processor's notice that the buyer paid ``order`` by card, through the one funding
    path (``core.escrow.processor_events``); the order's price unless ``amount_cents``."""
    ref = payment_ref or f"pay_{order.id}"
    return await handle_notice(
        ctx,
        FundsReceived(
            event_id=event_id or f"evt_{ref}",
            purpose=CheckoutPurpose.ORDER,
            account_id=order.buyer_id,
            order_id=order.id,
            amount_cents=order.price_cents if amount_cents is None else amount_cents,
            currency=order.currency,
            payment_ref=ref,
        ),
    )


async def funded(ctx: Context, order: Order, *, payment_ref: str | None = None) -> Order:
    """``order`` after the buyer paid it by card."""
    await pay_by_card(ctx, order, payment_ref=payment_ref)
    async with ctx.uow() as uow:
        found = await uow.orders.get(order.id)
    assert found is not None
    return found
