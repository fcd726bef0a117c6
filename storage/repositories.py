"""SQLAlchemy implementations of the repository ports of core.ports.

Each repository works on the connection of its unit of work (``Transaction``), converts rows
to the dataclasses of core.model and back explicitly, and hands out fresh copies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy import String as SqlString
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from core.errors import ConcurrentUpdate, Conflict
from core.model import (
    TERMINAL_STATUSES,
    Account,
    AccountKind,
    AccountStatus,
    Attachment,
    AuditEntry,
    Authorship,
    Delivery,
    Dispute,
    DisputeStatus,
    Identity,
    Offer,
    OfferStatus,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    PaymentMode,
    Proposal,
    ProposalStatus,
    Provenance,
    Request,
    RequestStatus,
    Review,
    Ruling,
    Timer,
    TimerKind,
    TimerStatus,
    TrustStats,
    VerificationStatus,
)
from core.ports import BrowseQuery, Page
from storage import tables as t
from storage.sql import conflicts_as, fts5_query, search_words, tsquery, upsert_insert
from storage.tables import UTCDateTime

RowLike = Mapping[Any, Any]
Conflicts = dict[tuple[str, ...], Callable[[], Conflict]]


class Transaction(Protocol):
    """What a repository needs from its unit of work."""

    dialect: str

    async def connection(self) -> AsyncConnection: ...


class _Repository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def _conn(self) -> AsyncConnection:
        return await self._tx.connection()

    async def _one(self, stmt: Any) -> RowMapping | None:
        return (await (await self._conn()).execute(stmt)).mappings().first()

    async def _all(self, stmt: Any) -> Sequence[RowMapping]:
        return (await (await self._conn()).execute(stmt)).mappings().all()

    async def _insert_id(self, table: Any, values: Mapping[str, Any]) -> int:
        result = await (await self._conn()).execute(
            insert(table).values(**values).returning(table.c.id)
        )
        return int(result.scalar_one())


def _values(row: Mapping[str, Any], *, without: tuple[str, ...] = ("id",)) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in without}


def _enum_or_none(enum: Any, value: str | None) -> Any:
    return enum(value) if value is not None else None


# ---------------------------------------------------------------- accounts

def _account_row(a: Account) -> dict[str, Any]:
    return {
        "id": a.id,
        "display_name": a.display_name,
        "kind": a.kind.value,
        "created_at": a.created_at,
        "username": a.username,
        "supervisor_id": a.supervisor_id,
        "status": a.status.value,
        "verification": a.verification.value,
        "roles": sorted(a.roles),
        "email": a.email,
        "email_verified": a.email_verified,
        "language": a.language,
        "api_access_until": a.api_access_until,
        "username_changes": a.username_changes,
        "trust_score": a.trust_score,
        "ban_reason": a.ban_reason,
        "notify_platform": a.notify_platform,
        "last_platform": a.last_platform,
    }


def _account(r: RowLike) -> Account:
    return Account(
        id=r["id"],
        display_name=r["display_name"],
        kind=AccountKind(r["kind"]),
        created_at=r["created_at"],
        username=r["username"],
        supervisor_id=r["supervisor_id"],
        status=AccountStatus(r["status"]),
        verification=VerificationStatus(r["verification"]),
        roles=frozenset(r["roles"] or ()),
        email=r["email"],
        email_verified=bool(r["email_verified"]),
        language=r["language"],
        api_access_until=r["api_access_until"],
        username_changes=r["username_changes"],
        trust_score=r["trust_score"],
        ban_reason=r["ban_reason"],
        notify_platform=r["notify_platform"],
        last_platform=r["last_platform"],
    )


_ACCOUNT_CONFLICTS: Conflicts = {
    ("username",): lambda: Conflict("That @username is taken; pick another.",
                                    code="account.username_taken"),
    ("email",): lambda: Conflict("An account with that email exists already.",
                                 code="account.email_taken"),
}

_IDENTITY_CONFLICTS: Conflicts = {
    ("identity", "provider"): lambda: Conflict(
        "That identity is linked to an account already.", code="identity.taken"),
}


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlAccountRepository(_Repository):
    """Accounts, their linked identities and the trust-score aggregates."""

    async def add(self, account: Account) -> Account:
        conn = await self._conn()
        async with conflicts_as(conn, _ACCOUNT_CONFLICTS):
            new_id = await self._insert_id(t.account, _values(_account_row(account)))
        return await self._get_required(new_id)

    async def _get_required(self, account_id: int) -> Account:
        found = await self.get(account_id)
        assert found is not None
        return found

    async def get(self, account_id: int) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.id == account_id))
        return _account(row) if row else None

    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        rows = await self._all(select(t.account).where(t.account.c.id.in_(ids)))
        return {r["id"]: _account(r) for r in rows}

    async def update(self, account: Account) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _ACCOUNT_CONFLICTS):
            await conn.execute(
                update(t.account)
                .where(t.account.c.id == account.id)
                .values(**_values(_account_row(account)))
            )

    async def by_username(self, username: str) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.username == username))
        return _account(row) if row else None

    async def by_email(self, email: str) -> Account | None:
        row = await self._one(select(t.account).where(t.account.c.email == email))
        return _account(row) if row else None

    async def by_identity(self, provider: str, external_id: str) -> Account | None:
        row = await self._one(
            select(t.account)
            .join(t.identity, t.identity.c.account_id == t.account.c.id)
            .where(t.identity.c.provider == provider, t.identity.c.external_id == external_id)
        )
        return _account(row) if row else None

    async def add_identity(self, identity: Identity) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _IDENTITY_CONFLICTS):
            await conn.execute(
                insert(t.identity).values(
                    provider=identity.provider,
                    external_id=identity.external_id,
                    account_id=identity.account_id,
                )
            )

    async def remove_identity(self, provider: str, external_id: str) -> None:
        await (await self._conn()).execute(
            delete(t.identity).where(
                t.identity.c.provider == provider, t.identity.c.external_id == external_id
            )
        )

    async def identities(self, account_id: int) -> list[Identity]:
        return (await self.identities_many([account_id])).get(account_id, [])

    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        rows = await self._all(
            select(t.identity).where(t.identity.c.account_id.in_(ids)).order_by(t.identity.c.id)
        )
        found: dict[int, list[Identity]] = {}
        for r in rows:
            found.setdefault(r["account_id"], []).append(
                Identity(r["provider"], r["external_id"], r["account_id"])
            )
        return found

    async def agents_of(self, supervisor_id: int) -> list[Account]:
        rows = await self._all(
            select(t.account)
            .where(t.account.c.supervisor_id == supervisor_id)
            .order_by(t.account.c.id)
        )
        return [_account(r) for r in rows]

    async def with_role(self, role: str) -> list[Account]:
        # Roles are a short JSON list of slugs: matching the quoted slug in its text is
        # portable and exact, and the list of privileged accounts is tiny.
        pattern = f'%"{_like_escape(role)}"%'
        rows = await self._all(
            select(t.account)
            .where(cast(t.account.c.roles, SqlString).like(pattern, escape="\\"))
            .order_by(t.account.c.id)
        )
        return [_account(r) for r in rows if role in (r["roles"] or ())]

    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        o, rv, d = t.marketplace_order, t.review, t.dispute
        completed = OrderStatus.COMPLETED.value
        terminal = [s.value for s in TERMINAL_STATUSES]

        def metric(name: str) -> Any:
            return literal(name, SqlString).label("metric")

        ratings = (
            select(rv.c.subject_id.label("account_id"), metric("rating"),
                   func.count().label("a"), func.coalesce(func.sum(rv.c.rating), 0).label("b"))
            .where(rv.c.subject_id.in_(ids), rv.c.revealed_at.is_not(None))
            .group_by(rv.c.subject_id)
        )
        as_seller = (
            select(o.c.seller_id.label("account_id"), metric("seller"),
                   func.sum(case((o.c.status == completed, 1), else_=0)).label("a"),
                   func.sum(case((o.c.status.in_(terminal), 1), else_=0)).label("b"))
            .where(o.c.seller_id.in_(ids))
            .group_by(o.c.seller_id)
        )
        disputed_orders = exists().where(d.c.order_id == o.c.id)
        party = union_all(
            select(o.c.seller_id.label("account_id"), o.c.id.label("order_id"))
            .where(o.c.seller_id.in_(ids), disputed_orders),
            select(o.c.buyer_id.label("account_id"), o.c.id.label("order_id"))
            .where(o.c.buyer_id.in_(ids), disputed_orders),
        ).subquery("party")
        disputes = (
            select(party.c.account_id, metric("disputed"),
                   func.count(party.c.order_id.distinct()).label("a"), literal(0).label("b"))
            .group_by(party.c.account_id)
        )
        pairs = (
            select(o.c.seller_id, o.c.buyer_id)
            .where(o.c.seller_id.in_(ids), o.c.status == completed)
            .group_by(o.c.seller_id, o.c.buyer_id)
            .having(func.count() > 1)
            .subquery("pairs")
        )
        repeats = (
            select(pairs.c.seller_id.label("account_id"), metric("repeat"),
                   func.count().label("a"), literal(0).label("b"))
            .group_by(pairs.c.seller_id)
        )
        rows = await self._all(union_all(ratings, as_seller, disputes, repeats))
        acc: dict[int, dict[str, int]] = {i: {} for i in ids}
        for r in rows:
            values = acc[r["account_id"]]
            a, b = int(r["a"] or 0), int(r["b"] or 0)
            match r["metric"]:
                case "rating":
                    values.update(rating_count=a, rating_sum=b)
                case "seller":
                    values.update(completed=a, finished=b)
                case "disputed":
                    values.update(disputed=a)
                case "repeat":
                    values.update(repeat_hires=a)
        return {i: TrustStats(account_id=i, **values) for i, values in acc.items()}


# ---------------------------------------------------------------- listings


def _offer_row(o: Offer) -> dict[str, Any]:
    return {
        "id": o.id, "seller_id": o.seller_id, "title": o.title, "category": o.category,
        "description": o.description, "inputs": o.inputs, "output_format": o.output_format,
        "delivery_days": o.delivery_days, "bot_pct": o.bot_pct, "price_cents": o.price_cents,
        "currency": o.currency, "revisions_included": o.revisions_included,
        "status": o.status.value, "created_at": o.created_at, "updated_at": o.updated_at,
        "expires_at": o.expires_at, "boosted_until": o.boosted_until,
        "requires_signoff": o.requires_signoff, "hidden_reason": o.hidden_reason,
        "status_before_hidden": o.status_before_hidden.value if o.status_before_hidden else None,
    }


def _offer(r: RowLike) -> Offer:
    return Offer(
        id=r["id"], seller_id=r["seller_id"], title=r["title"], category=r["category"],
        description=r["description"], inputs=r["inputs"], output_format=r["output_format"],
        delivery_days=r["delivery_days"], bot_pct=r["bot_pct"], price_cents=r["price_cents"],
        currency=r["currency"], revisions_included=r["revisions_included"],
        status=OfferStatus(r["status"]), created_at=r["created_at"],
        updated_at=r["updated_at"], expires_at=r["expires_at"],
        boosted_until=r["boosted_until"], requires_signoff=bool(r["requires_signoff"]),
        hidden_reason=r["hidden_reason"],
        status_before_hidden=_enum_or_none(OfferStatus, r["status_before_hidden"]),
    )


def _request_row(q: Request) -> dict[str, Any]:
    return {
        "id": q.id, "buyer_id": q.buyer_id, "title": q.title, "category": q.category,
        "description": q.description, "inputs": q.inputs,
        "budget_min_cents": q.budget_min_cents, "budget_max_cents": q.budget_max_cents,
        "currency": q.currency, "deadline": q.deadline, "proofers_wanted": q.proofers_wanted,
        "status": q.status.value, "created_at": q.created_at, "updated_at": q.updated_at,
        "hidden_reason": q.hidden_reason,
        "status_before_hidden": q.status_before_hidden.value if q.status_before_hidden else None,
    }


def _request(r: RowLike) -> Request:
    return Request(
        id=r["id"], buyer_id=r["buyer_id"], title=r["title"], category=r["category"],
        description=r["description"], inputs=r["inputs"],
        budget_min_cents=r["budget_min_cents"], budget_max_cents=r["budget_max_cents"],
        currency=r["currency"], deadline=r["deadline"], proofers_wanted=r["proofers_wanted"],
        status=RequestStatus(r["status"]), created_at=r["created_at"],
        updated_at=r["updated_at"], hidden_reason=r["hidden_reason"],
        status_before_hidden=_enum_or_none(RequestStatus, r["status_before_hidden"]),
    )


def word_match(dialect: str, table: Any, words: list[str]) -> ColumnElement[bool]:
    """Rows of ``table`` (offer or request) containing every word, through the full-text
    index: FTS5 on SQLite, the GIN expression index on PostgreSQL (the expression here must
    stay identical to the index's, or PostgreSQL scans)."""
    name = table.name
    if dialect == "sqlite":
        matching: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text(f"{name}_fts"))
            .where(text(f"{name}_fts MATCH :fts_words").bindparams(fts_words=fts5_query(words)))
        )
        found: ColumnElement[bool] = table.c.id.in_(matching)
        return found
    space: ColumnElement[str] = literal_column("' '")
    document = table.c.title.concat(space).concat(table.c.description).concat(space).concat(
        table.c.inputs
    )
    simple: ColumnElement[str] = literal_column("'simple'")
    vector = func.to_tsvector(simple, document)
    matched: ColumnElement[bool] = vector.op("@@")(func.to_tsquery(simple, tsquery(words)))
    return matched


