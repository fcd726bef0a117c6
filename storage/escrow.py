"""Escrow on SQL: payout accounts, checkout sessions, order fundings, payment
jobs and the processor's event ids (the ``PaymentRepository`` port)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, union, update

from core.escrow.model import (
    CheckoutPurpose,
    CheckoutSession,
    FundingSource,
    JobKind,
    JobStatus,
    LedgerFlow,
    OrderFunding,
    PaymentJob,
    PayoutAccount,
)
from storage import tables as t
from storage.repository import RowLike, _Repository
from storage.sql import upsert_insert

_CLAIMABLE = (JobStatus.PENDING.value, JobStatus.FAILED.value, JobStatus.SENDING.value)


def _payout(r: RowLike) -> PayoutAccount:
    return PayoutAccount(
        account_id=r["account_id"],
        processor_account_id=r["stripe_account_id"],
        charges_enabled=r["charges_enabled"],
        payouts_enabled=r["payouts_enabled"],
        details_submitted=r["details_submitted"],
        requirements=tuple(r["requirements"] or ()),
        disabled_reason=r["disabled_reason"],
        status_at=r["status_at"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
    )


def _session(r: RowLike) -> CheckoutSession:
    return CheckoutSession(
        id=r["id"],
        purpose=CheckoutPurpose(r["purpose"]),
        account_id=r["account_id"],
        order_id=r["order_id"],
        amount_cents=r["amount_cents"],
        currency=r["currency"],
        url=r["url"],
        status=r["status"],
        payment_ref=r["payment_intent"],
        created_at=r["created_at"],
        expires_at=r["expires_at"],
    )


def _session_row(s: CheckoutSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "purpose": s.purpose.value,
        "account_id": s.account_id,
        "order_id": s.order_id,
        "amount_cents": s.amount_cents,
        "currency": s.currency,
        "url": s.url,
        "status": s.status,
        "payment_intent": s.payment_ref,
        "created_at": s.created_at,
        "expires_at": s.expires_at,
    }


def _funding(r: RowLike) -> OrderFunding:
    return OrderFunding(
        order_id=r["order_id"],
        source=FundingSource(r["source"]),
        amount_cents=r["amount_cents"],
        currency=r["currency"],
        payment_ref=r["payment_intent"],
        charge_ref=r["charge_id"],
        funded_at=r["funded_at"],
    )


def _job(r: RowLike) -> PaymentJob:
    return PaymentJob(
        id=r["id"],
        kind=JobKind(r["kind"]),
        order_id=r["order_id"],
        amount_cents=r["amount_cents"],
        currency=r["currency"],
        idempotency_key=r["idempotency_key"],
        status=JobStatus(r["status"]),
        attempts=r["attempts"],
        last_error=r["last_error"],
        result_id=r["result_id"],
        payment_ref=r["payment_intent"],
        reverse_cents=r["reverse_cents"],
        key_prefix=r["key_prefix"],
        created_at=r["created_at"],
        next_attempt_at=r["next_attempt_at"],
        sent_at=r["sent_at"],
    )


def _job_row(j: PaymentJob) -> dict[str, Any]:
    return {
        "kind": j.kind.value,
        "order_id": j.order_id,
        "amount_cents": j.amount_cents,
        "currency": j.currency,
        "idempotency_key": j.idempotency_key,
        "status": j.status.value,
        "attempts": j.attempts,
        "last_error": j.last_error,
        "result_id": j.result_id,
        "payment_intent": j.payment_ref,
        "reverse_cents": j.reverse_cents,
        "key_prefix": j.key_prefix,
        "created_at": j.created_at,
        "next_attempt_at": j.next_attempt_at,
        "sent_at": j.sent_at,
    }


class SqlPaymentRepository(_Repository):
    async def payout_account(self, account_id: int) -> PayoutAccount | None:
        p = t.payout_account
        row = await self._one(select(p).where(p.c.account_id == account_id))
        return _payout(row) if row else None

    async def payout_account_by_processor_id(
        self, processor_account_id: str
    ) -> PayoutAccount | None:
        p = t.payout_account
        row = await self._one(select(p).where(p.c.stripe_account_id == processor_account_id))
        return _payout(row) if row else None

    async def save_payout_account(self, account: PayoutAccount) -> None:
        p = t.payout_account
        values = {
            "account_id": account.account_id,
            "stripe_account_id": account.processor_account_id,
            "charges_enabled": account.charges_enabled,
            "payouts_enabled": account.payouts_enabled,
            "details_submitted": account.details_submitted,
            "requirements": list(account.requirements),
            "disabled_reason": account.disabled_reason,
            "status_at": account.status_at,
            "created_at": account.created_at,
            "updated_at": account.updated_at,
        }
        stmt = upsert_insert(self._tx.dialect, p).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[p.c.account_id],
            set_={k: v for k, v in values.items() if k not in ("account_id", "created_at")},
        )
        await (await self._conn()).execute(stmt)

    async def first_event(self, event_id: str, event_type: str, now: datetime) -> bool:
        e = t.stripe_event
        result = await (await self._conn()).execute(
            upsert_insert(self._tx.dialect, e)
            .values(id=event_id, type=event_type, received_at=now)
            .on_conflict_do_nothing(index_elements=[e.c.id])
            .returning(e.c.id)
        )
        return result.first() is not None

    async def add_checkout(self, session: CheckoutSession) -> None:
        c = t.checkout_session
        await (await self._conn()).execute(
            upsert_insert(self._tx.dialect, c)
            .values(**_session_row(session))
            .on_conflict_do_nothing(index_elements=[c.c.id])
        )

    async def checkout(self, session_id: str) -> CheckoutSession | None:
        c = t.checkout_session
        row = await self._one(select(c).where(c.c.id == session_id))
        return _session(row) if row else None

    async def open_checkout(self, order_id: int, now: datetime) -> CheckoutSession | None:
        c = t.checkout_session
        row = await self._one(
            select(c)
            .where(c.c.order_id == order_id, c.c.status == "open", c.c.expires_at > now)
            .order_by(c.c.created_at.desc())
            .limit(1)
        )
        return _session(row) if row else None

    async def update_checkout(self, session: CheckoutSession) -> None:
        c = t.checkout_session
        values = _session_row(session)
        del values["id"]
        await (await self._conn()).execute(update(c).where(c.c.id == session.id).values(values))

    async def funding(self, order_id: int) -> OrderFunding | None:
        f = t.order_funding
        row = await self._one(select(f).where(f.c.order_id == order_id))
        return _funding(row) if row else None

    async def funding_by_payment(self, payment_ref: str) -> OrderFunding | None:
        f = t.order_funding
        row = await self._one(
            select(f)
            .where(or_(f.c.payment_intent == payment_ref, f.c.charge_id == payment_ref))
            .limit(1)
        )
        return _funding(row) if row else None

    async def save_funding(self, funding: OrderFunding) -> None:
        f = t.order_funding
        conn = await self._conn()
        await conn.execute(delete(f).where(f.c.order_id == funding.order_id))
        await conn.execute(
            f.insert().values(
                order_id=funding.order_id,
                source=funding.source.value,
                amount_cents=funding.amount_cents,
                currency=funding.currency,
                payment_intent=funding.payment_ref,
                charge_id=funding.charge_ref,
                funded_at=funding.funded_at,
            )
        )

    async def add_job(self, job: PaymentJob) -> PaymentJob | None:
        j = t.payment_job
        job_id = (
            await (await self._conn()).execute(
                upsert_insert(self._tx.dialect, j)
                .values(**_job_row(job))
                .on_conflict_do_nothing(index_elements=[j.c.idempotency_key])
                .returning(j.c.id)
            )
        ).scalar_one_or_none()
        if job_id is None:
            return None
        return await self.job(job.idempotency_key)

    async def job(self, idempotency_key: str) -> PaymentJob | None:
        j = t.payment_job
        row = await self._one(select(j).where(j.c.idempotency_key == idempotency_key))
        return _job(row) if row else None

    async def jobs_for_order(self, order_id: int) -> list[PaymentJob]:
        j = t.payment_job
        return [_job(r) for r in await self._all(
            select(j).where(j.c.order_id == order_id).order_by(j.c.id)
        )]

    async def update_job(self, job: PaymentJob, *, expected: Sequence[JobStatus] = ()) -> bool:
        j = t.payment_job
        stmt = update(j).where(j.c.id == job.id)
        if expected:
            stmt = stmt.where(j.c.status.in_([s.value for s in expected]))
        result = await (await self._conn()).execute(stmt.values(_job_row(job)))
        return bool(result.rowcount == 1)

    async def claim_jobs(
        self, now: datetime, limit: int, lease_until: datetime
    ) -> list[PaymentJob]:
        j = t.payment_job
        stmt = (
            select(j)
            .where(j.c.status.in_(_CLAIMABLE), j.c.next_attempt_at <= now)
            .order_by(j.c.next_attempt_at, j.c.id)
            .limit(limit)
        )
        if self._tx.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = await self._all(stmt)
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        await (await self._conn()).execute(
            update(j)
            .where(j.c.id.in_(ids))
            .values(status=JobStatus.SENDING.value, next_attempt_at=lease_until)
        )
        return [
            _job(r) for r in await self._all(select(j).where(j.c.id.in_(ids)).order_by(j.c.id))
        ]

    async def funded_orders(self, since: datetime | None) -> list[int]:
        f, j = t.order_funding, t.payment_job
        funded = select(f.c.order_id.label("order_id")).where(f.c.source == "card")
        jobs = select(j.c.order_id.label("order_id"))
        if since is not None:
            funded = funded.where(f.c.funded_at >= since)
            jobs = jobs.where(j.c.created_at >= since)
        rows = await (await self._conn()).execute(union(funded, jobs))
        return sorted({int(r[0]) for r in rows})

    async def ledger_flows(self, idempotency_keys: Sequence[str]) -> list[LedgerFlow]:
        if not idempotency_keys:
            return []
        tx, e = t.ledger_transaction, t.ledger_entry
        rows = await self._all(
            select(tx.c.idempotency_key, e.c.ledger_account, e.c.amount)
            .join(e, e.c.transaction_id == tx.c.id)
            .where(tx.c.idempotency_key.in_(list(idempotency_keys)))
            .order_by(e.c.id)
        )
        return [LedgerFlow(r["idempotency_key"], r["ledger_account"], r["amount"]) for r in rows]
