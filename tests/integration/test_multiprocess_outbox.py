"""The outbox shared by several dispatchers, on SQLite and PostgreSQL: each process delivers
its own sinks and the event is done once every configured sink has it; concurrent claims
never overlap; a dead dispatcher's lease is taken over; a slow one leaves the rest of its
batch; ``sink_names`` names exactly the sinks bootstrap builds."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from botgig.bootstrap import bootstrap
from botgig.run import sink_names
from botgig.settings import Settings
from botgig.workers import Dispatcher
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWorkFactory
from storage.db import create_engine
from storage.outbox import DONE, PENDING, OutboxStore
from tests.integration.conftest import T0, FakeClock


class RecordingSink:
    def __init__(self, name: str, received: list[tuple[str, str]]) -> None:
        self.name = name
        self.received = received

    async def deliver(self, event: DomainEvent) -> None:
        self.received.append((self.name, event.id))


async def _publish(uow_factory: UnitOfWorkFactory, count: int) -> list[str]:
    async with uow_factory() as uow:
        events = [
            DomainEvent(type="order.created", payload={"n": n}, recipients=(1,), occurred_at=T0)
            for n in range(count)
        ]
        for event in events:
            uow.publish(event)
        await uow.commit()
    return [e.id for e in events]


async def test_split_sinks_each_deliver_and_the_last_closes_the_event(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ids = await _publish(uow_factory, 3)
    received: list[tuple[str, str]] = []
    outbox = OutboxStore(engine, clock=clock)
    expected = {"webhooks", "telegram"}
    worker = Dispatcher(outbox, [RecordingSink("webhooks", received)], expected=expected)
    bot = Dispatcher(outbox, [RecordingSink("telegram", received)], expected=expected)

    assert await worker.run_once(clock.now()) == 3
    # The worker's part is done, the event is not: it waits for the bot's process.
    assert {(await outbox.get(i)).status for i in ids} == {PENDING}  # type: ignore[union-attr]
    assert await worker.run_once(clock.now()) == 0, "nothing left for the worker's sinks"
    assert await bot.run_once(clock.now()) == 3
    assert {(await outbox.get(i)).status for i in ids} == {DONE}  # type: ignore[union-attr]
    assert Counter(received) == Counter(
        {(sink, i): 1 for sink in ("webhooks", "telegram") for i in ids}
    )


async def test_concurrent_claims_never_return_the_same_event(
    database_url: str, engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ids = await _publish(uow_factory, 60)
    # Two processes: two engines, two connection pools.
    other_engine = create_engine(database_url)
    try:
        stores = [OutboxStore(engine, clock=clock), OutboxStore(other_engine, clock=clock)]
        claims = await asyncio.gather(
            *(store.claim(clock.now(), 20, 60, ("webhooks",)) for store in stores for _ in (1, 2))
        )
    finally:
        await other_engine.dispose()
    claimed = [c.event.id for batch in claims for c in batch]
    assert len(claimed) == len(set(claimed)) == 60
    assert set(claimed) == set(ids)


async def test_a_dead_dispatchers_lease_is_taken_over(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    (event_id,) = await _publish(uow_factory, 1)
    outbox = OutboxStore(engine, clock=clock)
    # A dispatcher claims and dies before delivering anything.
    (held,) = await outbox.claim(clock.now(), 10, 30, ("webhooks",))
    received: list[tuple[str, str]] = []
    survivor = Dispatcher(outbox, [RecordingSink("webhooks", received)], lease_seconds=30)
    assert await survivor.run_once(clock.now() + timedelta(seconds=29)) == 0
    assert await survivor.run_once(held.lease_until) == 1
    assert received == [("webhooks", event_id)]
    record = await outbox.get(event_id)
    assert record is not None and record.status == DONE and record.locked_until is None


async def test_a_dispatcher_near_the_end_of_its_lease_leaves_the_rest(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ids = await _publish(uow_factory, 5)
    ticks = iter([0.0, 1.0, 2.0, 9.0, 9.5, 10.0])  # seconds on the dispatcher's own clock
    received: list[tuple[str, str]] = []
    outbox = OutboxStore(engine, clock=clock)
    slow = Dispatcher(
        outbox, [RecordingSink("webhooks", received)], lease_seconds=10,
        monotonic=lambda: next(ticks),
    )
    assert await slow.run_once(clock.now()) == 2
    assert [i for _, i in received] == ids[:2]
    later = Dispatcher(outbox, [RecordingSink("webhooks", received)])
    # The rest stay leased to the slow one until its lease ends, then go to another.
    assert await later.run_once(clock.now() + timedelta(seconds=10)) == 3
    assert sorted(i for _, i in received) == sorted(ids)


async def test_sink_names_are_the_sinks_bootstrap_builds(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'b.db'}",
        data_dir=tmp_path,
        telegram_token=SecretStr("123456:TEST-token"),
        telegram_admin_chat_id=-100_1,
        discord_token=SecretStr("discord-token"),
        discord_admin_channel_id=42,
    )
    container = bootstrap(settings)
    fronts = [container.telegram(), container.discord()]
    try:
        assert {s.name for s in container.sinks} == sink_names(settings)
    finally:
        for front in fronts:
            await front.close()
        await container.close()
    assert sink_names(Settings(_env_file=None, data_dir=tmp_path, sandbox=False)) == {"webhooks"}
    # Out of the box (SQLite, no chat token) the sandbox's sinks are expected too.
    assert sink_names(Settings(_env_file=None, data_dir=tmp_path)) == {
        "webhooks", "sandbox", "sandbox-admin"
    }


async def test_the_sandbox_sinks_are_the_ones_sink_names_expects(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'b.db'}",
        data_dir=tmp_path,
    )
    container = bootstrap(settings)
    try:
        container.sandbox()
        assert {s.name for s in container.sinks} == sink_names(settings)
    finally:
        await container.close()
