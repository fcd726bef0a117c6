"""Telegram Stars payments on SQL (the ``StarsPaymentRepository`` port)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import select, update

from core.stars import StarsPayment, StarsPaymentStatus
from storage import tables as t
from storage.repositories import RowLike, _Repository
from storage.sql import upsert_insert


def _payment(r: RowLike) -> StarsPayment:
    return StarsPayment(
        id=r["id"],
        charge_id=r["charge_id"],
        account_id=r["account_id"],
        telegram_user_id=r["telegram_user_id"],
        credits=r["credits"],
        stars=r["stars"],
        status=StarsPaymentStatus(r["status"]),
        paid_at=r["paid_at"],
        refunded_at=r["refunded_at"],
        refunded_by=r["refunded_by"],
    )


def _row(p: StarsPayment) -> dict[str, Any]:
    return {
        "charge_id": p.charge_id,
        "account_id": p.account_id,
        "telegram_user_id": p.telegram_user_id,
        "credits": p.credits,
        "stars": p.stars,
        "status": p.status.value,
        "paid_at": p.paid_at,
        "refunded_at": p.refunded_at,
        "refunded_by": p.refunded_by,
    }


class SqlStarsPaymentRepository(_Repository):
    """Payments are inserted with ``ON CONFLICT DO NOTHING`` on the charge id, so a repeated
    (even concurrent) successful payment records nothing; status changes are conditional on
    the status read, so two refunds never both succeed."""

    async def add(self, payment: StarsPayment) -> StarsPayment | None:
        s = t.stars_payment
        conn = await self._conn()
        new_id = (
            await conn.execute(
                upsert_insert(self._tx.dialect, s)
                .values(**_row(payment))
                .on_conflict_do_nothing(index_elements=[s.c.charge_id])
                .returning(s.c.id)
            )
        ).scalar_one_or_none()
        return None if new_id is None else replace(payment, id=new_id)

    async def get(self, charge_id: str) -> StarsPayment | None:
        s = t.stars_payment
        row = await self._one(select(s).where(s.c.charge_id == charge_id))
        return _payment(row) if row else None

    async def update(
        self, payment: StarsPayment, *, expected_status: StarsPaymentStatus
    ) -> bool:
        s = t.stars_payment
        result = await (await self._conn()).execute(
            update(s)
            .where(s.c.id == payment.id, s.c.status == expected_status.value)
            .values(**_row(payment))
        )
        return bool(result.rowcount == 1)

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[StarsPayment]:
        s = t.stars_payment
        rows = await self._all(
            select(s).where(s.c.account_id == account_id).order_by(s.c.id.desc()).limit(limit)
        )
        return [_payment(r) for r in rows]
