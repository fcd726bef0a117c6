"""SQL queries of the admin channel (core.ports.AdminQueries): the reports queue, the
verification queue, an actor's audit trail and the facts behind the pilot analytics.

The analytics queries return one small row per request, offer and order of the window
(correlated subqueries for counts and firsts, portable between SQLite and PostgreSQL);
``core.analytics`` does the arithmetic, so the definitions live in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String, and_, cast, exists, func, literal, select

from core.analytics import OfferFact, OrderFact, PilotFacts, RequestFact
from core.model import Account, AuditEntry, OfferStatus, VerificationStatus
from storage import tables as t
from storage.repositories import _account, _audit, _Repository


class SqlAdminQueries(_Repository):
    async def open_reports(self, *, limit: int = 20) -> list[AuditEntry]:
        a = t.audit_entry
        closing = a.alias("closing")
        closed = exists().where(
            closing.c.action == "report.close",
            closing.c.subject == literal("report:", String) + cast(a.c.id, String),
        )
        rows = await self._all(
            select(a).where(a.c.action == "report", ~closed).order_by(a.c.id).limit(limit)
        )
        return [_audit(r) for r in rows]

    async def pending_verifications(self, *, limit: int = 20) -> list[Account]:
        rows = await self._all(
            select(t.account)
            .where(t.account.c.verification == VerificationStatus.PENDING.value)
            .order_by(t.account.c.id)
            .limit(limit)
        )
        return [_account(r) for r in rows]

    async def audit_by_actor(self, actor_id: int, *, limit: int = 50) -> list[AuditEntry]:
        a = t.audit_entry
        latest = (
            select(a).where(a.c.actor_id == actor_id).order_by(a.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [_audit(r) for r in rows]

    async def pilot_facts(self, since: datetime, until: datetime) -> PilotFacts:
        r, p, o, d, off = t.request, t.proposal, t.marketplace_order, t.dispute, t.offer
        proposals = select(func.count()).where(p.c.request_id == r.c.id).scalar_subquery()
        first = select(func.min(p.c.created_at)).where(p.c.request_id == r.c.id).scalar_subquery()
        request_rows = await self._all(
            select(
                r.c.id,
                r.c.category,
                r.c.created_at,
                proposals.label("proposals"),
                first.label("first_proposal_at"),
                exists().where(o.c.request_id == r.c.id).label("ordered"),
            )
            .where(r.c.created_at >= since, r.c.created_at < until)
            .order_by(r.c.id)
        )
        offer_rows = await self._all(
            select(
                off.c.id,
                off.c.category,
                off.c.created_at,
                exists().where(o.c.offer_id == off.c.id).label("ordered"),
            )
            .where(
                off.c.created_at >= since,
                off.c.created_at < until,
                off.c.status != OfferStatus.DRAFT.value,
            )
            .order_by(off.c.id)
        )
        earlier = o.alias("earlier")
        order_rows = await self._all(
            select(
                o.c.id,
                o.c.buyer_id,
                o.c.seller_id,
                o.c.status,
                o.c.created_at,
                o.c.offer_id,
                o.c.request_id,
                exists().where(d.c.order_id == o.c.id).label("disputed"),
                exists()
                .where(
                    and_(
                        earlier.c.buyer_id == o.c.buyer_id,
                        earlier.c.seller_id == o.c.seller_id,
                        earlier.c.id < o.c.id,
                    )
                )
                .label("repeat"),
            )
            .where(o.c.created_at >= since, o.c.created_at < until)
            .order_by(o.c.id)
        )
        return PilotFacts(
            requests=[
                RequestFact(
                    id=row["id"],
                    category=row["category"],
                    created_at=row["created_at"],
                    proposals=int(row["proposals"] or 0),
                    first_proposal_at=_utc(row["first_proposal_at"]),
                    ordered=bool(row["ordered"]),
                )
                for row in request_rows
            ],
            offers=[
                OfferFact(
                    id=row["id"],
                    category=row["category"],
                    created_at=row["created_at"],
                    ordered=bool(row["ordered"]),
                )
                for row in offer_rows
            ],
            orders=[
                OrderFact(
                    id=row["id"],
                    buyer_id=row["buyer_id"],
                    seller_id=row["seller_id"],
                    status=row["status"],
                    created_at=row["created_at"],
                    offer_id=row["offer_id"],
                    request_id=row["request_id"],
                    disputed=bool(row["disputed"]),
                    repeat=bool(row["repeat"]),
                )
                for row in order_rows
            ],
        )



def _utc(value: object) -> datetime | None:
    """MIN() over a time column, as an aware UTC datetime (SQLite may hand back the stored
    text or a naive value)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
