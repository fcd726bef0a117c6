"""Heartbeats and backlogs on real storage (SQLite and PostgreSQL), and how readiness
judges them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from botgig.observability import judge
from core.shared.events import DomainEvent
from storage import tables as t
from storage.monitoring import HeartbeatStore, read_backlogs
from storage.outbox import outbox_row
from tests.integration.conftest import T0

STALE = timedelta(seconds=30)


async def test_heartbeats_from_two_processes_judge_each_part(engine: AsyncEngine) -> None:
    store = HeartbeatStore(engine)
    await store.beat([("scheduler", True, "last turn 1 s ago"), ("telegram", True, "ok")],
                     instance="host-a:1", started_at=T0, now=T0)
    await store.beat([("scheduler", True, "last turn 0 s ago")],
                     instance="host-b:2", started_at=T0, now=T0 + timedelta(seconds=5))
    # A beat again updates the row instead of adding one.
    await store.beat([("telegram", False, "the API has not answered for 70 s (ClientError)")],
                     instance="host-a:1", started_at=T0, now=T0 + timedelta(seconds=10))
    beats = await store.all()
    assert len(beats) == 3

    now = T0 + timedelta(seconds=20)
    parts = {p.name: p for p in judge(["scheduler", "telegram", "discord"], beats, now, STALE)}
    assert parts["scheduler"].ok and parts["scheduler"].instances == 2
    assert not parts["telegram"].ok and "has not answered" in parts["telegram"].detail
    assert not parts["discord"].ok and "no process" in parts["discord"].detail

    # host-b stops cleanly; host-a goes silent: a minute later the scheduler is down.
    await store.forget("host-b:2")
    later = T0 + timedelta(minutes=1)
    parts = {p.name: p for p in judge(["scheduler"], await store.all(), later, STALE)}
    assert not parts["scheduler"].ok
    assert parts["scheduler"].detail == "no heartbeat for 60 s"
    assert await store.prune(T0 + timedelta(seconds=5)) == 1
    assert {b.part for b in await store.all()} == {"telegram"}


async def test_backlogs_count_waiting_work_and_its_age(engine: AsyncEngine) -> None:
    events = [DomainEvent(type="order.delivered", payload={}, recipients=(1,)) for _ in range(3)]
    async with engine.begin() as conn:
        await conn.execute(insert(t.outbox_event), [
            outbox_row(events[0], T0 - timedelta(seconds=90)),
            outbox_row(events[1], T0 - timedelta(seconds=10)),
            outbox_row(events[2], T0 - timedelta(seconds=5)) | {"status": "done"},
        ])
        await conn.execute(insert(t.timer), [
            {"kind": "auto_approve", "subject": "order", "subject_id": 1, "status": "pending",
             "due_at": T0 - timedelta(seconds=40), "created_at": T0 - timedelta(days=1)},
            {"kind": "auto_approve", "subject": "order", "subject_id": 2, "status": "pending",
             "due_at": T0 + timedelta(hours=1), "created_at": T0 - timedelta(days=1)},
            {"kind": "auto_approve", "subject": "order", "subject_id": 3, "status": "paused",
             "due_at": T0 - timedelta(hours=1), "created_at": T0 - timedelta(days=1)},
        ])
    backlogs = await read_backlogs(engine, T0)
    assert backlogs.outbox_pending == 2 and backlogs.outbox_failed == 0
    assert backlogs.oldest_pending_event_at == T0 - timedelta(seconds=90)
    assert backlogs.timers_due == 1
    assert backlogs.oldest_due_timer_at == T0 - timedelta(seconds=40)
    assert backlogs.webhook_deliveries == {"pending": 0, "retrying": 0, "failed": 0}
    assert backlogs.payment_jobs["pending"] == 0
