"""In-memory fake of the admin channel's queries (core.moderation.ports.AdminQueries), reading the
fake unit of work's state like the SQL version reads the tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from core.accounts.model import Account, VerificationStatus
from core.listings.model import OfferStatus
from core.moderation.analytics import OfferFact, OrderFact, PilotFacts, RequestFact
from core.moderation.model import AuditEntry


class FakeAdminQueries:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def s(self) -> Any:
        return self.uow.state

    async def open_reports(self, *, limit: int = 20) -> list[AuditEntry]:
        closed = {e.subject for e in self.s.audit if e.action == "report.close"}
        reports = [e for e in self.s.audit if e.action == "report"]
        return sorted(
            (e for e in reports if f"report:{e.id}" not in closed), key=lambda e: e.id
        )[:limit]

    async def pending_verifications(self, *, limit: int = 20) -> list[Account]:
        waiting = [
            replace(a)
            for a in self.s.accounts.values()
            if a.verification is VerificationStatus.PENDING
        ]
        return sorted(waiting, key=lambda a: a.id)[:limit]

    async def audit_by_actor(self, actor_id: int, *, limit: int = 50) -> list[AuditEntry]:
        return sorted((e for e in self.s.audit if e.actor_id == actor_id), key=lambda e: e.id)[
            -limit:
        ]

    async def pilot_facts(self, since: datetime, until: datetime) -> PilotFacts:
        s = self.s

        def inside(at: datetime) -> bool:
            return since <= at < until

        orders = sorted(s.orders.values(), key=lambda o: o.id)
        disputed = {d.order_id for d in s.disputes.values()}
        requests = []
        for r in sorted(s.requests.values(), key=lambda r: r.id):
            if not inside(r.created_at):
                continue
            bids = [p for p in s.proposals.values() if p.request_id == r.id]
            requests.append(
                RequestFact(
                    id=r.id,
                    category=r.category,
                    created_at=r.created_at,
                    proposals=len(bids),
                    first_proposal_at=min((p.created_at for p in bids), default=None),
                    ordered=any(o.request_id == r.id for o in orders),
                )
            )
        offers = [
            OfferFact(
                id=o.id,
                category=o.category,
                created_at=o.created_at,
                ordered=any(order.offer_id == o.id for order in orders),
            )
            for o in sorted(s.offers.values(), key=lambda o: o.id)
            if inside(o.created_at) and o.status is not OfferStatus.DRAFT
        ]
        facts = [
            OrderFact(
                id=o.id,
                buyer_id=o.buyer_id,
                seller_id=o.seller_id,
                status=o.status.value,
                created_at=o.created_at,
                offer_id=o.offer_id,
                request_id=o.request_id,
                disputed=o.id in disputed,
                repeat=any(
                    e.buyer_id == o.buyer_id and e.seller_id == o.seller_id and e.id < o.id
                    for e in orders
                ),
            )
            for o in orders
            if inside(o.created_at)
        ]
        return PilotFacts(requests=requests, offers=offers, orders=facts)
