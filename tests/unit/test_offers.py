"""Offers: publish (credits), validation, edit, pause/resume, renew (credits, idempotent),
boost (credits per day), hide/unhide by moderators, visibility and expiry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest

from core.accounts import accounts
from core.credits import credits
from core.listings import offers
from core.listings.model import OfferStatus
from core.orders import orders
from core.orders.model import TimerKind
from core.orders.timers import run_due_timers
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import (
    Conflict,
    InsufficientCredits,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from core.shared.ledger import TxType
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import balance, human, moderator, pending, publish


async def test_publishing_costs_credits_and_arms_the_expiry(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Publishing: the offer is active for ``listing_days``, costs ``publish_offer`` credits
    and is announced to the feed."""
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller, category="  SEO ")
    assert offer.status is OfferStatus.ACTIVE
    assert offer.category == "seo"
    assert offer.seller_id == seller.id and offer.currency == ctx.rules.currency
    assert offer.expires_at == clock.now() + timedelta(days=ctx.rules.listing_days)
    assert await balance(ctx, seller) == ctx.prices.welcome_grant - ctx.prices.publish_offer
    assert pending(store, "offer", offer.id)[TimerKind.OFFER_EXPIRY].due_at == offer.expires_at
    published = [e for e in store.outbox if e.type == ev.OFFER_PUBLISHED]
    assert [(e.payload["offer_id"], e.channels) for e in published] == [(offer.id, ("feed",))]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("title", {"title": "Hey"}),
        ("title", {"title": "x" * 121}),
        ("title", {"title": "   "}),
        ("description", {"description": "too short"}),
        ("description", {"description": "d" * 4001}),
        ("inputs", {"inputs": ""}),
        ("output_format", {"output_format": "o" * 501}),
        ("category", {"category": "crypto-pumps"}),
        ("category", {"category": ""}),
        ("price", {"price_cents": 0}),
        ("price", {"price_cents": -100}),
        ("price", {"price_cents": 10_000_001}),
        ("price", {"price_cents": 12.5}),
        ("delivery_days", {"delivery_days": 0}),
        ("delivery_days", {"delivery_days": 91}),
        ("bot_pct", {"bot_pct": 101}),
        ("bot_pct", {"bot_pct": -1}),
        ("revisions_included", {"revisions_included": 11}),
    ],
)
async def test_a_bad_field_is_refused_and_nothing_is_charged(
    ctx: Context, store: FakeStore, field: str, overrides: dict[str, Any]
) -> None:
    """Offer rules: text lengths, a known category, 0 < price ≤ max, delivery 1–90 days,
    bot share 0–100 %, 0–10 revisions."""
    seller = await human(ctx, "seller")
    with pytest.raises(ValidationFailed) as err:
        await publish(ctx, seller, **overrides)
    assert err.value.field == field
    assert err.value.code == f"validation.{field}"
    assert store.state.offers == {}
    assert await balance(ctx, seller) == ctx.prices.welcome_grant


async def test_the_maximum_price_is_allowed(ctx: Context) -> None:
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller, price_cents=ctx.rules.max_price_cents)
    assert offer.price_cents == ctx.rules.max_price_cents


async def test_without_credits_the_offer_is_not_created(ctx: Context, store: FakeStore) -> None:
    """Insufficient credits leave nothing changed: no offer, no timer, no event, no charge."""
    seller = await human(ctx, "seller")
    mod = await moderator(ctx)
    await credits.adjust_credits(
        ctx,
        moderator_id=mod.id,
        account_id=seller.id,
        delta=-(ctx.prices.welcome_grant - ctx.prices.publish_offer + 1),
        reason="leave 9 credits",
    )
    outbox, timers = len(store.outbox), dict(store.state.timers)
    with pytest.raises(InsufficientCredits) as err:
        await publish(ctx, seller)
    assert err.value.code == "credits.insufficient"
    assert (err.value.needed, err.value.balance) == (ctx.prices.publish_offer, 9)
    assert store.state.offers == {}
    assert store.state.timers == timers
    assert len(store.outbox) == outbox
    assert await balance(ctx, seller) == 9


async def test_a_seller_pauses_and_resumes_their_offer(ctx: Context) -> None:
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    paused = await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    assert paused.status is OfferStatus.PAUSED
    with pytest.raises(Conflict):
        await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    resumed = await offers.set_offer_paused(
        ctx, actor_id=seller.id, offer_id=offer.id, paused=False
    )
    assert resumed.status is OfferStatus.ACTIVE