def _after(sort_key: Sequence[Any], anchor: Sequence[Any], types: Sequence[Any]) -> Any:
    """Keyset condition for a fully descending sort: strictly after the anchor row."""
    bound = (literal(value, type_) for value, type_ in zip(anchor, types, strict=True))
    return tuple_(*sort_key) < tuple_(*bound)


async def _page(
    repo: _Repository, stmt: Select[Any], limit: int, convert: Any
) -> Page[Any]:
    rows = await repo._all(stmt.limit(limit + 1))
    items = [convert(r) for r in rows[:limit]]
    return Page(items, has_more=len(rows) > limit)


class SqlOfferRepository(_Repository):
    """Offers, and the ranked, filtered, keyset-paged browse."""

    async def add(self, offer: Offer) -> Offer:
        new_id = await self._insert_id(t.offer, _values(_offer_row(offer)))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, offer_id: int) -> Offer | None:
        row = await self._one(select(t.offer).where(t.offer.c.id == offer_id))
        return _offer(row) if row else None

    async def update(self, offer: Offer) -> None:
        await (await self._conn()).execute(
            update(t.offer).where(t.offer.c.id == offer.id).values(**_values(_offer_row(offer)))
        )

    async def by_seller(self, seller_id: int) -> list[Offer]:
        rows = await self._all(
            select(t.offer)
            .where(t.offer.c.seller_id == seller_id)
            .order_by(t.offer.c.id)
        )
        return [_offer(r) for r in rows]

    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        o, a = t.offer, t.account
        boosted = case((o.c.boosted_until > literal(query.now, UTCDateTime()), 1), else_=0)
        sort_key = (boosted, a.c.trust_score, o.c.created_at, o.c.id)
        joined = o.join(a, a.c.id == o.c.seller_id)
        conditions: list[Any] = []
        if query.statuses:
            conditions.append(o.c.status.in_([str(s) for s in query.statuses]))
        else:
            conditions += [
                o.c.status == OfferStatus.ACTIVE.value,
                or_(o.c.expires_at.is_(None), o.c.expires_at > literal(query.now, UTCDateTime())),
            ]
        if query.category:
            conditions.append(o.c.category == query.category)
        if words := search_words(query.words):
            conditions.append(word_match(self._tx.dialect, o, words))
        if query.min_cents is not None:
            conditions.append(o.c.price_cents >= query.min_cents)
        if query.max_cents is not None:
            conditions.append(o.c.price_cents <= query.max_cents)
        if query.exclude_owner_id is not None:
            conditions.append(o.c.seller_id != query.exclude_owner_id)
        if query.owner_id is not None:
            conditions.append(o.c.seller_id == query.owner_id)
        if query.starting_after is not None:
            anchor = (await (await self._conn()).execute(
                select(*sort_key).select_from(joined).where(o.c.id == query.starting_after)
            )).first()
            if anchor is None:
                # An unknown cursor: showing page one again would look like a loop.
                return Page([], has_more=False)
            conditions.append(_after(sort_key, tuple(anchor), (
                boosted.type, a.c.trust_score.type, UTCDateTime(), o.c.id.type)))
        stmt = (
            select(o).select_from(joined).where(*conditions)
            .order_by(*(k.desc() for k in sort_key))
        )
        return await _page(self, stmt, query.limit, _offer)


