"""The admin channel's storage on SQLite and PostgreSQL: the reports and verification
queues, an actor's audit trail, the pilot analytics' facts (the same figures as on the
in-memory store), a claim race with exactly one winner, the unclaimed-case timer row, and
``botgig stats`` on a real database file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from botgig.commands import seed_demo, show_stats
from botgig.settings import Settings
from core.accounts import accounts
from core.accounts.model import VerificationStatus
from core.listings import offers
from core.moderation import reports as moderation
from core.moderation.admin import close_report, list_reports
from core.moderation.model import AuditEntry
from core.moderation.stats import pilot_stats
from core.orders import disputes, orders
from core.orders.model import DisputeStatus, TimerKind, TimerStatus
from core.orders.timers import run_due_timers
from core.shared.context import Context
from core.shared.errors import Conflict
from storage.uow import make_uow_factory
from tests.admin.conftest import draft, make_moderator, person
from tests.admin.test_stats import seed
from tests.fakes import FakeClock as StepClock
from tests.fakes import FakeStore

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def step_clock() -> StepClock:
    return StepClock(T0)


@pytest.fixture
def sql_ctx(engine: AsyncEngine, step_clock: StepClock) -> Context:
    return Context(uow=make_uow_factory(engine, step_clock), clock=step_clock)


async def test_reports_verifications_and_audit_queries(sql_ctx: Context) -> None:
    ctx = sql_ctx
    alice, bob = await person(ctx, "1", "Alice"), await person(ctx, "2", "Bob")
    mod = await make_moderator(ctx, await person(ctx, "3", "Mod"))
    first = await moderation.report(ctx, reporter_id=alice.id, subject=f"account:{bob.id}",
                                    reason="Asks for my password")
    second = await moderation.report(ctx, reporter_id=bob.id, subject=f"account:{alice.id}",
                                     reason="Rude in every message")
    assert [r.id for r in await list_reports(ctx, moderator_id=mod.id)] == [first.id, second.id]
    await close_report(ctx, moderator_id=mod.id, report_id=first.id, note="warned")
    assert [r.id for r in await list_reports(ctx, moderator_id=mod.id)] == [second.id]
    with pytest.raises(Conflict):
        await close_report(ctx, moderator_id=mod.id, report_id=first.id)

    await accounts.request_verification(ctx, account_id=bob.id)
    await accounts.request_verification(ctx, account_id=alice.id)
    async with ctx.uow() as uow:
        waiting = await uow.admin.pending_verifications()
        assert [a.id for a in waiting] == [alice.id, bob.id]
        assert all(a.verification is VerificationStatus.PENDING for a in waiting)
        for n in range(3):
            await uow.audit.add(AuditEntry(id=0, actor_id=mod.id, action=f"act{n}",
                                           subject="account:1", created_at=T0))
        await uow.commit()
        trail = await uow.admin.audit_by_actor(mod.id, limit=2)
    assert [e.action for e in trail] == ["act1", "act2"]  # the latest two, oldest first


async def test_pilot_facts_give_the_same_figures_as_the_in_memory_store(
    sql_ctx: Context, step_clock: StepClock
) -> None:
    await seed(sql_ctx, step_clock)
    on_sql = await pilot_stats(sql_ctx, days=7)

    store, memory_clock = FakeStore(), StepClock(T0)
    memory_ctx = Context(uow=store, clock=memory_clock)
    await seed(memory_ctx, memory_clock)
    assert on_sql == await pilot_stats(memory_ctx, days=7)
    assert on_sql.first_proposal_median == timedelta(hours=3)
    assert (on_sql.requests, on_sql.orders, on_sql.repeat_hires) == (3, 3, 2)


async def test_two_moderators_claim_at_the_same_instant_and_one_wins(sql_ctx: Context) -> None:
    ctx = sql_ctx
    buyer, seller = await person(ctx, "1", "Alice"), await person(ctx, "2", "Bob")
    mods = [await make_moderator(ctx, await person(ctx, str(10 + i), f"Mod {i}"))
            for i in range(2)]
    offer = await offers.publish_offer(ctx, seller_id=seller.id, draft=draft())
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    dispute = await disputes.open_dispute(ctx, actor_id=buyer.id, order_id=order.id,
                                          reason="Nothing was delivered at all.")
    results = await asyncio.gather(
        *(disputes.claim_dispute(ctx, moderator_id=m.id, dispute_id=dispute.id) for m in mods),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1 and len(lost) == 1 and isinstance(lost[0], Conflict)
    assert won[0].status is DisputeStatus.CLAIMED and won[0].claimed_by in {m.id for m in mods}
    async with ctx.uow() as uow:
        claims = [e for e in await uow.audit.for_subject(f"order:{order.id}")
                  if e.action == "claim"]
    assert len(claims) == 1


async def test_the_unclaimed_reminder_is_a_timer_row_that_re_arms(
    sql_ctx: Context, step_clock: StepClock
) -> None:
    ctx = sql_ctx
    buyer, seller = await person(ctx, "1", "Alice"), await person(ctx, "2", "Bob")
    mod = await make_moderator(ctx, await person(ctx, "3", "Mod"))
    offer = await offers.publish_offer(ctx, seller_id=seller.id, draft=draft())
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    dispute = await disputes.open_dispute(ctx, actor_id=buyer.id, order_id=order.id,
                                          reason="Nothing was delivered at all.")

    async def reminders() -> list[TimerStatus]:
        async with ctx.uow() as uow:
            return [t.status for t in await uow.timers.for_subject("dispute", dispute.id)
                    if t.kind is TimerKind.DISPUTE_UNCLAIMED]

    assert await reminders() == [TimerStatus.PENDING]
    step_clock.advance(ctx.rules.dispute_repost_after + timedelta(seconds=1))
    assert (await run_due_timers(ctx)).fired == 1
    assert await reminders() == [TimerStatus.DONE, TimerStatus.PENDING]
    await disputes.claim_dispute(ctx, moderator_id=mod.id, dispute_id=dispute.id)
    step_clock.advance(ctx.rules.dispute_repost_after + timedelta(seconds=1))
    run = await run_due_timers(ctx)
    assert (run.fired, run.stale) == (0, 1)
    assert await reminders() == [TimerStatus.DONE, TimerStatus.CANCELLED]


async def test_botgig_stats_prints_the_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
    )
    await seed_demo(settings)
    capsys.readouterr()
    await show_stats(settings, 7)
    out = capsys.readouterr().out
    assert "Pilot, last 7 days" in out and "Requests posted: 10" in out
    with pytest.raises(SystemExit, match="days"):
        await show_stats(settings, 0)
