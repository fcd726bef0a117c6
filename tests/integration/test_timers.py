"""Timers as rows: pause/resume keep the time left; claim_due hands each due timer to one
scheduler; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from core.orders.model import Timer, TimerKind, TimerStatus
from core.shared.uow import UnitOfWorkFactory
from tests.integration.conftest import T0


def timer(due_at: datetime, kind: TimerKind = TimerKind.AUTO_APPROVE, subject_id: int = 1,
          subject: str = "order", **kw: object) -> Timer:
    return Timer(id=0, kind=kind, subject=subject, subject_id=subject_id, due_at=due_at,
                 status=TimerStatus.PENDING, created_at=T0, **kw)  # type: ignore[arg-type]


async def test_add_for_subject_cancel(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        approve = await uow.timers.add(timer(T0 + timedelta(days=3), for_status="delivered"))
        remind = await uow.timers.add(timer(T0 + timedelta(days=2), TimerKind.REMINDER_BUYER))
        other = await uow.timers.add(timer(T0, subject_id=2))
        expiry = await uow.timers.add(timer(T0, TimerKind.OFFER_EXPIRY, subject="offer"))
        await uow.commit()
    assert approve.id and approve.for_status == "delivered"

    async with uow_factory() as uow:
        assert await uow.timers.for_subject("order", 1) == [approve, remind]
        await uow.timers.cancel("order", 1, [TimerKind.REMINDER_BUYER])
        statuses = {t.kind: t.status for t in await uow.timers.for_subject("order", 1)}
        assert statuses == {TimerKind.REMINDER_BUYER: TimerStatus.CANCELLED,
                            TimerKind.AUTO_APPROVE: TimerStatus.PENDING}
        await uow.timers.cancel("order", 1)
        assert {t.status for t in await uow.timers.for_subject("order", 1)} == {
            TimerStatus.CANCELLED}
        assert (await uow.timers.for_subject("order", 2)) == [other]
        assert (await uow.timers.for_subject("offer", 1)) == [expiry]
        await uow.commit()


async def test_pause_and_resume_keep_the_time_left(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        approve = await uow.timers.add(timer(T0 + timedelta(hours=10)))
        overdue = await uow.timers.add(timer(T0 - timedelta(hours=1), TimerKind.REMINDER_BUYER))
        done = await uow.timers.add(timer(T0, TimerKind.RELEASE))
        await uow.timers.mark(done.id, TimerStatus.DONE, T0)
        await uow.timers.pause("order", 1, T0 + timedelta(hours=4))
        await uow.commit()

    async with uow_factory() as uow:
        by_id = {t.id: t for t in await uow.timers.for_subject("order", 1)}
        assert by_id[approve.id].status is TimerStatus.PAUSED
        assert by_id[approve.id].remaining_seconds == 6 * 3600
        assert by_id[overdue.id].remaining_seconds == 0
        assert by_id[done.id].status is TimerStatus.DONE and by_id[done.id].fired_at == T0
        # Paused timers are never due.
        assert await uow.timers.claim_due(T0 + timedelta(days=30), 10) == []
        resumed_at = T0 + timedelta(days=2)
        await uow.timers.resume("order", 1, resumed_at)
        await uow.commit()

    async with uow_factory() as uow:
        by_id = {t.id: t for t in await uow.timers.for_subject("order", 1)}
        assert by_id[approve.id].status is TimerStatus.PENDING
        assert by_id[approve.id].due_at == resumed_at + timedelta(hours=6)
        assert by_id[approve.id].remaining_seconds is None
        assert by_id[overdue.id].due_at == resumed_at
        assert by_id[done.id].status is TimerStatus.DONE


async def test_claim_due_mark_and_reschedule(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        first = await uow.timers.add(timer(T0 - timedelta(minutes=2)))
        second = await uow.timers.add(timer(T0 - timedelta(minutes=1), subject_id=2))
        third = await uow.timers.add(timer(T0, subject_id=3))
        fourth = await uow.timers.add(timer(T0 + timedelta(seconds=1), subject_id=4))
        await uow.commit()

    async with uow_factory() as uow:
        due = await uow.timers.claim_due(T0, 2)
        assert [t.id for t in due] == [first.id, second.id]
        await uow.timers.mark(first.id, TimerStatus.DONE, T0)
        await uow.timers.reschedule(second.id, T0 + timedelta(minutes=5))
        await uow.commit()

    async with uow_factory() as uow:
        assert [t.id for t in await uow.timers.claim_due(T0, 10)] == [third.id]
        await uow.timers.reschedule(first.id, T0)  # a done timer is not moved
        assert [t.id for t in await uow.timers.claim_due(T0 + timedelta(minutes=5), 10)] == [
            third.id, fourth.id, second.id]


async def test_two_schedulers_never_get_the_same_timer(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        for i in range(10):
            await uow.timers.add(timer(T0 - timedelta(seconds=i), subject_id=i))
        await uow.commit()

    async def scheduler() -> list[int]:
        fired: list[int] = []
        while True:
            async with uow_factory() as uow:
                batch = await uow.timers.claim_due(T0, 3)
                if not batch:
                    return fired
                await asyncio.sleep(0.01)  # "handling" while holding the claim
                for t in batch:
                    await uow.timers.mark(t.id, TimerStatus.DONE, T0)
                    fired.append(t.id)
                await uow.commit()

    results = await asyncio.gather(scheduler(), scheduler(), scheduler())
    everything = [i for r in results for i in r]
    assert len(everything) == 10 and len(set(everything)) == 10