class SqlRequestRepository(_Repository):
    """Requests (jobs), and their newest-first browse."""

    async def add(self, request: Request) -> Request:
        new_id = await self._insert_id(t.request, _values(_request_row(request)))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, request_id: int) -> Request | None:
        row = await self._one(select(t.request).where(t.request.c.id == request_id))
        return _request(row) if row else None

    async def update(self, request: Request) -> None:
        await (await self._conn()).execute(
            update(t.request)
            .where(t.request.c.id == request.id)
            .values(**_values(_request_row(request)))
        )

    async def by_buyer(self, buyer_id: int) -> list[Request]:
        rows = await self._all(
            select(t.request)
            .where(t.request.c.buyer_id == buyer_id)
            .order_by(t.request.c.id)
        )
        return [_request(r) for r in rows]

    async def browse(self, query: BrowseQuery) -> Page[Request]:
        q = t.request
        sort_key = (q.c.created_at, q.c.id)
        conditions: list[Any] = []
        if query.statuses:
            conditions.append(q.c.status.in_([str(s) for s in query.statuses]))
        else:
            conditions += [
                q.c.status == RequestStatus.OPEN.value,
                q.c.deadline > literal(query.now, UTCDateTime()),
            ]
        if query.category:
            conditions.append(q.c.category == query.category)
        if words := search_words(query.words):
            conditions.append(word_match(self._tx.dialect, q, words))
        if query.min_cents is not None:
            conditions.append(q.c.budget_max_cents >= query.min_cents)
        if query.max_cents is not None:
            conditions.append(q.c.budget_min_cents <= query.max_cents)
        if query.exclude_owner_id is not None:
            conditions.append(q.c.buyer_id != query.exclude_owner_id)
        if query.owner_id is not None:
            conditions.append(q.c.buyer_id == query.owner_id)
        if query.exclude_applied_by is not None:
            conditions.append(~exists().where(
                t.proposal.c.request_id == q.c.id,
                t.proposal.c.seller_id == query.exclude_applied_by,
            ))
        if query.starting_after is not None:
            anchor = (await (await self._conn()).execute(
                select(*sort_key).where(q.c.id == query.starting_after)
            )).first()
            if anchor is None:
                return Page([], has_more=False)
            conditions.append(_after(sort_key, tuple(anchor), (UTCDateTime(), q.c.id.type)))
        stmt = select(q).where(*conditions).order_by(*(k.desc() for k in sort_key))
        return await _page(self, stmt, query.limit, _request)


