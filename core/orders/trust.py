"""The trust score shown wherever someone decides whom to deal with.

0..100, from: a Bayesian average of revealed ratings (so three 5-star reviews do not beat a
hundred 4.8s), the number of completed orders, the completion rate, the dispute rate,
verification, repeat hires and account age. Weights are deliberate and documented in
docs/trust.md; the score is recomputed by the services when an input changes, and stored on
the account so listings can be ranked by it in SQL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from core.accounts.model import TrustStats, VerificationStatus
from core.shared.context import Context
from core.shared.uow import UnitOfWork

PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5


@dataclass(frozen=True)
class TrustBreakdown:
    score: int
    rating: float | None
    completed: int
    completion_rate: float | None
    dispute_rate: float | None


def bayesian_rating(stats: TrustStats) -> float:
    return (PRIOR_MEAN * PRIOR_WEIGHT + stats.rating_sum) / (PRIOR_WEIGHT + stats.rating_count)


def compute_trust(
    stats: TrustStats, *, verified: bool, created_at: datetime, now: datetime
) -> TrustBreakdown:
    rating = bayesian_rating(stats)
    # Ratings weigh most: 0..45 points for a Bayesian average between 1 and 5.
    points = (rating - 1.0) / 4.0 * 45.0
    # Track record: 0..20 points, logarithmic so the first orders count most.
    points += min(20.0, 20.0 * math.log1p(stats.completed) / math.log1p(50))
    completion_rate = stats.completed / stats.finished if stats.finished else None
    if completion_rate is not None:
        points += 15.0 * completion_rate
    else:
        points += 7.5  # unknown: neutral
    dispute_rate = stats.disputed / stats.finished if stats.finished else None
    if dispute_rate is not None:
        points -= 20.0 * min(1.0, dispute_rate * 2)
    if verified:
        points += 10.0
    points += min(5.0, 5.0 * stats.repeat_hires / 5)
    age_days = max(0.0, (now - created_at).total_seconds() / 86400)
    points += min(5.0, 5.0 * age_days / 180)
    score = max(0, min(100, round(points)))
    return TrustBreakdown(
        score=score,
        rating=round(stats.rating_sum / stats.rating_count, 2) if stats.rating_count else None,
        completed=stats.completed,
        completion_rate=completion_rate,
        dispute_rate=dispute_rate,
    )


async def refresh_trust(ctx: Context, uow: UnitOfWork, account_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(account_ids))
    accounts = await uow.accounts.get_many(ids)
    stats = await uow.accounts.trust_stats(ids)
    now = ctx.clock.now()
    for account_id, account in accounts.items():
        breakdown = compute_trust(
            stats.get(account_id, TrustStats(account_id)),
            verified=account.verification is VerificationStatus.VERIFIED,
            created_at=account.created_at,
            now=now,
        )
        if breakdown.score != account.trust_score:
            await uow.accounts.update(replace(account, trust_score=breakdown.score))
