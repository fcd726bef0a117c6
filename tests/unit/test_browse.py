"""Browsing offers: boosted offers first, then by the seller's trust, then newest; filters;
and cursor pagination with ``starting_after`` that neither skips nor repeats."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts
from core.listings import offers
from core.listings.model import Offer
from core.listings.ports import BrowseQuery
from core.shared.context import Context
from core.shared.errors import ValidationFailed
from tests.fakes import FakeClock
from tests.unit.builders import human, moderator, publish


async def market(ctx: Context, clock: FakeClock) -> dict[str, Offer]:
    """Five offers: two sellers of different trust, one boosted offer, distinct ages."""
    low = await human(ctx, "low")
    high = await human(ctx, "high")
    mod = await moderator(ctx)
    await accounts.request_verification(ctx, account_id=high.id)
    await accounts.decide_verification(ctx, moderator_id=mod.id, account_id=high.id, approve=True)
    made: dict[str, Offer] = {}
    for name, seller in (("o1", low), ("o2", high), ("o3", low), ("o4", low), ("o5", high)):
        clock.advance(timedelta(minutes=1))
        made[name] = await publish(ctx, seller, title=f"Offer {name} for you")
    await offers.boost_offer(ctx, actor_id=low.id, offer_id=made["o4"].id, days=2)
    return made


async def test_boosted_first_then_trust_then_newest(ctx: Context, clock: FakeClock) -> None:
    """Ranking: a boost beats trust, trust beats age."""
    made = await market(ctx, clock)
    page = await offers.browse_offers(ctx, query=BrowseQuery(now=clock.now()))
    names = {o.id: n for n, o in made.items()}
    assert [names[v.offer.id] for v in page.items] == ["o4", "o5", "o2", "o3", "o1"]
    assert not page.has_more
    assert page.items[0].seller.id == made["o4"].seller_id
    # When the boost ends, the offer ranks by its seller's trust and age again.
    clock.advance(timedelta(days=2, seconds=1))
    page = await offers.browse_offers(ctx, query=BrowseQuery(now=clock.now()))
    assert [names[v.offer.id] for v in page.items] == ["o5", "o2", "o4", "o3", "o1"]


async def test_pages_follow_each_other_without_gaps_or_repeats(
    ctx: Context, clock: FakeClock
) -> None:
    """Cursor pagination: ``starting_after`` is the last id of the previous page; an offer
    published between two pages does not shift the next page."""
    made = await market(ctx, clock)
    names = {o.id: n for n, o in made.items()}
    first = await offers.browse_offers(ctx, query=BrowseQuery(now=clock.now(), limit=2))
    assert [names[v.offer.id] for v in first.items] == ["o4", "o5"] and first.has_more
    assert first.last_id == made["o5"].id
    clock.advance(timedelta(minutes=1))
    await publish(ctx, await human(ctx, "high"), title="Brand new offer o6")
    second = await offers.browse_offers(
        ctx, query=BrowseQuery(now=clock.now(), limit=2, starting_after=first.last_id)
    )
    assert [names[v.offer.id] for v in second.items] == ["o2", "o3"] and second.has_more
    third = await offers.browse_offers(
        ctx, query=BrowseQuery(now=clock.now(), limit=2, starting_after=second.last_id)
    )
    assert [names[v.offer.id] for v in third.items] == ["o1"] and not third.has_more


async def test_a_page_after_an_offer_that_left_the_listing_continues_after_it(
    ctx: Context, clock: FakeClock
) -> None:
    """The cursor is a sort position: if the last offer of a page is paused before the next
    page is asked for, the next page still starts after where it was."""
    made = await market(ctx, clock)
    names = {o.id: n for n, o in made.items()}
    first = await offers.browse_offers(ctx, query=BrowseQuery(now=clock.now(), limit=2))
    last = made["o5"]
    await offers.set_offer_paused(ctx, actor_id=last.seller_id, offer_id=last.id, paused=True)
    second = await offers.browse_offers(
        ctx, query=BrowseQuery(now=clock.now(), limit=2, starting_after=first.last_id)
    )
    assert [names[v.offer.id] for v in second.items] == ["o2", "o3"]


async def test_filters_narrow_the_listing(ctx: Context, clock: FakeClock) -> None:
    seller = await human(ctx, "seller")
    other = await human(ctx, "other")
    seo = await publish(ctx, seller, category="seo", price_cents=5_000, title="SEO refresh pack")
    content = await publish(ctx, other, category="content", price_cents=50_000)
    paused = await publish(ctx, other, category="content", price_cents=60_000)
    await offers.set_offer_paused(ctx, actor_id=other.id, offer_id=paused.id, paused=True)

    async def ids(**kwargs: object) -> list[int]:
        page = await offers.browse_offers(
            ctx,
            query=BrowseQuery(now=clock.now(), **kwargs),  # type: ignore[arg-type]
        )
        return [v.offer.id for v in page.items]

    assert set(await ids()) == {seo.id, content.id}
    assert await ids(category="seo") == [seo.id]
    assert await ids(words="refresh") == [seo.id]
    assert await ids(min_cents=10_000) == [content.id]
    assert await ids(max_cents=10_000) == [seo.id]
    assert await ids(exclude_owner_id=seller.id) == [content.id]
    assert await ids(owner_id=seller.id) == [seo.id]
    clock.advance(timedelta(days=ctx.rules.listing_days))
    assert await ids() == []  # expired by time, even before the expiry timer runs


@pytest.mark.parametrize(
    "query",
    [
        {"category": "weapons"},
        {"limit": 0},
        {"limit": 101},
        {"min_cents": 500, "max_cents": 100},
    ],
)
async def test_a_bad_query_is_refused(
    ctx: Context, clock: FakeClock, query: dict[str, object]
) -> None:
    with pytest.raises(ValidationFailed):
        await offers.browse_offers(
            ctx,
            query=BrowseQuery(now=clock.now(), **query),  # type: ignore[arg-type]
        )


async def test_an_unknown_cursor_is_an_empty_page(ctx: Context, clock: FakeClock) -> None:
    await market(ctx, clock)
    page = await offers.browse_offers(
        ctx, query=BrowseQuery(now=clock.now(), starting_after=999_999)
    )
    assert (page.items, page.has_more) == ([], False)