# ---------------------------------------------------------------- proposals


def _proposal_row(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.id, "request_id": p.request_id, "seller_id": p.seller_id,
        "message": p.message, "price_cents": p.price_cents, "timeline_days": p.timeline_days,
        "status": p.status.value, "created_at": p.created_at, "updated_at": p.updated_at,
    }


def _proposal(r: RowLike) -> Proposal:
    return Proposal(
        id=r["id"], request_id=r["request_id"], seller_id=r["seller_id"], message=r["message"],
        price_cents=r["price_cents"], timeline_days=r["timeline_days"],
        status=ProposalStatus(r["status"]), created_at=r["created_at"],
        updated_at=r["updated_at"],
    )


_PROPOSAL_CONFLICTS: Conflicts = {
    ("proposal", "one_pending"): lambda: Conflict(
        "You already have a pending proposal on this request; withdraw it first to send a "
        "new one.", code="proposal.duplicate"),
}


class SqlProposalRepository(_Repository):
    """Proposals (applications); the database keeps one pending per seller and request."""

    async def add(self, proposal: Proposal) -> Proposal:
        conn = await self._conn()
        async with conflicts_as(conn, _PROPOSAL_CONFLICTS):
            new_id = await self._insert_id(t.proposal, _values(_proposal_row(proposal)))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, proposal_id: int) -> Proposal | None:
        row = await self._one(select(t.proposal).where(t.proposal.c.id == proposal_id))
        return _proposal(row) if row else None

    async def update(self, proposal: Proposal) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _PROPOSAL_CONFLICTS):
            await conn.execute(
                update(t.proposal)
                .where(t.proposal.c.id == proposal.id)
                .values(**_values(_proposal_row(proposal)))
            )

    async def for_request(self, request_id: int) -> list[Proposal]:
        rows = await self._all(
            select(t.proposal)
            .where(t.proposal.c.request_id == request_id)
            .order_by(t.proposal.c.id)
        )
        return [_proposal(r) for r in rows]

    async def by_seller(self, seller_id: int) -> list[Proposal]:
        rows = await self._all(
            select(t.proposal)
            .where(t.proposal.c.seller_id == seller_id)
            .order_by(t.proposal.c.id)
        )
        return [_proposal(r) for r in rows]

    async def count_for_requests(self, request_ids: Sequence[int]) -> dict[int, int]:
        ids = list(dict.fromkeys(request_ids))
        if not ids:
            return {}
        rows = await self._all(
            select(t.proposal.c.request_id, func.count().label("n"))
            .where(t.proposal.c.request_id.in_(ids))
            .group_by(t.proposal.c.request_id)
        )
        return {r["request_id"]: int(r["n"]) for r in rows}


