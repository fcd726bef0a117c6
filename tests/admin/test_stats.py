"""/stats on seeded data: every figure equals the number worked out by hand below, and the
chart is a PNG. Data outside the window (an older offer and order) must not count, except as
the history that makes a later order a repeat hire."""

from __future__ import annotations

from datetime import timedelta

from botgig.charts import render_requests_chart
from core.listings import offers, proposals, requests
from core.listings.requests import RequestDraft
from core.moderation.stats import pilot_stats
from core.orders import disputes, orders
from core.orders.model import Ruling
from core.shared.context import Context
from tests.admin.conftest import draft, make_moderator, person
from tests.fakes import FakeClock, FakeStore


def request_draft(ctx: Context, title: str, category: str) -> RequestDraft:
    return RequestDraft(
        title=title,
        category=category,
        description="A clear description of the job, long enough to pass validation.",
        budget_min_cents=10_000,
        budget_max_cents=30_000,
        deadline=ctx.clock.now() + timedelta(days=20),
    )


async def seed(ctx: Context, clock: FakeClock) -> None:
    b1, b2 = await person(ctx, "11", "Buyer One"), await person(ctx, "12", "Buyer Two")
    s1, s2 = await person(ctx, "21", "Seller One"), await person(ctx, "22", "Seller Two")
    mod = await make_moderator(ctx, await person(ctx, "31", "Mod"))

    # Day 0, outside the 7-day window ending on day 10: an offer and an order (X0).
    o0 = await offers.publish_offer(ctx, seller_id=s1.id, draft=draft(title="Old triage offer"))
    await orders.order_offer(ctx, buyer_id=b1.id, offer_id=o0.id)

    # Day 4: three requests (data-extraction ×2, monitoring ×1).
    clock.advance(timedelta(days=4))
    r1 = await requests.post_request(ctx, buyer_id=b1.id,
                                     draft=request_draft(ctx, "Scrape shop one", "data-extraction"))
    r2 = await requests.post_request(ctx, buyer_id=b2.id,
                                     draft=request_draft(ctx, "Scrape shop two", "data-extraction"))
    await requests.post_request(ctx, buyer_id=b2.id,
                                draft=request_draft(ctx, "Watch my uptime", "monitoring"))
    # Proposals: R1 gets its first after 1 h and a second after 3 h; R2 one after 5 h.
    clock.advance(timedelta(hours=1))
    p1 = await proposals.submit_proposal(ctx, seller_id=s1.id, request_id=r1.id,
                                        message="I scrape it with a checked agent.",
                                        price_cents=20_000, timeline_days=2)
    clock.advance(timedelta(hours=2))
    await proposals.submit_proposal(ctx, seller_id=s2.id, request_id=r1.id,
                                   message="Same day, with a manual check.",
                                   price_cents=25_000, timeline_days=1)
    clock.advance(timedelta(hours=2))
    await proposals.submit_proposal(ctx, seller_id=s2.id, request_id=r2.id,
                                   message="Happy to take this one as well.",
                                   price_cents=15_000, timeline_days=3)
    # R1 → order X1 (B1 hires S1 again: a repeat), delivered and approved: completed.
    x1 = await proposals.accept_proposal(ctx, buyer_id=b1.id, proposal_id=p1.id)
    await orders.deliver_order(ctx, actor_id=s1.id, order_id=x1.id, note="CSV attached")
    await orders.approve_order(ctx, buyer_id=b1.id, order_id=x1.id)
    # Two offers published in the window (content, seo); O1 is ordered (X3).
    o1 = await offers.publish_offer(ctx, seller_id=s1.id,
                                    draft=draft(title="Blog posts", category="content"))
    await offers.publish_offer(
        ctx, seller_id=s2.id, draft=draft(title="SEO refresh", category="seo")
    )
    # B1 orders the old offer again (X2: a repeat hire, still in progress).
    await orders.order_offer(ctx, buyer_id=b1.id, offer_id=o0.id)
    x3 = await orders.order_offer(ctx, buyer_id=b2.id, offer_id=o1.id)
    d = await disputes.open_dispute(ctx, actor_id=b2.id, order_id=x3.id,
                                    reason="Nothing was delivered at all.")
    await disputes.rule_dispute(ctx, moderator_id=mod.id, dispute_id=d.id, ruling=Ruling.REFUND,
                                note="Refund: no delivery.")
    clock.advance(timedelta(days=6) - timedelta(hours=5))  # now: day 10


async def test_stats_equal_the_numbers_worked_out_by_hand(
    ctx: Context, clock: FakeClock, store: FakeStore
) -> None:
    await seed(ctx, clock)
    s = await pilot_stats(ctx, days=7)
    assert s.days == 7
    assert s.requests == 3
    assert s.requests_by_category == (("data-extraction", 2), ("monitoring", 1))
    assert s.offers_published == 2 and s.offers_converted == 1 and s.offer_conversion == 0.5
    assert s.proposals == 3 and s.requests_with_proposals == 2
    assert s.proposals_per_request == 1.0
    assert s.first_proposal_median == timedelta(hours=3)  # median of 1 h and 5 h
    assert s.requests_converted == 1 and s.request_conversion == 1 / 3
    assert (s.orders, s.orders_from_requests, s.orders_from_offers) == (3, 1, 2)
    assert (s.orders_completed, s.orders_finished, s.completion_rate) == (1, 2, 0.5)
    assert (s.orders_disputed, s.dispute_rate) == (1, 1 / 3)
    assert (s.repeat_hires, s.repeat_rate) == (2, 2 / 3)

    # A 30-day window takes in day 0 too: one more offer (ordered twice) and order X0.
    wide = await pilot_stats(ctx, days=30)
    assert (wide.offers_published, wide.offers_converted, wide.orders) == (3, 2, 4)
    assert wide.repeat_hires == 2  # X0 was the first hire


async def test_stats_in_the_admin_channel_come_with_a_png_chart(
    ctx: Context, clock: FakeClock, store: FakeStore
) -> None:
    from tests.admin.conftest import build_world

    world = await build_world(ctx, store, clock)
    [reply] = await world.say(world.mod, "/stats 7")
    assert "Requests posted" in reply.text and "Repeat hires" in reply.text
    [chart] = reply.attachments
    assert chart.kind == "photo" and chart.data is not None
    assert chart.data.startswith(b"\x89PNG\r\n\x1a\n")
    for bad in ("/stats 0", "/stats 999", "/stats week"):
        answer = (await world.say(world.mod, bad))[0].text
        assert "Usage" in answer or "days" in answer, answer


async def test_an_empty_window_still_draws_a_chart(ctx: Context) -> None:
    s = await pilot_stats(ctx, days=1)
    assert s.requests == 0 and s.request_conversion is None and s.first_proposal_median is None
    assert render_requests_chart(s).startswith(b"\x89PNG")
