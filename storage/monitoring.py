"""What the operator's views read from the database: heartbeats of the running parts, and the
backlogs every process shares (outbox, timers, webhook deliveries, payment jobs).

Both are plain queries on the engine, outside the unit of work: they are observations, never
part of a marketplace change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t
from storage.sql import upsert_insert

#: Statuses of a timer, an outbox event, a webhook delivery and a payment job that mean work
#: is waiting (core's enums, spelled as stored).
_WAITING = "pending"
_FAILED = "failed"
_OPEN_PAYMENT_JOBS = ("pending", "sending", "failed", "held")


@dataclass(frozen=True)
class Heartbeat:
    part: str
    instance: str
    started_at: datetime
    beat_at: datetime
    ok: bool
    detail: str


@dataclass(frozen=True)
class Backlogs:
    outbox_pending: int = 0
    outbox_failed: int = 0
    oldest_pending_event_at: datetime | None = None
    timers_due: int = 0
    oldest_due_timer_at: datetime | None = None
    webhook_deliveries: dict[str, int] = field(default_factory=dict)
    payment_jobs: dict[str, int] = field(default_factory=dict)


class HeartbeatStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def beat(
        self, parts: Sequence[tuple[str, bool, str]], *, instance: str, started_at: datetime,
        now: datetime,
    ) -> None:
        """Record that ``instance`` runs each ``(part, ok, detail)`` at ``now``."""
        if not parts:
            return
        h = t.heartbeat
        rows = [
            {"part": part, "instance": instance, "started_at": started_at, "beat_at": now,
             "ok": ok, "detail": detail[:200]}
            for part, ok, detail in parts
        ]
        async with self._engine.begin() as conn:
            insert = upsert_insert(conn.dialect.name, h).values(rows)
            await conn.execute(insert.on_conflict_do_update(
                index_elements=[h.c.part, h.c.instance],
                set_={"beat_at": insert.excluded.beat_at, "ok": insert.excluded.ok,
                      "detail": insert.excluded.detail,
                      "started_at": insert.excluded.started_at},
            ))

    async def forget(self, instance: str) -> None:
        """A process stopping cleanly removes its rows: its parts are not running any more."""
        async with self._engine.begin() as conn:
            await conn.execute(t.heartbeat.delete().where(t.heartbeat.c.instance == instance))

    async def prune(self, before: datetime) -> int:
        """Drop the rows of processes silent since ``before`` (crashed long ago)."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                t.heartbeat.delete().where(t.heartbeat.c.beat_at < before)
            )
        return int(result.rowcount)

    async def all(self) -> list[Heartbeat]:
        h = t.heartbeat
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(h).order_by(h.c.part, h.c.instance))).mappings()
            return [Heartbeat(**dict(row)) for row in rows]


async def read_backlogs(engine: AsyncEngine, now: datetime) -> Backlogs:
    """Counts and ages of the waiting work, for /metrics."""
    e, tm, w, j = t.outbox_event, t.timer, t.webhook_delivery, t.payment_job
    async with engine.connect() as conn:
        outbox = {
            status: (int(n), oldest)
            for status, n, oldest in (await conn.execute(
                select(e.c.status, func.count(), func.min(e.c.created_at))
                .where(e.c.status.in_((_WAITING, _FAILED)))
                .group_by(e.c.status)
            )).all()
        }
        due = (await conn.execute(
            select(func.count(), func.min(tm.c.due_at))
            .where(and_(tm.c.status == _WAITING, tm.c.due_at <= now))
        )).one()
        webhooks: dict[str, int] = dict((await conn.execute(
            select(w.c.status, func.count())
            .where(w.c.status.in_((_WAITING, _FAILED)))
            .group_by(w.c.status)
        )).all())
        retrying = (await conn.execute(
            select(func.count()).where(and_(w.c.status == _WAITING, w.c.attempts > 0))
        )).scalar_one()
        jobs: dict[str, int] = dict((await conn.execute(
            select(j.c.status, func.count())
            .where(j.c.status.in_(_OPEN_PAYMENT_JOBS))
            .group_by(j.c.status)
        )).all())
    pending, oldest = outbox.get(_WAITING, (0, None))
    return Backlogs(
        outbox_pending=pending,
        outbox_failed=outbox.get(_FAILED, (0, None))[0],
        oldest_pending_event_at=oldest,
        timers_due=int(due[0]),
        oldest_due_timer_at=due[1],
        webhook_deliveries={
            "pending": int(webhooks.get(_WAITING, 0)) - int(retrying),
            "retrying": int(retrying),
            "failed": int(webhooks.get(_FAILED, 0)),
        },
        payment_jobs={status: int(jobs.get(status, 0)) for status in _OPEN_PAYMENT_JOBS},
    )