# ---------------------------------------------------------------- orders


def _order_row(o: Order) -> dict[str, Any]:
    return {
        "id": o.id, "buyer_id": o.buyer_id, "seller_id": o.seller_id, "title": o.title,
        "price_cents": o.price_cents, "currency": o.currency,
        "payment_mode": o.payment_mode.value, "status": o.status.value,
        "revisions_included": o.revisions_included, "delivery_days": o.delivery_days,
        "due_at": o.due_at, "created_at": o.created_at, "updated_at": o.updated_at,
        "offer_id": o.offer_id, "request_id": o.request_id, "proposal_id": o.proposal_id,
        "revisions_used": o.revisions_used, "requires_signoff": o.requires_signoff,
        "proofers_wanted": o.proofers_wanted,
        "resume_status": o.resume_status.value if o.resume_status else None,
        "cancel_requested_by": o.cancel_requested_by, "delivered_at": o.delivered_at,
        "completed_at": o.completed_at, "version": o.version,
    }


def _order(r: RowLike) -> Order:
    return Order(
        id=r["id"], buyer_id=r["buyer_id"], seller_id=r["seller_id"], title=r["title"],
        price_cents=r["price_cents"], currency=r["currency"],
        payment_mode=PaymentMode(r["payment_mode"]), status=OrderStatus(r["status"]),
        revisions_included=r["revisions_included"], delivery_days=r["delivery_days"],
        due_at=r["due_at"], created_at=r["created_at"], updated_at=r["updated_at"],
        offer_id=r["offer_id"], request_id=r["request_id"], proposal_id=r["proposal_id"],
        revisions_used=r["revisions_used"], requires_signoff=bool(r["requires_signoff"]),
        proofers_wanted=r["proofers_wanted"],
        resume_status=_enum_or_none(OrderStatus, r["resume_status"]),
        cancel_requested_by=r["cancel_requested_by"], delivered_at=r["delivered_at"],
        completed_at=r["completed_at"], version=r["version"],
    )


def _attachment_json(a: Attachment | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"name": a.name, "ref": a.ref, "size": a.size, "content_type": a.content_type}


def _attachment(data: RowLike | None) -> Attachment | None:
    if not data:
        return None
    return Attachment(name=data["name"], ref=data["ref"], size=int(data.get("size") or 0),
                      content_type=data.get("content_type"))


def _provenance_json(p: Provenance | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "automated": p.automated,
        "tools": list(p.tools),
        "reviewed_by": p.reviewed_by,
        "reviewed_at": p.reviewed_at.isoformat() if p.reviewed_at else None,
    }


def _provenance(data: RowLike | None) -> Provenance | None:
    if not data:
        return None
    reviewed_at = data.get("reviewed_at")
    return Provenance(
        automated=data["automated"],
        tools=tuple(data.get("tools") or ()),
        reviewed_by=data.get("reviewed_by"),
        reviewed_at=datetime.fromisoformat(reviewed_at) if reviewed_at else None,
    )


def _delivery_row(d: Delivery) -> dict[str, Any]:
    return {
        "id": d.id, "order_id": d.order_id, "author_id": d.author_id,
        "authorship": d.authorship.value, "note": d.note, "created_at": d.created_at,
        "url": d.url, "attachment": _attachment_json(d.attachment),
        "provenance": _provenance_json(d.provenance),
    }


def _delivery(r: RowLike) -> Delivery:
    return Delivery(
        id=r["id"], order_id=r["order_id"], author_id=r["author_id"],
        authorship=Authorship(r["authorship"]), note=r["note"], created_at=r["created_at"],
        url=r["url"], attachment=_attachment(r["attachment"]),
        provenance=_provenance(r["provenance"]),
    )


def _order_event(r: RowLike) -> OrderEvent:
    return OrderEvent(
        id=r["id"], order_id=r["order_id"], action=r["action"],
        from_status=_enum_or_none(OrderStatus, r["from_status"]),
        to_status=OrderStatus(r["to_status"]), actor_id=r["actor_id"],
        actor_role=r["actor_role"], created_at=r["created_at"], note=r["note"],
    )


