"""The data export's reader and background exports on SQLite and PostgreSQL: the same story
as the service tests, read back by SQL, in a fixed number of queries whatever the size."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts import closing
from core.accounts.accounts import ensure_chat_account
from core.accounts.export import EXPORT_READY, get_export, request_export
from core.accounts.export_model import AccountExport, ExportRules, ExportStatus
from core.orders import orders
from core.orders.model import PaymentMode
from core.orders.timers import run_due_timers
from core.shared.context import Context
from core.shared.ledger import TxType
from core.shared.uow import UnitOfWorkFactory
from storage import tables
from storage.outbox import event_from_row
from tests.integration.conftest import FakeClock
from tests.unit.builders import FakeEscrow, deal, publish
from tests.unit.test_export import Files, busy_seller


@pytest.fixture
def ctx(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> Context:
    return Context(
        uow=uow_factory,
        clock=clock,
        files=Files({"file:order-1/small.txt": b"hello"}),
        export=ExportRules(max_file_bytes=1000),
    )


def unzip(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: json.loads(archive.read(n)) for n in archive.namelist() if n.endswith(".json")}


async def test_the_reader_loads_every_section(ctx: Context, clock: FakeClock) -> None:
    story = await busy_seller(ctx, clock)  # type: ignore[arg-type]
    d = story["deal"]
    async with ctx.uow() as uow:
        records = await uow.export_reader.load(d.seller.id)
        size = await uow.export_reader.size(d.seller.id)
        assert await uow.export_reader.load(10_000) is None
    assert records is not None
    assert size.orders == 1 and size.messages == 2
    assert [o.id for o in records.orders] == [d.order.id]
    assert [i.external_id for i in records.identities] == ["tg-seller"]
    assert len(records.api_keys) == 1 and len(records.webhooks) == 1
    assert len(records.offers) == 1 and len(records.requests) == 1
    # The seller's own request with the stranger's proposal on it.
    assert [p.seller_id for p in records.proposals] == [d.stranger.id]
    assert len(records.messages) == 2 and len(records.deliveries) == 1
    assert [e.action for e in records.order_events][:2] == ["create", "deliver"]
    assert [(r.author_id, r.revealed_at) for r in records.reviews] == [(d.buyer.id, None)]
    assert records.credits_balance == sum(
        t.delta_for(f"user:{d.seller.id}") for t in records.credit_transactions
    )
    assert {t.type.value for t in records.credit_transactions} >= {"welcome_grant"}
    assert any(e.action == "warn" for e in records.audit)
    assert set(records.people) >= {d.buyer.id, d.stranger.id, d.mod.id}
    assert [p.charge_id for p in records.stars_payments] == ["stxExportCharge1"]
    assert records.deposit_address is not None and records.deposit_address.account_id == d.seller.id
    assert records.proofer is not None and records.proofer.enabled
    assert records.deposits == [] and records.proof_assignments == []
    archive = await request_export(ctx, account_id=d.seller.id, platform="api")
    assert archive.archive is not None
    files = unzip(archive.archive.data)
    assert files["orders.json"][0]["messages"][0]["attachment"]["path"].endswith("small.txt")
    assert files["reviews.json"]["received"] == []


async def _statements(engine: AsyncEngine, ctx: Context, account_id: int) -> int:
    count = 0

    def counted(*_: Any) -> None:
        nonlocal count
        count += 1

    event.listen(engine.sync_engine, "before_cursor_execute", counted)
    try:
        async with ctx.uow() as uow:
            assert await uow.export_reader.load(account_id) is not None
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", counted)
    return count


async def test_the_reader_runs_the_same_queries_for_one_order_or_many(
    ctx: Context, clock: FakeClock, engine: AsyncEngine
) -> None:
    story = await busy_seller(ctx, clock)  # type: ignore[arg-type]
    d = story["deal"]
    one = await _statements(engine, ctx, d.buyer.id)
    offer = await publish(ctx, d.seller, title="Another tracking job")
    for _ in range(4):
        order = await orders.order_offer(ctx, buyer_id=d.buyer.id, offer_id=offer.id)
        await orders.send_message(ctx, actor_id=d.buyer.id, order_id=order.id, text="Hi there")
        await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=order.id, note="Done")
    assert await _statements(engine, ctx, d.buyer.id) == one


async def test_a_background_export_is_stored_notified_and_expired(
    ctx: Context, clock: FakeClock, engine: AsyncEngine
) -> None:
    ctx = replace(ctx, export=ExportRules(background_orders=0, keep=timedelta(days=1)))
    story = await busy_seller(ctx, clock)  # type: ignore[arg-type]
    d = story["deal"]
    outcome = await request_export(ctx, account_id=d.seller.id, platform="telegram")
    assert outcome.pending is not None
    export_id = outcome.pending.id
    again = await request_export(ctx, account_id=d.seller.id, platform="discord")
    assert again.pending is not None and again.pending.id == export_id
    await run_due_timers(ctx)
    ready = await get_export(ctx, account_id=d.seller.id, export_id=export_id)
    assert ready.status is ExportStatus.READY and ready.archive is not None
    assert unzip(ready.archive)["manifest.json"]["account_id"] == d.seller.id
    async with engine.connect() as conn:
        rows = (await conn.execute(select(tables.outbox_event))).mappings().all()
    notices = [e for e in map(event_from_row, rows) if e.type == EXPORT_READY]
    assert [n.payload["export_id"] for n in notices] == [export_id]
    clock.advance(days=1, seconds=1)
    await run_due_timers(ctx)
    async with ctx.uow() as uow:
        stored = await uow.exports.get(export_id)
    assert stored == AccountExport(
        id=export_id, account_id=d.seller.id, status=ExportStatus.EXPIRED, platform="telegram",
        requested_at=ready.requested_at, ready_at=ready.ready_at, expires_at=ready.expires_at,
        size=ready.size, archive=None,
    )


async def test_the_money_lines_of_an_escrow_order_are_read(ctx: Context) -> None:
    ectx = replace(ctx, escrow=FakeEscrow())
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    async with ectx.uow() as uow:
        buyer = await uow.export_reader.load(d.buyer.id)
        seller = await uow.export_reader.load(d.seller.id)
        stranger = await uow.export_reader.load(d.stranger.id)
    assert buyer is not None and seller is not None and stranger is not None
    for records in (buyer, seller):
        [fund] = [t for t in records.money_transactions if t.type is TxType.ESCROW_FUND]
        assert fund.delta_for(f"escrow:{d.order.id}") == d.order.price_cents
    assert stranger.money_transactions == []


async def test_closing_an_account_deletes_its_exports(ctx: Context, clock: FakeClock) -> None:
    """An export is a copy of everything about the account: it goes with the account."""
    account, _ = await ensure_chat_account(
        ctx, provider="telegram", external_id="4242", display_name="Leaving Person"
    )
    now = clock.now()
    async with ctx.uow() as uow:
        ready = await uow.exports.add(AccountExport(
            id=0, account_id=account.id, status=ExportStatus.READY, platform="telegram",
            requested_at=now, ready_at=now, expires_at=now + timedelta(days=7), size=3,
            archive=b"PK\x03",
        ))
        await uow.commit()

    await closing.delete_account(ctx, account_id=account.id)

    async with ctx.uow() as uow:
        assert await uow.exports.get(ready.id) is None
