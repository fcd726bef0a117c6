"""Orders (optimistic locking, timeline, messages, deliveries), reviews, disputes and the
audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from core.accounts.model import Authorship
from core.moderation.model import AuditEntry
from core.orders.model import (
    Attachment,
    Delivery,
    Dispute,
    DisputeStatus,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Provenance,
    Review,
    Ruling,
)
from core.shared.errors import ConcurrentUpdate, Conflict
from core.shared.uow import UnitOfWorkFactory
from tests.integration import builders as b
from tests.integration.conftest import T0


async def _parties(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    async with uow_factory() as uow:
        buyer, seller = await b.add_accounts(uow, T0, "Buyer", "Seller")
        await uow.commit()
    return buyer.id, seller.id


async def test_order_round_trip_and_optimistic_lock(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        request = await uow.requests.add(b.request(T0, buyer))
        order = await uow.orders.add(b.order(T0, buyer, seller, request_id=request.id,
                                             resume_status=OrderStatus.DELIVERED,
                                             cancel_requested_by=buyer, requires_signoff=True))
        await uow.commit()
    assert order.version == 0

    async with uow_factory() as uow:
        assert await uow.orders.get(order.id) == order
        assert await uow.orders.by_request(request.id) == order
        assert await uow.orders.by_request(404) is None
        mine = await uow.orders.get(order.id)
        assert mine is not None
        mine.status = OrderStatus.DELIVERED
        mine.delivered_at = T0 + timedelta(days=1)
        await uow.orders.update(mine)
        assert mine.version == 1
        mine.revisions_used = 1
        await uow.orders.update(mine)  # a second change in the same unit of work
        assert mine.version == 2
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.orders.get(order.id) == mine
        stale = replace(mine, version=1, title="lost update")
        with pytest.raises(ConcurrentUpdate):
            await uow.orders.update(stale)


async def test_concurrent_order_updates_lose_nothing(uow_factory: UnitOfWorkFactory) -> None:
    """PostgreSQL: both read version 0, one update wins, the other gets ConcurrentUpdate.
    SQLite: BEGIN IMMEDIATE runs the two one after the other, so both apply in turn."""
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        order = await uow.orders.add(b.order(T0, buyer, seller))
        await uow.commit()

    async def change(title: str) -> str:
        async with uow_factory() as uow:
            mine = await uow.orders.get(order.id)
            assert mine is not None
            await asyncio.sleep(0.05)  # both have read version 0 by now (PostgreSQL)
            mine.title = title
            await uow.orders.update(mine)
            await uow.commit()
            return title

    results = await asyncio.gather(change("a"), change("b"), return_exceptions=True)
    winners = [r for r in results if isinstance(r, str)]
    assert all(isinstance(r, ConcurrentUpdate) for r in results if not isinstance(r, str))
    async with uow_factory() as uow:
        final = await uow.orders.get(order.id)
    assert final is not None and final.title in winners and final.version == len(winners)
    if uow.dialect == "postgresql":  # type: ignore[attr-defined]
        assert len(winners) == 1


async def test_for_account(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        (stranger,) = await b.add_accounts(uow, T0, "Stranger")
        first = await uow.orders.add(b.order(T0, buyer, seller))
        second = await uow.orders.add(b.order(T0 + timedelta(hours=1), seller, buyer,
                                              status=OrderStatus.COMPLETED))
        await uow.orders.add(b.order(T0, stranger.id, seller))
        await uow.commit()
    async with uow_factory() as uow:
        assert [o.id for o in await uow.orders.for_account(buyer)] == [second.id, first.id]
        assert [o.id for o in await uow.orders.for_account(
            buyer, statuses=[OrderStatus.COMPLETED])] == [second.id]
        assert [o.id for o in await uow.orders.for_account(buyer, limit=1)] == [second.id]
        assert len(await uow.orders.for_account(seller)) == 3


async def test_timeline_messages_and_deliveries(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        order = await uow.orders.add(b.order(T0, buyer, seller))
        created = await uow.orders.add_event(OrderEvent(
            id=0, order_id=order.id, action="create", from_status=None,
            to_status=OrderStatus.IN_PROGRESS, actor_id=buyer, actor_role="buyer",
            created_at=T0))
        delivered = await uow.orders.add_event(OrderEvent(
            id=0, order_id=order.id, action="deliver", from_status=OrderStatus.IN_PROGRESS,
            to_status=OrderStatus.DELIVERED, actor_id=None, actor_role="system",
            created_at=T0, note="done"))
        file = Attachment(name="out.csv", ref="files/1", size=12, content_type="text/csv")
        messages = [await uow.orders.add_message(OrderMessage(
            id=0, order_id=order.id, author_id=seller, authorship=Authorship.AGENT,
            text=f"m{i}", created_at=T0 + timedelta(minutes=i),
            attachment=file if i == 0 else None, redacted=i == 1)) for i in range(4)]
        delivery = await uow.orders.add_delivery(Delivery(
            id=0, order_id=order.id, author_id=seller, authorship=Authorship.AGENT,
            note="here", created_at=T0, url="https://example.com/r", attachment=file,
            provenance=Provenance(automated="scraping", tools=("playwright", "gpt"))))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.orders.events(order.id) == [created, delivered]
        assert await uow.orders.messages(order.id) == messages
        assert await uow.orders.messages(order.id, limit=2) == messages[2:]  # latest, in order
        assert await uow.orders.deliveries(order.id) == [delivery]
        assert delivery.provenance is not None
        signed = replace(delivery, provenance=replace(
            delivery.provenance, reviewed_by=seller, reviewed_at=T0 + timedelta(hours=2)))
        await uow.orders.update_delivery(signed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.orders.deliveries(order.id) == [signed]


async def test_reviews(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        order = await uow.orders.add(b.order(T0, buyer, seller, status=OrderStatus.COMPLETED))
        by_buyer = await uow.reviews.add(Review(id=0, order_id=order.id, author_id=buyer,
                                                subject_id=seller, rating=5, text="great",
                                                created_at=T0))
        with pytest.raises(Conflict) as twice:
            await uow.reviews.add(replace(by_buyer, id=0, rating=1))
        assert twice.value.code == "review.duplicate"
        by_seller = await uow.reviews.add(Review(id=0, order_id=order.id, author_id=seller,
                                                 subject_id=buyer, rating=4, text="clear",
                                                 created_at=T0))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.reviews.for_order(order.id) == [by_buyer, by_seller]
        assert await uow.reviews.revealed_about(seller) == []
        revealed = replace(by_buyer, revealed_at=T0 + timedelta(days=1))
        await uow.reviews.update(revealed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.reviews.revealed_about(seller) == [revealed]
        assert await uow.reviews.revealed_about(seller, limit=0) == []


async def test_disputes(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        (moderator,) = await b.add_accounts(uow, T0, "Mod")
        order = await uow.orders.add(b.order(T0, buyer, seller))
        dispute = await uow.disputes.add(Dispute(id=0, order_id=order.id, opened_by=buyer,
                                                 reason="late", status=DisputeStatus.OPEN,
                                                 created_at=T0))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.disputes.get(dispute.id) == dispute
        assert await uow.disputes.open_for_order(order.id) == dispute
        assert await uow.disputes.claim(dispute.id, moderator.id, T0) is True
        assert await uow.disputes.claim(dispute.id, seller, T0) is False
        claimed = await uow.disputes.get(dispute.id)
        assert claimed is not None
        assert (claimed.status, claimed.claimed_by, claimed.claimed_at) == (
            DisputeStatus.CLAIMED, moderator.id, T0)
        assert await uow.disputes.list_unresolved() == [claimed]
        resolved = replace(claimed, status=DisputeStatus.RESOLVED, ruling=Ruling.SPLIT,
                           split_pct=40, note="half done", resolved_at=T0,
                           resolved_by=moderator.id)
        await uow.disputes.update(resolved)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.disputes.get(dispute.id) == resolved
        assert await uow.disputes.open_for_order(order.id) is None
        assert await uow.disputes.list_unresolved() == []
        assert await uow.disputes.get(404) is None


async def test_two_moderators_claim_at_once_one_wins(uow_factory: UnitOfWorkFactory) -> None:
    buyer, seller = await _parties(uow_factory)
    async with uow_factory() as uow:
        order = await uow.orders.add(b.order(T0, buyer, seller))
        dispute = await uow.disputes.add(Dispute(id=0, order_id=order.id, opened_by=buyer,
                                                 reason="late", status=DisputeStatus.OPEN,
                                                 created_at=T0))
        await uow.commit()

    async def claim(moderator_id: int) -> bool:
        async with uow_factory() as uow:
            won = await uow.disputes.claim(dispute.id, moderator_id, T0)
            await asyncio.sleep(0.02)  # hold the row lock while the other tries
            await uow.commit()
            return won

    results = await asyncio.gather(*(claim(i) for i in (buyer, seller, buyer, seller)))
    assert sorted(results) == [False, False, False, True]


async def test_audit(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        entries = [await uow.audit.add(AuditEntry(
            id=0, actor_id=None if i == 0 else i, action="ban", subject="account:7",
            created_at=T0 + timedelta(minutes=i), note="spam" if i else None,
            data={"open_orders": [1, 2], "i": i})) for i in range(3)]
        await uow.audit.add(AuditEntry(id=0, actor_id=1, action="hide", subject="offer:1",
                                       created_at=T0))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.audit.for_subject("account:7") == entries
        assert await uow.audit.for_subject("account:7", limit=1) == [entries[2]]
