"""The trust score: bounded, Bayesian about ratings, rewarding a track record and
verification, penalising disputes — and kept current on the account by the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.accounts import accounts
from core.accounts.model import TrustStats
from core.orders import disputes, orders
from core.orders.trust import compute_trust
from core.shared.context import Context
from tests.unit.builders import deal, delivered, human, publish

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def score(stats: TrustStats, *, verified: bool = False, age_days: int = 30) -> int:
    return compute_trust(
        stats, verified=verified, created_at=NOW - timedelta(days=age_days), now=NOW
    ).score


@st.composite
def trust_stats(draw: st.DrawFn) -> TrustStats:
    count = draw(st.integers(0, 500))
    finished = draw(st.integers(0, 500))
    return TrustStats(
        account_id=1,
        rating_count=count,
        rating_sum=sum(draw(st.lists(st.integers(1, 5), min_size=count, max_size=count))),
        completed=draw(st.integers(0, finished)),
        finished=finished,
        disputed=draw(st.integers(0, finished)),
        repeat_hires=draw(st.integers(0, 50)),
    )


@given(trust_stats(), st.booleans(), st.integers(0, 5000))
def test_the_score_stays_between_0_and_100(stats: TrustStats, verified: bool, age: int) -> None:
    result = compute_trust(stats, verified=verified, created_at=NOW - timedelta(days=age), now=NOW)
    assert 0 <= result.score <= 100


@given(trust_stats())
def test_verification_never_lowers_the_score(stats: TrustStats) -> None:
    assert score(stats, verified=True) >= score(stats, verified=False)


def test_a_few_perfect_ratings_do_not_beat_many_excellent_ones() -> None:
    """Bayesian average: three 5★ reviews rank below a hundred averaging 4.8★."""
    few = TrustStats(1, rating_count=3, rating_sum=15, completed=3, finished=3)
    many = TrustStats(2, rating_count=100, rating_sum=480, completed=100, finished=100)
    assert score(many) > score(few)
    ratings_only_few = TrustStats(1, rating_count=3, rating_sum=15)
    ratings_only_many = TrustStats(2, rating_count=100, rating_sum=480)
    assert score(ratings_only_many) > score(ratings_only_few)


def test_disputes_lower_the_score() -> None:
    clean = TrustStats(1, completed=10, finished=10)
    disputed = TrustStats(1, completed=10, finished=10, disputed=3)
    assert score(disputed) < score(clean)


def test_the_breakdown_reports_the_plain_average() -> None:
    result = compute_trust(
        TrustStats(1, rating_count=4, rating_sum=18, completed=3, finished=4, disputed=1),
        verified=False,
        created_at=NOW,
        now=NOW,
    )
    assert (result.rating, result.completed, result.completion_rate, result.dispute_rate) == (
        4.5,
        3,
        0.75,
        0.25,
    )
    empty = compute_trust(TrustStats(1), verified=False, created_at=NOW, now=NOW)
    assert (empty.rating, empty.completion_rate, empty.dispute_rate) == (None, None, None)


async def test_completing_orders_raises_the_sellers_score(ctx: Context) -> None:
    """Trust is recomputed when an order ends: a completed order adds to the track record."""
    d = await deal(ctx)
    before = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    await delivered(ctx, d)
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    after = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    assert after > before


async def test_a_dispute_lowers_an_established_sellers_score(ctx: Context) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    second = await orders.order_offer(ctx, buyer_id=d.buyer.id, offer_id=d.offer.id)
    before = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    await disputes.open_dispute(
        ctx, actor_id=d.buyer.id, order_id=second.id, reason="Nothing delivered so far."
    )
    after = (await accounts.get_profile(ctx, account_id=d.seller.id)).account.trust_score
    assert after < before


async def test_the_stored_score_matches_the_profile(ctx: Context) -> None:
    seller = await human(ctx, "seller")
    await publish(ctx, seller)
    profile = await accounts.get_profile(ctx, account_id=seller.id)
    assert profile.account.trust_score == profile.trust.score
