"""Orders on SQL: orders with optimistic locking and their timeline, messages and deliveries;
the timers behind every deadline; double-blind reviews; disputes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from core.orders.model import (
    Delivery,
    Dispute,
    DisputeStatus,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Review,
    Timer,
    TimerStatus,
)
from core.shared.errors import ConcurrentUpdate, Conflict
from storage import tables as t
from storage.mapping import RowMapper
from storage.repository import Conflicts, _Repository
from storage.sql import conflicts_as

_ORDER = RowMapper(Order)
_ORDER_EVENT = RowMapper(OrderEvent)
_ORDER_MESSAGE = RowMapper(OrderMessage)
_DELIVERY = RowMapper(Delivery)
_TIMER = RowMapper(Timer)
_REVIEW = RowMapper(Review)
_DISPUTE = RowMapper(Dispute)

_REVIEW_CONFLICTS: Conflicts = {
    ("review",): lambda: Conflict("You reviewed this order already.",
                                  code="review.duplicate"),
}

_LIVE_TIMER = (TimerStatus.PENDING.value, TimerStatus.PAUSED.value)
_UNRESOLVED = (DisputeStatus.OPEN.value, DisputeStatus.CLAIMED.value)


class SqlOrderRepository(_Repository):
    """Orders with optimistic locking, and their timeline, messages and deliveries."""

    async def add(self, order: Order) -> Order:
        new_id = await self._insert_id(t.marketplace_order, _ORDER.row(order))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, order_id: int) -> Order | None:
        row = await self._one(
            select(t.marketplace_order).where(t.marketplace_order.c.id == order_id)
        )
        return _ORDER.entity(row) if row else None

    async def update(self, order: Order) -> None:
        o = t.marketplace_order
        values = _ORDER.row(order) | {"version": order.version + 1}
        result = await (await self._conn()).execute(
            update(o).where(o.c.id == order.id, o.c.version == order.version).values(**values)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate()
        order.version += 1

    async def for_account(
        self, account_id: int, *, statuses: Sequence[OrderStatus] = (), limit: int = 50
    ) -> list[Order]:
        o = t.marketplace_order
        stmt = select(o).where(or_(o.c.buyer_id == account_id, o.c.seller_id == account_id))
        if statuses:
            stmt = stmt.where(o.c.status.in_([s.value for s in statuses]))
        rows = await self._all(
            stmt.order_by(o.c.updated_at.desc(), o.c.id.desc()).limit(limit)
        )
        return [_ORDER.entity(r) for r in rows]

    async def by_request(self, request_id: int) -> Order | None:
        o = t.marketplace_order
        row = await self._one(
            select(o).where(o.c.request_id == request_id).order_by(o.c.id.desc()).limit(1)
        )
        return _ORDER.entity(row) if row else None

    async def add_event(self, event: OrderEvent) -> OrderEvent:
        row = _ORDER_EVENT.row(event)
        return _ORDER_EVENT.entity(row | {"id": await self._insert_id(t.order_event, row)})

    async def events(self, order_id: int) -> list[OrderEvent]:
        rows = await self._all(
            select(t.order_event)
            .where(t.order_event.c.order_id == order_id)
            .order_by(t.order_event.c.id)
        )
        return [_ORDER_EVENT.entity(r) for r in rows]

    async def add_message(self, message: OrderMessage) -> OrderMessage:
        row = _ORDER_MESSAGE.row(message)
        return _ORDER_MESSAGE.entity(row | {"id": await self._insert_id(t.order_message, row)})

    async def messages(self, order_id: int, *, limit: int = 100) -> list[OrderMessage]:
        """The latest ``limit`` messages, oldest first (as a chat reads)."""
        m = t.order_message
        latest = (
            select(m).where(m.c.order_id == order_id).order_by(m.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [_ORDER_MESSAGE.entity(r) for r in rows]

    async def add_delivery(self, delivery: Delivery) -> Delivery:
        row = _DELIVERY.row(delivery)
        return _DELIVERY.entity(row | {"id": await self._insert_id(t.delivery, row)})

    async def deliveries(self, order_id: int) -> list[Delivery]:
        rows = await self._all(
            select(t.delivery).where(t.delivery.c.order_id == order_id).order_by(t.delivery.c.id)
        )
        return [_DELIVERY.entity(r) for r in rows]

    async def update_delivery(self, delivery: Delivery) -> None:
        await (await self._conn()).execute(
            update(t.delivery).where(t.delivery.c.id == delivery.id).values(
                **_DELIVERY.row(delivery)
            )
        )


class SqlTimerRepository(_Repository):
    """Deadlines as rows, claimed by whichever scheduler process gets there first."""

    async def add(self, timer: Timer) -> Timer:
        row = _TIMER.row(timer)
        return _TIMER.entity(row | {"id": await self._insert_id(t.timer, row)})

    async def for_subject(self, subject: str, subject_id: int) -> list[Timer]:
        rows = await self._all(
            select(t.timer)
            .where(t.timer.c.subject == subject, t.timer.c.subject_id == subject_id)
            .order_by(t.timer.c.id)
        )
        return [_TIMER.entity(r) for r in rows]

    async def cancel(self, subject: str, subject_id: int, kinds: Sequence[str] = ()) -> None:
        stmt = update(t.timer).where(
            t.timer.c.subject == subject,
            t.timer.c.subject_id == subject_id,
            t.timer.c.status.in_(_LIVE_TIMER),
        )
        if kinds:
            stmt = stmt.where(t.timer.c.kind.in_([str(k) for k in kinds]))
        await (await self._conn()).execute(stmt.values(status=TimerStatus.CANCELLED.value))

    async def pause(self, subject: str, subject_id: int, now: datetime) -> None:
        conn = await self._conn()
        rows = await self._all(
            select(t.timer.c.id, t.timer.c.due_at).where(
                t.timer.c.subject == subject,
                t.timer.c.subject_id == subject_id,
                t.timer.c.status == TimerStatus.PENDING.value,
            )
        )
        # Date arithmetic differs between the databases; a subject has only a few timers.
        for r in rows:
            remaining = max(0, int((r["due_at"] - now).total_seconds()))
            await conn.execute(
                update(t.timer)
                .where(t.timer.c.id == r["id"])
                .values(status=TimerStatus.PAUSED.value, remaining_seconds=remaining)
            )

    async def resume(self, subject: str, subject_id: int, now: datetime) -> None:
        conn = await self._conn()
        rows = await self._all(
            select(t.timer.c.id, t.timer.c.remaining_seconds).where(
                t.timer.c.subject == subject,
                t.timer.c.subject_id == subject_id,
                t.timer.c.status == TimerStatus.PAUSED.value,
            )
        )
        for r in rows:
            await conn.execute(
                update(t.timer)
                .where(t.timer.c.id == r["id"])
                .values(
                    status=TimerStatus.PENDING.value,
                    due_at=now + timedelta(seconds=r["remaining_seconds"] or 0),
                    remaining_seconds=None,
                )
            )

    async def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        stmt = (
            select(t.timer)
            .where(t.timer.c.status == TimerStatus.PENDING.value, t.timer.c.due_at <= now)
            .order_by(t.timer.c.due_at, t.timer.c.id)
            .limit(limit)
        )
        if self._tx.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        # On SQLite the transaction began IMMEDIATE: other schedulers wait for the commit.
        return [_TIMER.entity(r) for r in await self._all(stmt)]

    async def mark(self, timer_id: int, status: str, now: datetime) -> None:
        values: dict[str, Any] = {"status": str(status)}
        if str(status) == TimerStatus.DONE.value:
            values["fired_at"] = now
        await (await self._conn()).execute(
            update(t.timer).where(t.timer.c.id == timer_id).values(**values)
        )

    async def reschedule(self, timer_id: int, due_at: datetime) -> None:
        await (await self._conn()).execute(
            update(t.timer)
            .where(t.timer.c.id == timer_id, t.timer.c.status == TimerStatus.PENDING.value)
            .values(due_at=due_at)
        )


class SqlReviewRepository(_Repository):
    """Double-blind reviews: one per author per order."""

    async def add(self, review: Review) -> Review:
        conn = await self._conn()
        row = _REVIEW.row(review)
        async with conflicts_as(conn, _REVIEW_CONFLICTS):
            new_id = await self._insert_id(t.review, row)
        return _REVIEW.entity(row | {"id": new_id})

    async def for_order(self, order_id: int) -> list[Review]:
        rows = await self._all(
            select(t.review).where(t.review.c.order_id == order_id).order_by(t.review.c.id)
        )
        return [_REVIEW.entity(r) for r in rows]

    async def update(self, review: Review) -> None:
        await (await self._conn()).execute(
            update(t.review).where(t.review.c.id == review.id).values(**_REVIEW.row(review))
        )

    async def revealed_about(self, account_id: int, *, limit: int = 20) -> list[Review]:
        rv = t.review
        rows = await self._all(
            select(rv)
            .where(rv.c.subject_id == account_id, rv.c.revealed_at.is_not(None))
            .order_by(rv.c.id.desc())
            .limit(limit)
        )
        return [_REVIEW.entity(r) for r in rows]


class SqlDisputeRepository(_Repository):
    """Disputes; claiming is a single conditional UPDATE so two moderators cannot both win."""

    async def add(self, dispute: Dispute) -> Dispute:
        row = _DISPUTE.row(dispute)
        return _DISPUTE.entity(row | {"id": await self._insert_id(t.dispute, row)})

    async def get(self, dispute_id: int) -> Dispute | None:
        row = await self._one(select(t.dispute).where(t.dispute.c.id == dispute_id))
        return _DISPUTE.entity(row) if row else None

    async def open_for_order(self, order_id: int) -> Dispute | None:
        row = await self._one(
            select(t.dispute)
            .where(t.dispute.c.order_id == order_id, t.dispute.c.status.in_(_UNRESOLVED))
            .order_by(t.dispute.c.id.desc())
            .limit(1)
        )
        return _DISPUTE.entity(row) if row else None

    async def update(self, dispute: Dispute) -> None:
        await (await self._conn()).execute(
            update(t.dispute).where(t.dispute.c.id == dispute.id).values(**_DISPUTE.row(dispute))
        )

    async def claim(self, dispute_id: int, moderator_id: int, now: datetime) -> bool:
        result = await (await self._conn()).execute(
            update(t.dispute)
            .where(t.dispute.c.id == dispute_id, t.dispute.c.status == DisputeStatus.OPEN.value)
            .values(status=DisputeStatus.CLAIMED.value, claimed_by=moderator_id, claimed_at=now)
        )
        return bool(result.rowcount == 1)

    async def list_unresolved(self, *, limit: int = 50) -> list[Dispute]:
        rows = await self._all(
            select(t.dispute)
            .where(t.dispute.c.status.in_(_UNRESOLVED))
            .order_by(t.dispute.c.id)
            .limit(limit)
        )
        return [_DISPUTE.entity(r) for r in rows]