def _order_message(r: RowLike) -> OrderMessage:
    return OrderMessage(
        id=r["id"], order_id=r["order_id"], author_id=r["author_id"],
        authorship=Authorship(r["authorship"]), text=r["text"], created_at=r["created_at"],
        attachment=_attachment(r["attachment"]), redacted=bool(r["redacted"]),
    )


class SqlOrderRepository(_Repository):
    """Orders with optimistic locking, and their timeline, messages and deliveries."""

    async def add(self, order: Order) -> Order:
        new_id = await self._insert_id(t.marketplace_order, _values(_order_row(order)))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, order_id: int) -> Order | None:
        row = await self._one(
            select(t.marketplace_order).where(t.marketplace_order.c.id == order_id)
        )
        return _order(row) if row else None

    async def update(self, order: Order) -> None:
        o = t.marketplace_order
        values = _values(_order_row(order)) | {"version": order.version + 1}
        result = await (await self._conn()).execute(
            update(o).where(o.c.id == order.id, o.c.version == order.version).values(**values)
        )
        if result.rowcount != 1:
            raise ConcurrentUpdate()
        order.version += 1

    async def for_account(
        self, account_id: int, *, statuses: Sequence[OrderStatus] = (), limit: int = 50
    ) -> list[Order]:
        o = t.marketplace_order
        stmt = select(o).where(or_(o.c.buyer_id == account_id, o.c.seller_id == account_id))
        if statuses:
            stmt = stmt.where(o.c.status.in_([s.value for s in statuses]))
        rows = await self._all(
            stmt.order_by(o.c.updated_at.desc(), o.c.id.desc()).limit(limit)
        )
        return [_order(r) for r in rows]

    async def by_request(self, request_id: int) -> Order | None:
        o = t.marketplace_order
        row = await self._one(
            select(o).where(o.c.request_id == request_id).order_by(o.c.id.desc()).limit(1)
        )
        return _order(row) if row else None

    async def add_event(self, event: OrderEvent) -> OrderEvent:
        row = {
            "order_id": event.order_id, "action": event.action,
            "from_status": event.from_status.value if event.from_status else None,
            "to_status": event.to_status.value, "actor_id": event.actor_id,
            "actor_role": event.actor_role, "created_at": event.created_at, "note": event.note,
        }
        new_id = await self._insert_id(t.order_event, row)
        return _order_event(row | {"id": new_id})

    async def events(self, order_id: int) -> list[OrderEvent]:
        rows = await self._all(
            select(t.order_event)
            .where(t.order_event.c.order_id == order_id)
            .order_by(t.order_event.c.id)
        )
        return [_order_event(r) for r in rows]

    async def add_message(self, message: OrderMessage) -> OrderMessage:
        row = {
            "order_id": message.order_id, "author_id": message.author_id,
            "authorship": message.authorship.value, "text": message.text,
            "created_at": message.created_at,
            "attachment": _attachment_json(message.attachment), "redacted": message.redacted,
        }
        new_id = await self._insert_id(t.order_message, row)
        return _order_message(row | {"id": new_id})

    async def messages(self, order_id: int, *, limit: int = 100) -> list[OrderMessage]:
        """The latest ``limit`` messages, oldest first (as a chat reads)."""
        m = t.order_message
        latest = (
            select(m).where(m.c.order_id == order_id).order_by(m.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [_order_message(r) for r in rows]

    async def add_delivery(self, delivery: Delivery) -> Delivery:
        row = _values(_delivery_row(delivery))
        new_id = await self._insert_id(t.delivery, row)
        return _delivery(row | {"id": new_id})

    async def deliveries(self, order_id: int) -> list[Delivery]:
        rows = await self._all(
            select(t.delivery).where(t.delivery.c.order_id == order_id).order_by(t.delivery.c.id)
        )
        return [_delivery(r) for r in rows]

    async def update_delivery(self, delivery: Delivery) -> None:
        await (await self._conn()).execute(
            update(t.delivery)
            .where(t.delivery.c.id == delivery.id)
            .values(**_values(_delivery_row(delivery)))
        )


# ---------------------------------------------------------------- timers


def _timer(r: RowLike) -> Timer:
    return Timer(
        id=r["id"], kind=TimerKind(r["kind"]), subject=r["subject"],
        subject_id=r["subject_id"], due_at=r["due_at"], status=TimerStatus(r["status"]),
        created_at=r["created_at"], for_status=r["for_status"],
        remaining_seconds=r["remaining_seconds"], fired_at=r["fired_at"],
    )


_LIVE_TIMER = (TimerStatus.PENDING.value, TimerStatus.PAUSED.value)


class SqlTimerRepository(_Repository):
    """Deadlines as rows, claimed by whichever scheduler process gets there first."""

    async def add(self, timer: Timer) -> Timer:
        row = {
            "kind": timer.kind.value, "subject": timer.subject, "subject_id": timer.subject_id,
            "due_at": timer.due_at, "status": timer.status.value,
            "created_at": timer.created_at, "for_status": timer.for_status,
            "remaining_seconds": timer.remaining_seconds, "fired_at": timer.fired_at,
        }
        new_id = await self._insert_id(t.timer, row)
        return _timer(row | {"id": new_id})

    async def for_subject(self, subject: str, subject_id: int) -> list[Timer]:
        rows = await self._all(
            select(t.timer)
            .where(t.timer.c.subject == subject, t.timer.c.subject_id == subject_id)
            .order_by(t.timer.c.id)
        )
        return [_timer(r) for r in rows]

    async def cancel(self, subject: str, subject_id: int, kinds: Sequence[str] = ()) -> None:
        stmt = update(t.timer).where(
            t.timer.c.subject == subject,
            t.timer.c.subject_id == subject_id,
            t.timer.c.status.in_(_LIVE_TIMER),
        )
        if kinds:
            stmt = stmt.where(t.timer.c.kind.in_([str(k) for k in kinds]))
        await (await self._conn()).execute(stmt.values(status=TimerStatus.CANCELLED.value))

    async def pause(self, subject: str, subject_id: int, now: datetime) -> None:
        conn = await self._conn()
        rows = await self._all(
            select(t.timer.c.id, t.timer.c.due_at).where(
                t.timer.c.subject == subject,
                t.timer.c.subject_id == subject_id,
                t.timer.c.status == TimerStatus.PENDING.value,
            )
        )
        # Date arithmetic differs between the databases; a subject has only a few timers.
        for r in rows:
            remaining = max(0, int((r["due_at"] - now).total_seconds()))
            await conn.execute(
                update(t.timer)
                .where(t.timer.c.id == r["id"])
                .values(status=TimerStatus.PAUSED.value, remaining_seconds=remaining)
            )

    async def resume(self, subject: str, subject_id: int, now: datetime) -> None:
        conn = await self._conn()
        rows = await self._all(
            select(t.timer.c.id, t.timer.c.remaining_seconds).where(
                t.timer.c.subject == subject,
                t.timer.c.subject_id == subject_id,
                t.timer.c.status == TimerStatus.PAUSED.value,
            )
        )
        for r in rows:
            await conn.execute(
                update(t.timer)
                .where(t.timer.c.id == r["id"])
                .values(
                    status=TimerStatus.PENDING.value,
                    due_at=now + timedelta(seconds=r["remaining_seconds"] or 0),
                    remaining_seconds=None,
                )
            )

    async def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        stmt = (
            select(t.timer)
            .where(t.timer.c.status == TimerStatus.PENDING.value, t.timer.c.due_at <= now)
            .order_by(t.timer.c.due_at, t.timer.c.id)
            .limit(limit)
        )
        if self._tx.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        # On SQLite the transaction began IMMEDIATE: other schedulers wait for the commit.
        return [_timer(r) for r in await self._all(stmt)]

    async def mark(self, timer_id: int, status: str, now: datetime) -> None:
        values: dict[str, Any] = {"status": str(status)}
        if str(status) == TimerStatus.DONE.value:
            values["fired_at"] = now
        await (await self._conn()).execute(
            update(t.timer).where(t.timer.c.id == timer_id).values(**values)
        )

    async def reschedule(self, timer_id: int, due_at: datetime) -> None:
        await (await self._conn()).execute(
            update(t.timer)
            .where(t.timer.c.id == timer_id, t.timer.c.status == TimerStatus.PENDING.value)
            .values(due_at=due_at)
        )


# ---------------------------------------------------------------- reviews, disputes, audit


def _review(r: RowLike) -> Review:
    return Review(
        id=r["id"], order_id=r["order_id"], author_id=r["author_id"],
        subject_id=r["subject_id"], rating=r["rating"], text=r["text"],
        created_at=r["created_at"], revealed_at=r["revealed_at"],
    )


def _review_row(r: Review) -> dict[str, Any]:
    return {
        "order_id": r.order_id, "author_id": r.author_id, "subject_id": r.subject_id,
        "rating": r.rating, "text": r.text, "created_at": r.created_at,
        "revealed_at": r.revealed_at,
    }


_REVIEW_CONFLICTS: Conflicts = {
    ("review",): lambda: Conflict("You reviewed this order already.",
                                  code="review.duplicate"),
}


class SqlReviewRepository(_Repository):
    """Double-blind reviews: one per author per order."""

    async def add(self, review: Review) -> Review:
        conn = await self._conn()
        row = _review_row(review)
        async with conflicts_as(conn, _REVIEW_CONFLICTS):
            new_id = await self._insert_id(t.review, row)
        return _review(row | {"id": new_id})

    async def for_order(self, order_id: int) -> list[Review]:
        rows = await self._all(
            select(t.review).where(t.review.c.order_id == order_id).order_by(t.review.c.id)
        )
        return [_review(r) for r in rows]

    async def update(self, review: Review) -> None:
        await (await self._conn()).execute(
            update(t.review).where(t.review.c.id == review.id).values(**_review_row(review))
        )

    async def revealed_about(self, account_id: int, *, limit: int = 20) -> list[Review]:
        rv = t.review
        rows = await self._all(
            select(rv)
            .where(rv.c.subject_id == account_id, rv.c.revealed_at.is_not(None))
            .order_by(rv.c.id.desc())
            .limit(limit)
        )
        return [_review(r) for r in rows]


def _dispute(r: RowLike) -> Dispute:
    return Dispute(
        id=r["id"], order_id=r["order_id"], opened_by=r["opened_by"], reason=r["reason"],
        status=DisputeStatus(r["status"]), created_at=r["created_at"],
        claimed_by=r["claimed_by"], claimed_at=r["claimed_at"],
        ruling=_enum_or_none(Ruling, r["ruling"]), split_pct=r["split_pct"], note=r["note"],
        resolved_at=r["resolved_at"], resolved_by=r["resolved_by"],
    )


def _dispute_row(d: Dispute) -> dict[str, Any]:
    return {
        "order_id": d.order_id, "opened_by": d.opened_by, "reason": d.reason,
        "status": d.status.value, "created_at": d.created_at, "claimed_by": d.claimed_by,
        "claimed_at": d.claimed_at, "ruling": d.ruling.value if d.ruling else None,
        "split_pct": d.split_pct, "note": d.note, "resolved_at": d.resolved_at,
        "resolved_by": d.resolved_by,
    }


_UNRESOLVED = (DisputeStatus.OPEN.value, DisputeStatus.CLAIMED.value)


class SqlDisputeRepository(_Repository):
    """Disputes; claiming is a single conditional UPDATE so two moderators cannot both win."""

    async def add(self, dispute: Dispute) -> Dispute:
        row = _dispute_row(dispute)
        new_id = await self._insert_id(t.dispute, row)
        return _dispute(row | {"id": new_id})

    async def get(self, dispute_id: int) -> Dispute | None:
        row = await self._one(select(t.dispute).where(t.dispute.c.id == dispute_id))
        return _dispute(row) if row else None

    async def open_for_order(self, order_id: int) -> Dispute | None:
        row = await self._one(
            select(t.dispute)
            .where(t.dispute.c.order_id == order_id, t.dispute.c.status.in_(_UNRESOLVED))
            .order_by(t.dispute.c.id.desc())
            .limit(1)
        )
        return _dispute(row) if row else None

    async def update(self, dispute: Dispute) -> None:
        await (await self._conn()).execute(
            update(t.dispute).where(t.dispute.c.id == dispute.id).values(**_dispute_row(dispute))
        )

    async def claim(self, dispute_id: int, moderator_id: int, now: datetime) -> bool:
        result = await (await self._conn()).execute(
            update(t.dispute)
            .where(t.dispute.c.id == dispute_id, t.dispute.c.status == DisputeStatus.OPEN.value)
            .values(status=DisputeStatus.CLAIMED.value, claimed_by=moderator_id, claimed_at=now)
        )
        return bool(result.rowcount == 1)

    async def list_unresolved(self, *, limit: int = 50) -> list[Dispute]:
        rows = await self._all(
            select(t.dispute)
            .where(t.dispute.c.status.in_(_UNRESOLVED))
            .order_by(t.dispute.c.id)
            .limit(limit)
        )
        return [_dispute(r) for r in rows]


def _audit(r: RowLike) -> AuditEntry:
    return AuditEntry(
        id=r["id"], actor_id=r["actor_id"], action=r["action"], subject=r["subject"],
        created_at=r["created_at"], note=r["note"], data=dict(r["data"] or {}),
    )


class SqlAuditRepository(_Repository):
    """The append-only log of what moderators and operators did."""

    async def add(self, entry: AuditEntry) -> AuditEntry:
        row = {
            "actor_id": entry.actor_id, "action": entry.action, "subject": entry.subject,
            "created_at": entry.created_at, "note": entry.note, "data": dict(entry.data),
        }
        new_id = await self._insert_id(t.audit_entry, row)
        return _audit(row | {"id": new_id})

    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]:
        """The latest ``limit`` entries, oldest first."""
        a = t.audit_entry
        latest = (
            select(a).where(a.c.subject == subject).order_by(a.c.id.desc()).limit(limit)
        ).subquery()
        rows = await self._all(select(latest).order_by(latest.c.id))
        return [_audit(r) for r in rows]


# ---------------------------------------------------------------- chat state


class SqlConversationStore(_Repository):
    """Half-filled forms per chat, as JSON rows keyed by e.g. ``telegram:42``."""

    async def get(self, key: str) -> dict[str, Any] | None:
        row = await self._one(
            select(t.conversation_state.c.state).where(t.conversation_state.c.key == key)
        )
        return dict(row["state"]) if row else None

    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None:
        stmt = upsert_insert(self._tx.dialect, t.conversation_state).values(
            key=key, state=state, updated_at=now
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[t.conversation_state.c.key],
            set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
        )
        await (await self._conn()).execute(stmt)

    async def delete(self, key: str) -> None:
        await (await self._conn()).execute(
            delete(t.conversation_state).where(t.conversation_state.c.key == key)
        )


class SqlDedupStore(_Repository):
    """Seen keys (update ids, webhook ids); the primary key decides between racing processes."""

    async def first_time(self, key: str, now: datetime) -> bool:
        stmt = (
            upsert_insert(self._tx.dialect, t.dedup_key)
            .values(key=key, created_at=now)
            .on_conflict_do_nothing(index_elements=[t.dedup_key.c.key])
            .returning(t.dedup_key.c.key)
        )
        result = await (await self._conn()).execute(stmt)
        return result.first() is not None
