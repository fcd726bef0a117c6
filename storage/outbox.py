"""The outbox: domain events written by the unit of work in the same transaction as the change,
and the dispatcher's side — claiming due events under a lease, recording which sinks have
them, retrying with backoff and giving up after about a day.

Sinks are the dispatcher's names for where an event goes (``telegram:dm``, ``admin``,
``webhook:12``...). Recording each delivered sink lets a retry skip the ones already done,
so delivery is at least once per sink, not "all again".
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.backoff import Backoff
from core.shared.clock import Clock, SystemClock
from core.shared.events import DomainEvent
from storage import tables as t
from storage.sql import upsert_insert

PENDING = "pending"
DONE = "done"
FAILED = "failed"


def outbox_row(event: DomainEvent, now: datetime) -> dict[str, Any]:
    """The ``outbox_event`` row of a newly published event, due at once."""
    occurred_at = event.occurred_at or now
    return {
        "event_id": event.id,
        "type": event.type,
        "payload": dict(event.payload),
        "recipients": list(event.recipients),
        "channels": list(event.channels),
        "occurred_at": occurred_at,
        "created_at": occurred_at,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": occurred_at,
    }


def event_from_row(row: RowMapping) -> DomainEvent:
    return DomainEvent(
        type=row["type"],
        payload=dict(row["payload"]),
        recipients=tuple(int(r) for r in row["recipients"]),
        channels=tuple(row["channels"]),
        id=row["event_id"],
        occurred_at=row["occurred_at"],
    )


@dataclass(frozen=True)
class ClaimedEvent:
    """An event this dispatcher holds until ``lease_until``, and the sinks that have it."""

    event: DomainEvent
    attempts: int
    delivered_sinks: frozenset[str]
    lease_until: datetime


@dataclass(frozen=True)
class OutboxRecord:
    """An outbox row as stored, for tests, the admin's stats and the CLI."""

    event: DomainEvent
    status: str
    attempts: int
    next_attempt_at: datetime
    locked_until: datetime | None
    last_error: str | None
    delivered_sinks: frozenset[str]


