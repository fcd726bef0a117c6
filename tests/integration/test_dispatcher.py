"""The outbox dispatcher over real storage: every sink gets each event at least once, a
failing sink is retried with backoff without repeating the sinks that succeeded."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from botgig.workers import Dispatcher
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWorkFactory
from storage.outbox import DONE, PENDING, OutboxStore
from tests.integration.conftest import T0, FakeClock


class RecordingSink:
    def __init__(self, name: str, failures: int = 0) -> None:
        self.name = name
        self.failures = failures
        self.received: list[str] = []

    async def deliver(self, event: DomainEvent) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError(f"{self.name} is down")
        self.received.append(event.id)


async def test_each_sink_gets_each_event_and_failures_are_retried(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    async with uow_factory() as uow:
        for n in range(3):
            uow.publish(DomainEvent(type="order.created", payload={"order_id": n},
                                    recipients=(1,), occurred_at=T0))
        await uow.commit()
    outbox = OutboxStore(engine, clock=clock, jitter=lambda: 1.0)
    steady, flaky = RecordingSink("steady"), RecordingSink("flaky", failures=2)
    dispatcher = Dispatcher(outbox, [steady, flaky])

    assert await dispatcher.run_once(clock.now()) == 3
    assert len(steady.received) == 3 and len(flaky.received) == 1
    # Retried later, not now: backoff.
    assert await dispatcher.run_once(clock.now()) == 0
    for _ in range(5):
        clock.advance(minutes=10)
        await dispatcher.run_once(clock.now())
    assert sorted(flaky.received) == sorted(steady.received)
    assert len(steady.received) == 3, "a sink that succeeded is not repeated"
    records = [await outbox.get(event_id) for event_id in steady.received]
    assert all(r is not None and r.status == DONE for r in records)
    assert all(r is not None and r.status != PENDING for r in records)


async def test_no_sinks_leaves_events_pending(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    async with uow_factory() as uow:
        event = DomainEvent(type="order.created", payload={}, occurred_at=T0)
        uow.publish(event)
        await uow.commit()
    outbox = OutboxStore(engine, clock=clock)
    assert await Dispatcher(outbox, []).run_once(clock.now() + timedelta(seconds=1)) == 0
    record = await outbox.get(event.id)
    assert record is not None and record.status == PENDING
