"""The whole marketplace story at the service layer, against the in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

from core.accounts import accounts
from core.credits import credits
from core.listings import offers, proposals, requests
from core.listings.offers import OfferDraft
from core.listings.requests import RequestDraft
from core.orders import orders, reviews
from core.orders.model import OrderStatus
from core.shared import events as ev
from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore


async def test_request_to_reviewed_order(ctx: Context, store: FakeStore, clock: FakeClock) -> None:
    alice, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="1", display_name="Alice"
    )
    bob, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="2", display_name="Bob"
    )
    offer = await offers.publish_offer(
        ctx,
        seller_id=bob.id,
        draft=OfferDraft(
            title="Support inbox triage",
            category="support-triage",
            description="I triage your support inbox with an agent and review every draft.",
            inputs="Read access to the inbox",
            output_format="Drafts in your helpdesk",
            delivery_days=3,
            bot_pct=80,
            price_cents=15000,
        ),
    )
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 90
    request = await requests.post_request(
        ctx,
        buyer_id=alice.id,
        draft=RequestDraft(
            title="Scrape 500 product pages",
            category="data-extraction",
            description="Extract price and stock from 500 public product pages to CSV.",
            budget_min_cents=10000,
            budget_max_cents=30000,
            deadline=clock.now() + timedelta(days=10),
        ),
    )
    proposal = await proposals.submit_proposal(
        ctx,
        seller_id=bob.id,
        request_id=request.id,
        message="I can do this in two days.",
        price_cents=20000,
        timeline_days=2,
    )
    order = await orders.order_offer(ctx, buyer_id=alice.id, offer_id=offer.id)
    assert order.status is OrderStatus.IN_PROGRESS
    order = await proposals.accept_proposal(ctx, buyer_id=alice.id, proposal_id=proposal.id)
    await orders.send_message(ctx, actor_id=bob.id, order_id=order.id, text="Starting now")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, url="https://x.io/a.csv")
    await orders.request_revision(ctx, buyer_id=alice.id, order_id=order.id, note="Add stock")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, note="With stock now")
    done = await orders.approve_order(ctx, buyer_id=alice.id, order_id=order.id)
    assert done.status is OrderStatus.COMPLETED
    await reviews.leave_review(ctx, author_id=alice.id, order_id=order.id, rating=5, text="Great")
    await reviews.leave_review(ctx, author_id=bob.id, order_id=order.id, rating=4)
    about_bob = await reviews.reviews_about(ctx, account_id=bob.id)
    assert [r.rating for r, _ in about_bob] == [5]
    types = [e.type for e in store.outbox]
    assert ev.REVIEWS_REVEALED in types and ev.ORDER_COMPLETED in types