async def test_someone_elses_offer_cannot_be_managed(ctx: Context, store: FakeStore) -> None:
    """Own listing only: pausing, renewing or boosting another seller's offer is
    ``PermissionDenied`` and changes nothing."""
    seller = await human(ctx, "seller")
    other = await human(ctx, "other")
    offer = await publish(ctx, seller)
    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: offers.set_offer_paused(ctx, actor_id=other.id, offer_id=offer.id, paused=True),
        lambda: offers.renew_offer(ctx, actor_id=other.id, offer_id=offer.id),
        lambda: offers.boost_offer(ctx, actor_id=other.id, offer_id=offer.id, days=1),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as err:
            await attempt()
        assert err.value.code == "permission_denied"
    assert store.state.offers[offer.id] == offer
    assert await balance(ctx, other) == ctx.prices.welcome_grant
    with pytest.raises(NotFound):
        await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=9999, paused=True)


async def test_a_supervisor_manages_the_offers_of_their_agent(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    agent = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="Bot")
    offer = await publish(ctx, agent)
    assert await balance(ctx, agent) == ctx.prices.welcome_grant - ctx.prices.publish_offer
    paused = await offers.set_offer_paused(ctx, actor_id=alice.id, offer_id=offer.id, paused=True)
    assert paused.status is OfferStatus.PAUSED
    # The agent's credits pay for its offers, even when its supervisor renews.
    await offers.renew_offer(ctx, actor_id=alice.id, offer_id=offer.id)
    assert await balance(ctx, alice) == ctx.prices.welcome_grant
    assert await balance(ctx, agent) == (
        ctx.prices.welcome_grant - ctx.prices.publish_offer - ctx.prices.renew_offer
    )


