"""Retention on both databases with an injected clock: what each kind purges and keeps, bounded
batches, a purge while traffic writes, two purgers at once, and ``botgig db stats|purge``."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from botgig import cli
from botgig.retention import format_db_stats, purge_expired, retention_policy, run_retention
from botgig.settings import Settings
from core.accounts.accounts import ensure_chat_account
from core.shared.context import Context
from core.shared.uow import UnitOfWorkFactory
from handlers.state import relay_key
from storage import tables as t
from storage.retention import KINDS, PURGEABLE, RELAY_KEY_PREFIX, RetentionStore
from tests.integration.conftest import T0, FakeClock

OLD = T0 - timedelta(days=400)
NEW = T0 - timedelta(minutes=5)
#: Everything purged that is older than a day; enough to tell old rows from new.
DAY = {kind: timedelta(days=1) for kind in KINDS}


async def _count(engine: AsyncEngine, table: Any, *where: Any) -> int:
    async with engine.connect() as conn:
        return int(
            (await conn.execute(select(func.count()).select_from(table).where(*where)))
            .scalar_one()
        )


async def _insert(engine: AsyncEngine, table: Any, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(table), rows)


async def _account(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> int:
    account, _ = await ensure_chat_account(
        Context(uow=uow_factory, clock=clock), provider="telegram", external_id="7",
        display_name="Alice",
    )
    return account.id


async def _fill_every_kind(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> int:
    """Per kind: old finished rows (purged) and rows that stay (new, pending, permanent)."""
    account_id = await _account(uow_factory, clock)
    await _insert(engine, t.dedup_key, [
        {"key": "telegram:update:1", "created_at": OLD},
        {"key": "form:abc:0", "created_at": OLD},
        {"key": f"welcome:{account_id}", "created_at": OLD},  # kept: shows the welcome once
        {"key": "telegram:update:2", "created_at": NEW},
    ])
    await _insert(engine, t.rate_limit_counter, [
        {"bucket": "api:1", "window_start": OLD, "count": 3},
        {"bucket": "api:1", "window_start": NEW, "count": 1},
    ])
    await _insert(engine, t.conversation_state, [
        {"key": relay_key("telegram", "42", "100"), "state": {"order_id": 1}, "updated_at": OLD},
        {"key": relay_key("telegram", "42", "101"), "state": {"order_id": 1}, "updated_at": NEW},
        {"key": "telegram:42", "state": {"form": None}, "updated_at": OLD},
        {"key": "query:abcdef", "state": {"kind": "offer"}, "updated_at": NEW},
    ])
    await _insert(engine, t.idempotency_record, [
        {"scope": "1", "key_hash": "a" * 64, "fingerprint": "f", "status_code": 200,
         "body": b"{}", "created_at": OLD, "expires_at": OLD + timedelta(days=1)},
        {"scope": "1", "key_hash": "b" * 64, "fingerprint": "f", "status_code": 200,
         "body": b"{}", "created_at": NEW, "expires_at": NEW + timedelta(days=1)},
    ])
    await _insert(engine, t.link_code, [
        {"account_id": account_id, "code_hash": "c" * 64, "platform": "telegram",
         "created_at": OLD, "expires_at": OLD + timedelta(minutes=10), "used_at": OLD},
        {"account_id": account_id, "code_hash": "d" * 64, "platform": "telegram",
         "created_at": NEW, "expires_at": NEW + timedelta(minutes=10), "used_at": None},
    ])
    await _insert(engine, t.email_token, [
        {"account_id": account_id, "email": "a@example.com", "token_hash": "e" * 64,
         "created_at": OLD, "expires_at": OLD + timedelta(hours=48)},
        {"account_id": account_id, "email": "a@example.com", "token_hash": "f" * 64,
         "created_at": NEW, "expires_at": NEW + timedelta(hours=48)},
    ])
    async with engine.begin() as conn:
        endpoint_id = (await conn.execute(
            insert(t.webhook_endpoint).values(
                account_id=account_id, url="https://example.com/hook", events=["*"],
                secret="whsec", enabled=True, created_at=OLD,
            ).returning(t.webhook_endpoint.c.id)
        )).scalar_one()
    await _insert(engine, t.webhook_delivery, [
        {"endpoint_id": endpoint_id, "event_id": f"evt_{status}_{age}", "event_type": "x",
         "payload": {}, "status": status, "attempts": 1, "created_at": when,
         "next_attempt_at": when}
        for status in ("delivered", "failed", "pending")
        for age, when in (("old", OLD), ("new", NEW))
    ])
    await _insert(engine, t.outbox_event, [
        {"event_id": f"ev_{status}_{age}", "type": "OrderCreated", "payload": {},
         "recipients": [], "channels": [], "occurred_at": when, "created_at": when,
         "status": status, "attempts": 0, "next_attempt_at": when}
        for status in ("done", "failed", "pending")
        for age, when in (("old", OLD), ("new", NEW))
    ])
    await _insert(engine, t.outbox_delivery, [
        {"event_id": "ev_done_old", "sink": "telegram", "delivered_at": OLD},
        {"event_id": "ev_pending_old", "sink": "telegram", "delivered_at": OLD},
    ])
    await _insert(engine, t.timer, [
        {"kind": "auto_approve", "subject": "order", "subject_id": 1, "due_at": when,
         "status": status, "created_at": when}
        for status in ("done", "cancelled", "pending", "paused")
        for when in (OLD, NEW)
    ])
    await _insert(engine, t.stripe_event, [
        {"id": "evt_old", "type": "checkout.session.completed", "received_at": OLD},
        {"id": "evt_new", "type": "checkout.session.completed", "received_at": NEW},
    ])
    await _insert(engine, t.account_export, [
        {"account_id": account_id, "status": status, "platform": "telegram",
         "requested_at": when, "ready_at": when, "expires_at": when, "size": 0,
         "archive": None if status == "expired" else b"PK"}
        for status in ("expired", "ready")
        for when in (OLD, NEW)
    ])
    return account_id


async def test_each_kind_purges_its_old_finished_rows_and_keeps_the_rest(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    account_id = await _fill_every_kind(engine, uow_factory, clock)
    store = RetentionStore(engine)
    due = {kind: await store.count_due(kind, before=T0 - timedelta(days=1)) for kind in KINDS}
    assert due == {
        "dedup": 2, "counters": 1, "relay": 1, "chat_state": 1, "idempotency": 1,
        "link_codes": 1, "email_tokens": 1, "webhook_deliveries": 2, "outbox": 2,
        "timers": 2, "processor_events": 1, "exports": 1,
    }

    result = await purge_expired(store, DAY, now=T0, batch=100)

    assert dict(result.purged) == due and not result.failed
    async with engine.connect() as conn:
        dedup = set((await conn.execute(select(t.dedup_key.c.key))).scalars())
        state = set((await conn.execute(select(t.conversation_state.c.key))).scalars())
        deliveries = set((await conn.execute(select(t.webhook_delivery.c.event_id))).scalars())
        events = set((await conn.execute(select(t.outbox_event.c.event_id))).scalars())
        sinks = set((await conn.execute(select(t.outbox_delivery.c.event_id))).scalars())
        timers = (await conn.execute(select(t.timer.c.status, t.timer.c.due_at))).all()
    assert dedup == {f"welcome:{account_id}", "telegram:update:2"}
    assert state == {relay_key("telegram", "42", "101"), "query:abcdef"}
    assert deliveries == {
        "evt_pending_old", "evt_pending_new", "evt_delivered_new", "evt_failed_new"
    }
    assert events == {"ev_pending_old", "ev_pending_new", "ev_done_new", "ev_failed_new"}
    assert sinks == {"ev_pending_old"}  # a purged event takes its sink records with it
    kept = sorted((status, due_at == OLD) for status, due_at in timers)
    assert kept == [("cancelled", False), ("done", False), ("paused", False), ("paused", True),
                    ("pending", False), ("pending", True)]
    for table in (t.rate_limit_counter, t.idempotency_record, t.link_code, t.email_token,
                  t.stripe_event):
        assert await _count(engine, table) == 1, table.name
    async with engine.connect() as conn:
        exports = (await conn.execute(
            select(t.account_export.c.status, t.account_export.c.expires_at)
        )).all()
    # A ready export past its expiry still waits for its timer to drop the archive.
    assert sorted((status, at == OLD) for status, at in exports) == [
        ("expired", False), ("ready", False), ("ready", True)
    ]
    # A second run finds nothing left.
    assert (await purge_expired(store, DAY, now=T0, batch=100)).purged == {}


async def test_a_kind_kept_forever_is_not_touched(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    await _fill_every_kind(engine, uow_factory, clock)
    policy: dict[str, timedelta | None] = {**DAY, "outbox": None, "dedup": None}

    result = await purge_expired(RetentionStore(engine), policy, now=T0, batch=100)

    assert "outbox" not in result.purged and "dedup" not in result.purged
    assert await _count(engine, t.outbox_event) == 6
    assert await _count(engine, t.dedup_key) == 4


async def test_purges_in_bounded_batches(engine: AsyncEngine) -> None:
    await _insert(engine, t.dedup_key, [
        {"key": f"telegram:update:{n}", "created_at": OLD + timedelta(seconds=n)}
        for n in range(25)
    ])
    store = RetentionStore(engine)

    assert await store.purge_batch("dedup", before=T0, limit=10) == 10
    assert await _count(engine, t.dedup_key) == 15
    result = await purge_expired(store, {"dedup": timedelta(hours=1)}, now=T0, batch=10)
    assert result.purged == {"dedup": 15}
    assert await _count(engine, t.dedup_key) == 0


async def test_purge_runs_while_traffic_writes(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    """Small batches with pauses: traffic's own writes (dedup keys of new updates, as each
    Telegram update makes) go through in between, none fails on a lock, none is purged."""
    await _insert(engine, t.dedup_key, [
        {"key": f"telegram:old:{n}", "created_at": OLD} for n in range(600)
    ])

    async def traffic() -> int:
        written = 0
        for n in range(60):
            async with uow_factory() as uow:
                assert await uow.dedup.first_time(f"telegram:new:{n}", T0)
                await uow.commit()
            written += 1
            await asyncio.sleep(0)
        return written

    result, written = await asyncio.gather(
        purge_expired(RetentionStore(engine), {"dedup": timedelta(hours=1)}, now=T0, batch=20,
                      pause=0.001),
        traffic(),
    )

    assert result.purged == {"dedup": 600} and not result.failed
    assert written == 60
    assert await _count(engine, t.dedup_key) == 60
    assert await _count(engine, t.dedup_key, t.dedup_key.c.key.startswith("telegram:new:")) == 60


async def test_two_purgers_at_once_share_the_work(
    engine: AsyncEngine, database_url: str
) -> None:
    """Two processes' jobs, each with its own engine (its own connections): every old row
    goes exactly once between them, and neither fails."""
    from storage.db import create_engine

    await _insert(engine, t.rate_limit_counter, [
        {"bucket": f"api:{n}", "window_start": OLD, "count": 1} for n in range(500)
    ])
    other = create_engine(database_url)
    try:
        policy = {"counters": timedelta(hours=1)}
        first, second = await asyncio.gather(
            purge_expired(RetentionStore(engine), policy, now=T0, batch=25),
            purge_expired(RetentionStore(other), policy, now=T0, batch=25),
        )
    finally:
        await other.dispose()

    assert not first.failed and not second.failed
    assert first.purged.get("counters", 0) + second.purged.get("counters", 0) == 500
    assert await _count(engine, t.rate_limit_counter) == 0


async def test_one_failing_kind_does_not_stop_the_others(engine: AsyncEngine) -> None:
    await _insert(engine, t.stripe_event, [
        {"id": "evt_old", "type": "charge.refunded", "received_at": OLD}
    ])

    class Flaky(RetentionStore):
        async def purge_batch(self, kind: str, *, before: datetime, limit: int) -> int:
            if kind == "dedup":
                raise RuntimeError("database is locked")
            return await super().purge_batch(kind, before=before, limit=limit)

    result = await purge_expired(Flaky(engine), DAY, now=T0, batch=10)

    assert result.failed == ["dedup"]
    assert result.purged == {"processor_events": 1}


async def test_the_job_purges_on_start_and_stops_promptly(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    await _insert(engine, t.dedup_key, [{"key": "telegram:update:1", "created_at": OLD}])
    stop = asyncio.Event()
    job = asyncio.create_task(run_retention(
        RetentionStore(engine), {"dedup": timedelta(hours=1)}, interval=3600, batch=10,
        stop=stop, clock=clock,
    ))
    for _ in range(200):
        if await _count(engine, t.dedup_key) == 0:
            break
        await asyncio.sleep(0.01)
    assert await _count(engine, t.dedup_key) == 0
    stop.set()
    await asyncio.wait_for(job, timeout=5)


def test_the_policy_covers_every_kind_and_zero_keeps_forever() -> None:
    defaults = retention_policy(Settings(_env_file=None))
    assert set(defaults) == {p.kind for p in PURGEABLE}
    assert defaults["dedup"] == timedelta(hours=48)
    assert defaults["counters"] == timedelta(hours=24)
    assert defaults["relay"] == timedelta(days=30)
    assert defaults["idempotency"] == timedelta(days=1)
    assert defaults["webhook_deliveries"] == timedelta(weeks=4)
    assert defaults["outbox"] == timedelta(weeks=2)
    off = retention_policy(Settings(_env_file=None, retention_outbox_weeks=0))
    assert off["outbox"] is None and off["dedup"] == timedelta(hours=48)


def test_relay_keys_are_what_retention_calls_relay_maps() -> None:
    assert relay_key("discord", "1", "2").startswith(RELAY_KEY_PREFIX)


async def test_table_stats_count_every_table(engine: AsyncEngine) -> None:
    await _insert(engine, t.dedup_key, [{"key": "k", "created_at": OLD}])
    stats = {s.name: s for s in await RetentionStore(engine).table_stats()}
    assert set(stats) == {table.name for table in t.metadata.sorted_tables}
    assert stats["dedup_key"].rows == 1 and stats["offer"].rows == 0
    if engine.dialect.name == "postgresql":
        assert stats["dedup_key"].bytes is not None and stats["dedup_key"].bytes > 0
    report = format_db_stats(list(stats.values()), retention_policy(Settings(_env_file=None)),
                             {"dedup": 1})
    assert "dedup_key" in report and "forever" not in report
    assert any(line.split()[:4] == ["dedup", "dedup_key", "2d", "1"]
               for line in report.splitlines())


def _cli_settings(tmp_path: Path) -> dict[str, str]:
    return {
        "BOTGIG_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        "BOTGIG_DATA_DIR": str(tmp_path),
    }


def test_db_stats_and_purge_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in _cli_settings(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BOTGIG_RETENTION_OUTBOX_WEEKS", "0")
    cli.main(["db", "stats"])
    report = capsys.readouterr().out
    assert "account" in report and "ledger_entry" in report
    outbox_line = next(line for line in report.splitlines() if line.startswith("outbox "))
    assert "forever" in outbox_line

    from storage.db import create_engine

    async def old_row() -> None:
        engine = create_engine(_cli_settings(tmp_path)["BOTGIG_DATABASE_URL"])
        try:
            # The command uses the wall clock: a row from long before any test machine's today.
            await _insert(engine, t.dedup_key, [
                {"key": "telegram:update:9", "created_at": datetime(2020, 1, 1, tzinfo=UTC)}
            ])
        finally:
            await engine.dispose()

    asyncio.run(old_row())
    cli.main(["db", "purge"])
    assert "purged 1 dedup" in capsys.readouterr().out
    cli.main(["db", "purge"])
    assert "nothing to purge" in capsys.readouterr().out
