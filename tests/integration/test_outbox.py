"""The outbox: events land with the commit (never with a rollback), and the dispatcher's
claim/lease/retry/done cycle, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWorkFactory
from storage.outbox import DONE, FAILED, PENDING, OutboxStore
from tests.integration import builders as b
from tests.integration.conftest import T0, FakeClock


def event(n: int = 1, **kw: object) -> DomainEvent:
    fields: dict[str, object] = {
        "type": "order.delivered", "payload": {"order_id": n, "title": "Ünïcode ✓", "n": None},
        "recipients": (1, 2), "channels": ("admin",), "occurred_at": T0,
    }
    return DomainEvent(**(fields | kw))  # type: ignore[arg-type]


@pytest.fixture
def outbox(engine: AsyncEngine, clock: FakeClock) -> OutboxStore:
    return OutboxStore(engine, clock=clock, jitter=lambda: 1.0)


async def test_events_are_written_on_commit_only(
    uow_factory: UnitOfWorkFactory, outbox: OutboxStore
) -> None:
    kept, dropped, failed = event(1), event(2), event(3)
    async with uow_factory() as uow:
        await b.add_accounts(uow, T0, "Ada")
        uow.publish(kept)
        await uow.commit()
    async with uow_factory() as uow:
        await b.add_accounts(uow, T0, "Rolled back")
        uow.publish(dropped)
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            uow.publish(failed)
            raise RuntimeError("boom")
    async with uow_factory() as uow:  # an event alone, no other change, is written too
        uow.publish(event(4))
        await uow.commit()

    claimed = await outbox.claim(T0, limit=10)
    assert [c.event for c in claimed] == [kept, event(4, id=claimed[1].event.id)]
    assert claimed[0].event.recipients == (1, 2) and claimed[0].event.occurred_at == T0
    assert claimed[0].delivered_sinks == frozenset() and claimed[0].attempts == 0
    assert await outbox.get(dropped.id) is None
    assert await outbox.get(failed.id) is None


async def test_claim_leases_and_skips_future_events(
    uow_factory: UnitOfWorkFactory, outbox: OutboxStore
) -> None:
    later = event(9, occurred_at=T0 + timedelta(minutes=1))
    async with uow_factory() as uow:
        for n in range(3):
            uow.publish(event(n))
        uow.publish(later)
        await uow.commit()

    first = await outbox.claim(T0, limit=2, lease_seconds=30)
    assert len(first) == 2 and first[0].lease_until == T0 + timedelta(seconds=30)
    second = await outbox.claim(T0, limit=10, lease_seconds=30)
    assert len(second) == 1  # the leased two are skipped; "later" is not due yet
    assert {c.event.id for c in first}.isdisjoint({c.event.id for c in second})
    # A dispatcher that died: its lease runs out and the events come back.
    again = await outbox.claim(T0 + timedelta(seconds=31), limit=10)
    assert {c.event.id for c in again} == {c.event.id for c in first + second}
    assert later.id not in {c.event.id for c in again}


async def test_concurrent_claims_never_share_an_event(
    uow_factory: UnitOfWorkFactory, outbox: OutboxStore
) -> None:
    async with uow_factory() as uow:
        for n in range(30):
            uow.publish(event(n))
        await uow.commit()
    results = await asyncio.gather(*(outbox.claim(T0, limit=7) for _ in range(6)))
    ids = [c.event.id for batch in results for c in batch]
    assert len(ids) == 30 and len(set(ids)) == 30


async def test_sinks_retry_backoff_and_done(
    uow_factory: UnitOfWorkFactory, outbox: OutboxStore
) -> None:
    e = event(1)
    async with uow_factory() as uow:
        uow.publish(e)
        await uow.commit()

    (first_try,) = await outbox.claim(T0, sinks=("telegram", "webhook:1"))
    assert first_try.event == e and first_try.attempts == 0
    await outbox.mark_sink_delivered(e.id, "telegram", T0)
    await outbox.mark_sink_delivered(e.id, "telegram", T0)  # idempotent
    retry_at = await outbox.mark_retry(e.id, T0, "webhook:1 answered 500")
    assert retry_at == T0 + timedelta(seconds=5)  # base delay, jitter pinned to the top
    record = await outbox.get(e.id)
    assert record is not None
    assert (record.status, record.attempts, record.locked_until) == (PENDING, 1, None)
    assert record.last_error == "webhook:1 answered 500"
    assert record.delivered_sinks == frozenset({"telegram"})

    assert await outbox.claim(T0 + timedelta(seconds=4)) == []
    (again,) = await outbox.claim(retry_at, sinks=("telegram", "webhook:1"))
    assert again.delivered_sinks == frozenset({"telegram"}) and again.attempts == 1
    assert await outbox.mark_retry(e.id, retry_at, "again") == retry_at + timedelta(seconds=10)

    # A dispatcher for the telegram sink alone has nothing left to do with it.
    assert await outbox.claim(T0 + timedelta(hours=1), sinks=("telegram",)) == []

    await outbox.mark_sink_delivered(e.id, "webhook:1", T0)
    await outbox.mark_done(e.id, T0)
    assert await outbox.claim(T0 + timedelta(days=1)) == []
    assert await outbox.counts() == {DONE: 1}


async def test_retry_gives_up_after_a_day(
    uow_factory: UnitOfWorkFactory, outbox: OutboxStore
) -> None:
    e = event(1)
    async with uow_factory() as uow:
        uow.publish(e)
        await uow.commit()
    assert await outbox.mark_retry(e.id, T0 + timedelta(hours=23), "down") is not None
    assert await outbox.mark_retry(e.id, T0 + timedelta(hours=24), "still down") is None
    record = await outbox.get(e.id)
    assert record is not None and record.status == FAILED and record.attempts == 2
    assert await outbox.claim(T0 + timedelta(days=2)) == []
    assert await outbox.mark_retry("unknown", T0, "x") is None


def test_backoff_grows_exponentially_with_jitter(engine: AsyncEngine) -> None:
    low = OutboxStore(engine, jitter=lambda: 0.0)
    high = OutboxStore(engine, jitter=lambda: 1.0)
    assert [high.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert low.backoff(3).total_seconds() == 10  # jitter keeps at least half the delay
    assert high.backoff(1000) == timedelta(hours=1)
