"""Double-blind reviews: after completion each side rates the other (1–5); a review stays
hidden from its subject until both are in or the reveal timer fires after 14 days; revealed
ratings feed the trust score."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts
from core.orders import orders, reviews
from core.orders.timers import run_due_timers
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import Conflict, PermissionDenied, ValidationFailed
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import Deal, deal, delivered


async def completed(ctx: Context) -> Deal:
    d = await deal(ctx)
    await delivered(ctx, d)
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    return d


async def test_reviews_open_only_once_the_order_is_completed(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    with pytest.raises(Conflict) as err:
        await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5)
    assert err.value.code == "review.not_completed"
    await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    await orders.cancel_order(ctx, actor_id=d.seller.id, order_id=d.order.id)
    with pytest.raises(Conflict):
        await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=1)
    assert store.state.reviews == {}


@pytest.mark.parametrize("rating", [0, 6, -1, True, 4.5])
async def test_a_rating_is_a_whole_number_from_one_to_five(
    ctx: Context, store: FakeStore, rating: int
) -> None:
    d = await completed(ctx)
    with pytest.raises(ValidationFailed) as err:
        await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=rating)
    assert err.value.field == "rating"
    assert store.state.reviews == {}


async def test_a_review_text_has_a_limit(ctx: Context) -> None:
    d = await completed(ctx)
    with pytest.raises(ValidationFailed):
        await reviews.leave_review(
            ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5, text="x" * 2001
        )
    review = await reviews.leave_review(
        ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5, text="  Great work  "
    )
    assert review.text == "Great work"


async def test_only_the_parties_review_and_each_once(ctx: Context, store: FakeStore) -> None:
    d = await completed(ctx)
    for outsider in (d.stranger, d.mod):
        with pytest.raises(PermissionDenied) as err:
            await reviews.leave_review(ctx, author_id=outsider.id, order_id=d.order.id, rating=1)
        assert err.value.code == "permission_denied"
    first = await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=4)
    assert first.subject_id == d.seller.id
    with pytest.raises(Conflict) as dup:
        await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5)
    assert dup.value.code == "review.duplicate"
    assert [r.rating for r in store.state.reviews.values()] == [4]


async def test_one_review_stays_hidden_from_its_subject(ctx: Context, store: FakeStore) -> None:
    """Double-blind: the subject learns that a review exists, not what it says."""
    d = await completed(ctx)
    review = await reviews.leave_review(
        ctx, author_id=d.buyer.id, order_id=d.order.id, rating=2, text="Late and sloppy"
    )
    assert review.revealed_at is None
    received = [e for e in store.outbox if e.type == ev.REVIEW_RECEIVED]
    assert received[0].recipients == (d.seller.id,)
    assert "rating" not in received[0].payload and "text" not in received[0].payload
    assert await reviews.order_reviews(ctx, order_id=d.order.id, viewer_id=d.seller.id) == []
    own = await reviews.order_reviews(ctx, order_id=d.order.id, viewer_id=d.buyer.id)
    assert [r.id for r in own] == [review.id]
    assert await reviews.reviews_about(ctx, account_id=d.seller.id) == []
    assert ev.REVIEWS_REVEALED not in [e.type for e in store.outbox]
    with pytest.raises(PermissionDenied):
        await reviews.order_reviews(ctx, order_id=d.order.id, viewer_id=d.stranger.id)


async def test_both_reviews_in_reveal_both(ctx: Context, store: FakeStore) -> None:
    d = await completed(ctx)
    await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5)
    second = await reviews.leave_review(ctx, author_id=d.seller.id, order_id=d.order.id, rating=3)
    assert second.revealed_at is not None
    assert all(r.revealed_at is not None for r in store.state.reviews.values())
    seen = await reviews.order_reviews(ctx, order_id=d.order.id, viewer_id=d.seller.id)
    assert sorted(r.rating for r in seen) == [3, 5]
    about_seller = await reviews.reviews_about(ctx, account_id=d.seller.id)
    assert [(r.rating, author.id) for r, author in about_seller] == [(5, d.buyer.id)]
    about_buyer = await reviews.reviews_about(ctx, account_id=d.buyer.id)
    assert [r.rating for r, _ in about_buyer] == [3]
    revealed = [e for e in store.outbox if e.type == ev.REVIEWS_REVEALED]
    assert len(revealed) == 1 and len(revealed[0].payload["reviews"]) == 2


async def test_the_reveal_timer_shows_a_lone_review_after_fourteen_days(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await completed(ctx)
    await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5)
    clock.advance(timedelta(days=ctx.rules.review_reveal_days) - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert await reviews.reviews_about(ctx, account_id=d.seller.id) == []
    clock.advance(timedelta(seconds=1))
    await run_due_timers(ctx)
    about = await reviews.reviews_about(ctx, account_id=d.seller.id)
    assert [r.rating for r, _ in about] == [5]
    assert ev.REVIEWS_REVEALED in [e.type for e in store.outbox]


async def test_a_review_after_the_reveal_window_is_shown_at_once(
    ctx: Context, clock: FakeClock
) -> None:
    """Once the window has closed there is nothing left to keep blind: a late review is
    revealed when written instead of staying hidden for good."""
    d = await completed(ctx)
    clock.advance(timedelta(days=ctx.rules.review_reveal_days + 1))
    await run_due_timers(ctx)
    late = await reviews.leave_review(ctx, author_id=d.seller.id, order_id=d.order.id, rating=4)
    assert late.revealed_at == clock.now()
    assert [r.rating for r, _ in await reviews.reviews_about(ctx, account_id=d.buyer.id)] == [4]


async def test_revealed_ratings_move_the_trust_score(ctx: Context) -> None:
    """Trust: a revealed 5★ raises the subject's score, a revealed 1★ lowers it; an
    unrevealed one changes nothing."""
    d = await completed(ctx)
    seller_before = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    buyer_before = (await accounts.get_profile(ctx, account_id=d.buyer.id)).account.trust_score
    await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=5)
    unrevealed = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    assert unrevealed == seller_before
    await reviews.leave_review(ctx, author_id=d.seller.id, order_id=d.order.id, rating=1)
    seller_after = await accounts.get_profile(ctx, account_id=d.seller.id)
    buyer_after = await accounts.get_profile(ctx, account_id=d.buyer.id)
    assert seller_after.account.trust_score > seller_before
    assert buyer_after.account.trust_score < buyer_before
    assert seller_after.trust.rating == 5.0 and buyer_after.trust.rating == 1.0