class OutboxStore:
    """The dispatcher's access to the outbox, independent of any unit of work.

    Several dispatcher processes may share it: ``claim`` leases the events it returns
    (``locked_until``), and on PostgreSQL selects with ``FOR UPDATE SKIP LOCKED`` so two
    claims at the same moment never return the same event.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Clock | None = None,
        base_delay: timedelta = timedelta(seconds=5),
        max_delay: timedelta = timedelta(hours=1),
        give_up_after: timedelta = timedelta(hours=24),
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._engine = engine
        self._clock: Clock = clock or SystemClock()
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._give_up_after = give_up_after
        self._jitter = jitter

    async def claim(
        self, now: datetime, limit: int = 100, lease_seconds: float = 60,
        sinks: Sequence[str] = (),
    ) -> list[ClaimedEvent]:
        """Due, unfinished, unleased events, oldest first, leased to the caller until
        ``now + lease_seconds``. With ``sinks``, only the events some of those sinks still
        lack, and ``delivered_sinks`` lists only those sinks."""
        e, d = t.outbox_event, t.outbox_delivery
        lease_until = now + timedelta(seconds=lease_seconds)
        stmt = (
            select(e)
            .where(
                e.c.status == PENDING,
                e.c.next_attempt_at <= now,
                or_(e.c.locked_until.is_(None), e.c.locked_until <= now),
            )
            .order_by(e.c.next_attempt_at, e.c.id)
            .limit(limit)
        )
        if sinks:
            done_count = (
                select(func.count())
                .where(d.c.event_id == e.c.event_id, d.c.sink.in_(list(sinks)))
                .scalar_subquery()
            )
            stmt = stmt.where(done_count < len(set(sinks)))
        if self._engine.dialect.name == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True, of=e)
        async with self._engine.begin() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
            if not rows:
                return []
            ids = [r["event_id"] for r in rows]
            await conn.execute(
                update(e).where(e.c.event_id.in_(ids)).values(locked_until=lease_until)
            )
            delivered = await self._delivered(conn, ids, sinks)
        return [
            ClaimedEvent(
                event=event_from_row(r),
                attempts=r["attempts"],
                delivered_sinks=frozenset(delivered.get(r["event_id"], ())),
                lease_until=lease_until,
            )
            for r in rows
        ]

    @staticmethod
    async def _delivered(
        conn: Any, ids: Sequence[str], sinks: Sequence[str] = ()
    ) -> dict[str, set[str]]:
        d = t.outbox_delivery
        stmt = select(d.c.event_id, d.c.sink).where(d.c.event_id.in_(list(ids)))
        if sinks:
            stmt = stmt.where(d.c.sink.in_(list(sinks)))
        found: dict[str, set[str]] = {}
        for event_id, sink in (await conn.execute(stmt)).all():
            found.setdefault(event_id, set()).add(sink)
        return found

    async def mark_sink_delivered(
        self, event_id: str, sink: str, now: datetime | None = None
    ) -> None:
        """Record that ``sink`` has the event (idempotent)."""
        d = t.outbox_delivery
        async with self._engine.begin() as conn:
            await conn.execute(
                upsert_insert(self._engine.dialect.name, d)
                .values(event_id=event_id, sink=sink, delivered_at=now or self._clock.now())
                .on_conflict_do_nothing(index_elements=[d.c.event_id, d.c.sink])
            )

    async def mark_done(
        self, event_id: str, now: datetime | None = None, *, expected: Collection[str] = ()
    ) -> bool:
        """Give up the lease; the event is done when every ``expected`` sink has it (all
        of them at once without ``expected``). Returns whether it is done.

        Where the sinks are shared out between processes (the Telegram bot's sinks in its
        own process, webhooks in the workers), each dispatcher records its sinks and the
        one that completes the set closes the event. The check reads the deliveries in the
        same statement, so of two dispatchers finishing at once the later one sees both.
        """
        e, d = t.outbox_event, t.outbox_delivery
        async with self._engine.begin() as conn:
            await conn.execute(
                update(e).where(e.c.event_id == event_id).values(locked_until=None)
            )
            done = update(e).where(e.c.event_id == event_id, e.c.status == PENDING)
            if expected:
                have = (
                    select(func.count())
                    .where(d.c.event_id == event_id, d.c.sink.in_(sorted(set(expected))))
                    .scalar_subquery()
                )
                done = done.where(have >= len(set(expected)))
            result = await conn.execute(
                done.values(status=DONE, done_at=now or self._clock.now())
            )
        return bool(result.rowcount)

    async def mark_retry(self, event_id: str, now: datetime, error: str) -> datetime | None:
        """Schedule another attempt with exponential backoff and jitter; returns its time,
        or None when the event is older than the give-up age and is marked failed."""
        e = t.outbox_event
        async with self._engine.begin() as conn:
            row = (await conn.execute(
                select(e.c.attempts, e.c.created_at).where(e.c.event_id == event_id)
            )).mappings().first()
            if row is None:
                return None
            attempts = row["attempts"] + 1
            values: dict[str, Any] = {
                "attempts": attempts, "last_error": error[:2000], "locked_until": None,
            }
            next_at: datetime | None = None
            if now - row["created_at"] >= self._give_up_after:
                values["status"] = FAILED
            else:
                next_at = now + self.backoff(attempts)
                values["next_attempt_at"] = next_at
            await conn.execute(update(e).where(e.c.event_id == event_id).values(**values))
        return next_at

    def backoff(self, attempts: int) -> timedelta:
        """``base * 2^(attempts-1)`` capped at ``max_delay``, then jittered into its upper
        half so a burst of failures does not retry in lockstep."""
        return Backoff(self._base_delay, self._max_delay).delay(attempts, self._jitter())

    async def get(self, event_id: str) -> OutboxRecord | None:
        e = t.outbox_event
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(e).where(e.c.event_id == event_id))).mappings().first()
            if row is None:
                return None
            delivered = await self._delivered(conn, [event_id])
        return OutboxRecord(
            event=event_from_row(row), status=row["status"], attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"], locked_until=row["locked_until"],
            last_error=row["last_error"], delivered_sinks=frozenset(delivered.get(event_id, ())),
        )

    async def counts(self) -> dict[str, int]:
        """How many events are pending, done and failed."""
        e = t.outbox_event
        async with self._engine.connect() as conn:
            rows = (await conn.execute(
                select(e.c.status, func.count()).group_by(e.c.status)
            )).all()
        return {status: int(n) for status, n in rows}
