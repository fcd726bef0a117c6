"""Pilot analytics: the questions the pilot is run to answer, computed from plain facts.

Storage hands over one small fact row per request, published offer and order of the window
(``AdminQueries.pilot_facts``); ``compute_stats`` turns them into figures. The definitions
(what counts as a conversion, a completion, a repeat hire) live here, once, so the admin
channel, the CLI and the tests agree on them:

* request volume: requests posted in the window, per category;
* offers published: offers created in the window (not drafts);
* proposals per request: proposals on the window's requests / those requests;
* time to first proposal: median over the window's requests that got one;
* request conversion: the window's requests that became an order / the window's requests;
* offer conversion: the window's offers ordered at least once / the window's offers;
* completion rate: orders of the window that completed / those that finished (any end);
* dispute rate: orders of the window with a dispute / the window's orders;
* repeat hires: orders of the window whose buyer had hired the same seller before.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FINISHED = frozenset({"completed", "cancelled", "refunded"})


@dataclass(frozen=True)
class RequestFact:
    id: int
    category: str
    created_at: datetime
    proposals: int = 0
    first_proposal_at: datetime | None = None
    ordered: bool = False


@dataclass(frozen=True)
class OfferFact:
    id: int
    category: str
    created_at: datetime
    ordered: bool = False


@dataclass(frozen=True)
class OrderFact:
    id: int
    buyer_id: int
    seller_id: int
    status: str
    created_at: datetime
    offer_id: int | None = None
    request_id: int | None = None
    disputed: bool = False
    #: The buyer had an earlier order with the same seller.
    repeat: bool = False


@dataclass(frozen=True)
class PilotFacts:
    requests: list[RequestFact] = field(default_factory=list)
    offers: list[OfferFact] = field(default_factory=list)
    orders: list[OrderFact] = field(default_factory=list)


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class PilotStats:
    since: datetime
    until: datetime
    requests: int
    #: (category slug, requests), most first, then by slug.
    requests_by_category: tuple[tuple[str, int], ...]
    offers_published: int
    offers_by_category: tuple[tuple[str, int], ...]
    proposals: int
    requests_with_proposals: int
    first_proposal_median: timedelta | None
    requests_converted: int
    offers_converted: int
    orders: int
    orders_from_requests: int
    orders_from_offers: int
    orders_finished: int
    orders_completed: int
    orders_disputed: int
    repeat_hires: int

    @property
    def days(self) -> int:
        return max(1, round((self.until - self.since) / timedelta(days=1)))

    @property
    def proposals_per_request(self) -> float | None:
        return ratio(self.proposals, self.requests)

    @property
    def request_conversion(self) -> float | None:
        return ratio(self.requests_converted, self.requests)

    @property
    def offer_conversion(self) -> float | None:
        return ratio(self.offers_converted, self.offers_published)

    @property
    def completion_rate(self) -> float | None:
        return ratio(self.orders_completed, self.orders_finished)

    @property
    def dispute_rate(self) -> float | None:
        return ratio(self.orders_disputed, self.orders)

    @property
    def repeat_rate(self) -> float | None:
        return ratio(self.repeat_hires, self.orders)


def _by_category(categories: list[str]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for slug in categories:
        counts[slug] = counts.get(slug, 0) + 1
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def compute_stats(facts: PilotFacts, *, since: datetime, until: datetime) -> PilotStats:
    """The pilot's figures for ``[since, until)``. Facts outside the window are ignored, so
    a storage that returns a little more (an inclusive bound) cannot skew them."""

    def inside(at: datetime) -> bool:
        return since <= at < until

    requests = [r for r in facts.requests if inside(r.created_at)]
    offers = [o for o in facts.offers if inside(o.created_at)]
    orders = [o for o in facts.orders if inside(o.created_at)]
    waits = [
        (r.first_proposal_at - r.created_at).total_seconds()
        for r in requests
        if r.first_proposal_at is not None
    ]
    return PilotStats(
        since=since,
        until=until,
        requests=len(requests),
        requests_by_category=_by_category([r.category for r in requests]),
        offers_published=len(offers),
        offers_by_category=_by_category([o.category for o in offers]),
        proposals=sum(r.proposals for r in requests),
        requests_with_proposals=sum(1 for r in requests if r.proposals > 0),
        first_proposal_median=timedelta(seconds=statistics.median(waits)) if waits else None,
        requests_converted=sum(1 for r in requests if r.ordered),
        offers_converted=sum(1 for o in offers if o.ordered),
        orders=len(orders),
        orders_from_requests=sum(1 for o in orders if o.request_id is not None),
        orders_from_offers=sum(1 for o in orders if o.offer_id is not None),
        orders_finished=sum(1 for o in orders if o.status in FINISHED),
        orders_completed=sum(1 for o in orders if o.status == "completed"),
        orders_disputed=sum(1 for o in orders if o.disputed),
        repeat_hires=sum(1 for o in orders if o.repeat),
    )
