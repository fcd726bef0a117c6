"""Closing an account on SQLite and PostgreSQL: after a full story (an order with messages,
a delivery and reviews, credits spent, API key, webhook, link code, chat state, a listing and
a pending bid), the person's name, username, email and platform ids are in no row of any
table; the ledger still balances; the other party's order reads as before, with the reviews
shown as by "a deleted account"; and the same Telegram user comes back as a new account."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts import accounts, api_access, closing, linking
from core.accounts.access import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from core.accounts.model import DELETED_NAME, AccountStatus, Identity
from core.listings import offers, proposals, requests
from core.orders import orders, reviews
from core.orders.model import OrderStatus, PaymentMode
from core.shared import ledger
from core.shared.context import Context
from core.shared.uow import UnitOfWorkFactory
from storage import tables
from tests.integration.conftest import FakeClock
from tests.integration.test_services_on_storage import DRAFT

NAME = "Alicia Qwertyova"
USERNAME = "aliciaqw"
EMAIL = "alicia.qw@example.org"
TELEGRAM_ID = "777000111"
DISCORD_ID = "888000222333"
PERSONAL = (NAME, USERNAME, EMAIL, TELEGRAM_ID, DISCORD_ID, "aliciaold")


@pytest.fixture
def ctx(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> Context:
    return Context(uow=uow_factory, clock=clock)


async def _story(ctx: Context, clock: FakeClock) -> tuple[int, int, int]:
    """Alicia buys from Bob, both review, and she leaves traces everywhere."""
    alicia, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=TELEGRAM_ID, display_name=NAME
    )
    bob, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="4242", display_name="Bob Seller"
    )
    async with ctx.uow() as uow:
        await uow.accounts.add_identity(Identity("discord", DISCORD_ID, alicia.id))
        await uow.accounts.add_identity(Identity("email", EMAIL, alicia.id))
        account = await uow.accounts.get(alicia.id)
        assert account is not None
        await uow.accounts.update(replace(account, email=EMAIL, language="es"))
        await uow.commit()
    await accounts.change_username(ctx, account_id=alicia.id, username="aliciaold")
    await accounts.change_username(ctx, account_id=alicia.id, username="aliciaold2")
    await accounts.change_username(ctx, account_id=alicia.id, username=USERNAME)
    await accounts.set_role(ctx, granted_by=None, account_id=alicia.id)

    offer = await offers.publish_offer(ctx, seller_id=bob.id, draft=DRAFT)
    order = await orders.order_offer(
        ctx, buyer_id=alicia.id, offer_id=offer.id, payment_mode=PaymentMode.OFF_PLATFORM
    )
    await orders.send_message(
        ctx, actor_id=alicia.id, order_id=order.id,
        text=f"Hi, {NAME} here; write to {EMAIL} or @{USERNAME}",
    )
    await orders.send_message(ctx, actor_id=bob.id, order_id=order.id, text="On it today")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, note="CSV attached")
    await orders.approve_order(ctx, buyer_id=alicia.id, order_id=order.id)
    await reviews.leave_review(ctx, author_id=alicia.id, order_id=order.id, rating=5,
                               text=f"Great work, says {NAME}")
    await reviews.leave_review(ctx, author_id=bob.id, order_id=order.id, rating=4,
                               text="Clear brief")

    # Her own listing, a pending bid on Bob's request, and access traces.
    await offers.publish_offer(ctx, seller_id=alicia.id, draft=replace(DRAFT, title=f"By {NAME}"))
    bobs_request = await requests.post_request(
        ctx, buyer_id=bob.id,
        draft=requests.RequestDraft(
            title="Scrape 500 product pages", category="data-extraction",
            description="Extract price and stock from 500 public product pages to CSV.",
            budget_min_cents=10_000, budget_max_cents=30_000,
            deadline=clock.now() + timedelta(days=10),
        ),
    )
    await proposals.submit_proposal(
        ctx, seller_id=alicia.id, request_id=bobs_request.id,
        message=f"{NAME} can do this quickly", price_cents=20_000, timeline_days=3,
    )
    await api_access.issue_api_key(ctx, account_id=alicia.id)
    await linking.issue_link_code(ctx, account_id=alicia.id, platform="telegram")
    now = clock.now()
    async with ctx.uow() as uow:
        endpoint = await uow.webhooks.add(
            WebhookEndpoint(id=0, account_id=alicia.id, url="https://hooks.example.org/a",
                            events=frozenset(), secret="whsec_dGVzdA==", enabled=True,
                            created_at=now)
        )
        await uow.webhooks.add_delivery(
            WebhookDelivery(id=0, endpoint_id=endpoint.id, event_id="evt-1",
                            event_type="message.received", payload={"from": NAME},
                            status=DeliveryStatus.PENDING, attempts=0, created_at=now,
                            next_attempt_at=now)
        )
        await uow.conversations.put(
            f"telegram:{TELEGRAM_ID}", {"actor_id": alicia.id, "form": {"name": NAME}}, now
        )
        await uow.conversations.put(
            f"relay:telegram:{TELEGRAM_ID}:99", {"order_id": order.id}, now
        )
        await uow.commit()
    return alicia.id, bob.id, order.id


async def _every_row(engine: AsyncEngine) -> dict[str, list[str]]:
    rows: dict[str, list[str]] = defaultdict(list)
    async with engine.connect() as conn:
        for table in tables.metadata.sorted_tables:
            for row in (await conn.execute(select(table))).all():
                rows[table.name].append(repr(tuple(row)))
    return rows


async def _ledger_balances(engine: AsyncEngine) -> None:
    """Every transaction sums to zero; each cached balance is the sum of its entries; only
    world accounts are negative, and they have no cached balance (derived from entries)."""
    async with engine.connect() as conn:
        entries = (await conn.execute(select(tables.ledger_entry))).mappings().all()
        balances = (await conn.execute(select(tables.ledger_balance))).mappings().all()
    per_tx: dict[int, int] = defaultdict(int)
    per_account: dict[tuple[str, str], int] = defaultdict(int)
    for e in entries:
        per_tx[e["transaction_id"]] += e["amount"]
        per_account[(e["ledger_account"], e["asset"])] += e["amount"]
    assert per_tx and set(per_tx.values()) == {0}
    cached = {(b["ledger_account"], b["asset"]): b["balance"] for b in balances}
    assert not [name for name, _ in cached if ledger.may_go_negative(name)]
    users = {k: v for k, v in per_account.items() if v and not ledger.may_go_negative(k[0])}
    assert {k: v for k, v in cached.items() if v} == users
    assert all(v >= 0 for v in cached.values())


async def test_a_deleted_person_leaves_no_trace_and_the_marketplace_stays_consistent(
    ctx: Context, clock: FakeClock, engine: AsyncEngine
) -> None:
    alicia, bob, order_id = await _story(ctx, clock)
    before = await _every_row(engine)
    for value in PERSONAL:
        assert any(value in row for rows in before.values() for row in rows), value

    check = await closing.check_deletion(ctx, account_id=alicia)
    assert check.allowed and check.listings == 1 and check.proposals == 1
    assert set(check.providers) == {"telegram", "discord", "email"}
    result = await closing.delete_account(ctx, account_id=alicia)
    assert result.forfeited == check.credits > 0
    assert (await closing.delete_account(ctx, account_id=alicia)).already_deleted

    after = await _every_row(engine)
    found = {
        (table, value)
        for table, rows in after.items()
        for row in rows
        for value in PERSONAL
        if value in row
    }
    assert found == set()
    await _ledger_balances(engine)
    async with ctx.uow() as uow:
        forfeited = await uow.ledger.balance(ledger.WORLD_FORFEITED, ledger.CREDITS)
        tomb = await uow.accounts.get(alicia)
    assert forfeited == result.forfeited
    assert tomb is not None and tomb.status is AccountStatus.DELETED
    assert (tomb.display_name, tomb.email, tomb.username, tomb.roles) == (
        DELETED_NAME, None, None, frozenset()
    )

    # Bob's order reads as before: the card, timeline, messages and the reviews.
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=bob)
    assert record.order.status is OrderStatus.COMPLETED
    assert record.buyer.handle == DELETED_NAME and record.seller.id == bob
    assert record.events[0].action == "create"
    assert [m.author_id for m in record.messages] == [alicia, bob]
    assert "[deleted]" in record.messages[0].text
    about_bob = await reviews.reviews_about(ctx, account_id=bob)
    assert [(r.rating, a.handle) for r, a in about_bob] == [(5, DELETED_NAME)]
    both = await reviews.order_reviews(ctx, order_id=order_id, viewer_id=bob)
    assert sorted(r.rating for r in both) == [4, 5]

    # The same Telegram user starts again as somebody new.
    again, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=TELEGRAM_ID, display_name="Alicia Again"
    )
    assert created and again.id != alicia
    registered = await accounts.register_account(ctx, email=EMAIL, display_name="Alicia API")
    assert registered.id not in (alicia, again.id)