async def test_renewal_extends_from_the_later_of_now_and_the_expiry(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Renewal: costs ``renew_offer`` credits and adds ``listing_days`` to the current expiry
    (no time is lost by renewing early); the expiry timer follows."""
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    clock.advance(timedelta(days=10))
    renewed = await offers.renew_offer(ctx, actor_id=seller.id, offer_id=offer.id)
    assert offer.expires_at is not None
    assert renewed.expires_at == offer.expires_at + timedelta(days=ctx.rules.listing_days)
    assert await balance(ctx, seller) == (
        ctx.prices.welcome_grant - ctx.prices.publish_offer - ctx.prices.renew_offer
    )
    timers = pending(store, "offer", offer.id)
    assert timers[TimerKind.OFFER_EXPIRY].due_at == renewed.expires_at
    # The old expiry no longer fires.
    clock.advance(timedelta(days=25))
    await run_due_timers(ctx)
    assert store.state.offers[offer.id].status is OfferStatus.ACTIVE


async def test_a_retried_renewal_with_the_same_key_charges_once(
    ctx: Context, store: FakeStore
) -> None:
    """Idempotency: renewing twice with one key charges and extends once."""
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    first = await offers.renew_offer(
        ctx, actor_id=seller.id, offer_id=offer.id, idempotency_key="req-1"
    )
    again = await offers.renew_offer(
        ctx, actor_id=seller.id, offer_id=offer.id, idempotency_key="req-1"
    )
    assert again.expires_at == first.expires_at
    renewals = [t for t in store.state.transactions if t.type is TxType.SPEND_RENEW]
    assert len(renewals) == 1
    # A new key is a new renewal.
    third = await offers.renew_offer(
        ctx, actor_id=seller.id, offer_id=offer.id, idempotency_key="req-2"
    )
    assert first.expires_at is not None
    assert third.expires_at == first.expires_at + timedelta(days=ctx.rules.listing_days)
    assert await balance(ctx, seller) == (
        ctx.prices.welcome_grant - ctx.prices.publish_offer - 2 * ctx.prices.renew_offer
    )


async def test_an_offer_expires_and_renewal_brings_it_back(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Offer expiry: the expiry timer ends the listing; renewing reactivates it."""
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    clock.advance(timedelta(days=ctx.rules.listing_days) - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert store.state.offers[offer.id].status is OfferStatus.ACTIVE
    clock.advance(timedelta(seconds=1))
    run = await run_due_timers(ctx)
    assert run.fired == 1
    assert store.state.offers[offer.id].status is OfferStatus.EXPIRED
    expired = [e for e in store.outbox if e.type == ev.OFFER_EXPIRED]
    assert [e.recipients for e in expired] == [(seller.id,)]
    with pytest.raises(Conflict):
        await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    renewed = await offers.renew_offer(ctx, actor_id=seller.id, offer_id=offer.id)
    assert renewed.status is OfferStatus.ACTIVE
    assert renewed.expires_at == clock.now() + timedelta(days=ctx.rules.listing_days)


async def test_a_paused_offer_runs_out_and_a_hidden_one_stays_hidden(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Pausing does not stop the paid listing period; a moderator's hiding outlives it (the
    expiry timer finds nothing to end and is dropped as stale)."""
    seller = await human(ctx, "seller")
    mod = await moderator(ctx)
    paused = await publish(ctx, seller)
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=paused.id, paused=True)
    hidden = await publish(ctx, seller)
    await offers.set_offer_hidden(
        ctx, moderator_id=mod.id, offer_id=hidden.id, hidden=True, reason="spam links"
    )
    clock.advance(timedelta(days=ctx.rules.listing_days))
    run = await run_due_timers(ctx)
    assert (run.fired, run.stale) == (1, 1)
    assert store.state.offers[paused.id].status is OfferStatus.EXPIRED
    assert store.state.offers[hidden.id].status is OfferStatus.HIDDEN
    expired = [e.payload["offer_id"] for e in store.outbox if e.type == ev.OFFER_EXPIRED]
    assert expired == [paused.id]


async def test_an_offer_past_its_expiry_cannot_be_ordered_before_the_timer_runs(
    ctx: Context, clock: FakeClock
) -> None:
    """Expiry is a time, not a job: between the expiry and the timer's run, the offer is
    already gone from browsing and cannot be ordered."""
    seller = await human(ctx, "seller")
    buyer = await human(ctx, "buyer")
    offer = await publish(ctx, seller)
    clock.advance(timedelta(days=ctx.rules.listing_days, minutes=1))
    with pytest.raises(Conflict) as err:
        await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert err.value.code == "offer.not_active"


async def test_boosting_costs_per_day_and_stacks(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    boosted = await offers.boost_offer(ctx, actor_id=seller.id, offer_id=offer.id, days=3)
    assert boosted.boosted_until == clock.now() + timedelta(days=3)
    assert boosted.is_boosted(clock.now())
    again = await offers.boost_offer(ctx, actor_id=seller.id, offer_id=offer.id, days=2)
    assert again.boosted_until == clock.now() + timedelta(days=5)
    assert await balance(ctx, seller) == (
        ctx.prices.welcome_grant - ctx.prices.publish_offer - 5 * ctx.prices.boost_per_day
    )
    for days in (0, ctx.rules.max_boost_days + 1):
        with pytest.raises(ValidationFailed):
            await offers.boost_offer(ctx, actor_id=seller.id, offer_id=offer.id, days=days)
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=offer.id, paused=True)
    with pytest.raises(Conflict):
        await offers.boost_offer(ctx, actor_id=seller.id, offer_id=offer.id, days=1)


async def test_a_boost_beyond_the_balance_changes_nothing(ctx: Context, store: FakeStore) -> None:
    seller = await human(ctx, "seller")
    offer = await publish(ctx, seller)
    with pytest.raises(InsufficientCredits):
        await offers.boost_offer(ctx, actor_id=seller.id, offer_id=offer.id, days=30)
    assert store.state.offers[offer.id].boosted_until is None
    assert await balance(ctx, seller) == ctx.prices.welcome_grant - ctx.prices.publish_offer


async def test_moderators_hide_and_unhide_listings(ctx: Context, store: FakeStore) -> None:
    """Hiding: moderators only, with a reason; the seller cannot edit a hidden offer, outsiders
    no longer find it, and unhiding restores the previous status."""
    seller = await human(ctx, "seller")
    buyer = await human(ctx, "buyer")
    mod = await moderator(ctx)
    offer = await publish(ctx, seller)
    with pytest.raises(PermissionDenied):
        await offers.set_offer_hidden(
            ctx, moderator_id=buyer.id, offer_id=offer.id, hidden=True, reason="looks bad"
        )
    with pytest.raises(ValidationFailed):
        await offers.set_offer_hidden(ctx, moderator_id=mod.id, offer_id=offer.id, hidden=True)
    hidden = await offers.set_offer_hidden(
        ctx, moderator_id=mod.id, offer_id=offer.id, hidden=True, reason="misleading title"
    )
    assert hidden.status is OfferStatus.HIDDEN and hidden.hidden_reason == "misleading title"
    with pytest.raises(NotFound):
        await offers.get_offer(ctx, offer_id=offer.id, viewer_id=buyer.id)
    with pytest.raises(NotFound):
        await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    assert (
        await offers.get_offer(ctx, offer_id=offer.id, viewer_id=seller.id)
    ).offer.id == offer.id
    assert (await offers.get_offer(ctx, offer_id=offer.id, viewer_id=mod.id)).offer.id == offer.id
    shown = await offers.set_offer_hidden(ctx, moderator_id=mod.id, offer_id=offer.id, hidden=False)
    assert shown.status is OfferStatus.ACTIVE and shown.hidden_reason is None
    assert [a.action for a in store.state.audit if a.subject == f"offer:{offer.id}"] == [
        "hide",
        "unhide",
    ]


async def test_my_offers_lists_every_status(ctx: Context) -> None:
    seller = await human(ctx, "seller")
    a = await publish(ctx, seller)
    b = await publish(ctx, seller, title="Another offer")
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=b.id, paused=True)
    mine = await offers.list_my_offers(ctx, seller_id=seller.id)
    assert {(o.id, o.status) for o in mine} == {
        (a.id, OfferStatus.ACTIVE),
        (b.id, OfferStatus.PAUSED),
    }
