"""Moderation on SQL: the append-only audit log, and what the admin channel reads (the
reports queue, the verification queue, an actor's audit trail, the pilot analytics' facts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, and_, cast, exists, func, literal, select

from core.accounts.model import Account, VerificationStatus
from core.listings.model import OfferStatus
from core.moderation.analytics import OfferFact, OrderFact, PilotFacts, RequestFact
from core.moderation.model import AuditEntry
from storage import tables as t
from storage.accounts import ACCOUNT
from storage.mapping import RowMapper
from storage.repository import _Repository

AUDIT = RowMapper(AuditEntry)
_REQUEST_FACT = RowMapper(RequestFact)
_OFFER_FACT = RowMapper(OfferFact)
_ORDER_FACT = RowMapper(OrderFact)


class SqlAuditRepository(_Repository):
    """The append-only log of what moderators and operators did."""

    async def add(self, entry: AuditEntry) -> AuditEntry:
        row = AUDIT.row(entry)
        return AUDIT.entity(row | {"id": await self._insert_id(t.audit_entry, row)})

    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]:
        """The latest ``limit`` entries, oldest first."""
        a = t.audit_entry
        latest = (
            select(a).where(a.c.subject == subject).order_by(a.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [AUDIT.entity(r) for r in rows]


class SqlAdminQueries(_Repository):
    """The moderators' queues and audit views, and the pilot analytics' facts.

    The analytics queries return one small row per request, offer and order of the window
    (correlated subqueries for counts and firsts, portable between SQLite and PostgreSQL);
    ``core.moderation.analytics`` does the arithmetic, so the definitions live in one place.
    """

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
        return [AUDIT.entity(r) for r in rows]

    async def pending_verifications(self, *, limit: int = 20) -> list[Account]:
        rows = await self._all(
            select(t.account)
            .where(t.account.c.verification == VerificationStatus.PENDING.value)
            .order_by(t.account.c.id)
            .limit(limit)
        )
        return [ACCOUNT.entity(r) for r in rows]

    async def audit_by_actor(self, actor_id: int, *, limit: int = 50) -> list[AuditEntry]:
        a = t.audit_entry
        latest = (
            select(a).where(a.c.actor_id == actor_id).order_by(a.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [AUDIT.entity(r) for r in rows]

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
            requests=[_REQUEST_FACT.entity(row) for row in request_rows],
            offers=[_OFFER_FACT.entity(row) for row in offer_rows],
            orders=[_ORDER_FACT.entity(row) for row in order_rows],
        )
