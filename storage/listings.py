"""Listings on SQL: offers, requests and proposals, and the ranked, filtered, keyset-paged
browse with word search through the full-text index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    update,
)

from core.listings.model import Offer, OfferStatus, Proposal, Request, RequestStatus
from core.listings.ports import BrowseQuery
from core.shared.errors import Conflict
from core.shared.ports import Page
from storage import tables as t
from storage.mapping import RowMapper
from storage.repository import Conflicts, _Repository
from storage.sql import conflicts_as, fts5_query, search_words, tsquery
from storage.tables import UTCDateTime

E = TypeVar("E")

_OFFER = RowMapper(Offer)
_REQUEST = RowMapper(Request)
_PROPOSAL = RowMapper(Proposal)

_PROPOSAL_CONFLICTS: Conflicts = {
    ("proposal", "one_pending"): lambda: Conflict(
        "You already have a pending proposal on this request; withdraw it first to send a "
        "new one.", code="proposal.duplicate"),
}


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
    repo: _Repository, stmt: Select[Any], limit: int, mapper: RowMapper[E]
) -> Page[E]:
    rows = await repo._all(stmt.limit(limit + 1))
    return Page([mapper.entity(r) for r in rows[:limit]], has_more=len(rows) > limit)


class SqlOfferRepository(_Repository):
    """Offers, and the ranked, filtered, keyset-paged browse."""

    async def add(self, offer: Offer) -> Offer:
        new_id = await self._insert_id(t.offer, _OFFER.row(offer))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, offer_id: int) -> Offer | None:
        row = await self._one(select(t.offer).where(t.offer.c.id == offer_id))
        return _OFFER.entity(row) if row else None

    async def update(self, offer: Offer) -> None:
        await (await self._conn()).execute(
            update(t.offer).where(t.offer.c.id == offer.id).values(**_OFFER.row(offer))
        )

    async def by_seller(self, seller_id: int) -> list[Offer]:
        rows = await self._all(
            select(t.offer)
            .where(t.offer.c.seller_id == seller_id)
            .order_by(t.offer.c.id)
        )
        return [_OFFER.entity(r) for r in rows]

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
        return await _page(self, stmt, query.limit, _OFFER)


class SqlRequestRepository(_Repository):
    """Requests (jobs), and their newest-first browse."""

    async def add(self, request: Request) -> Request:
        new_id = await self._insert_id(t.request, _REQUEST.row(request))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, request_id: int) -> Request | None:
        row = await self._one(select(t.request).where(t.request.c.id == request_id))
        return _REQUEST.entity(row) if row else None

    async def update(self, request: Request) -> None:
        await (await self._conn()).execute(
            update(t.request).where(t.request.c.id == request.id).values(**_REQUEST.row(request))
        )

    async def by_buyer(self, buyer_id: int) -> list[Request]:
        rows = await self._all(
            select(t.request)
            .where(t.request.c.buyer_id == buyer_id)
            .order_by(t.request.c.id)
        )
        return [_REQUEST.entity(r) for r in rows]

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
        return await _page(self, stmt, query.limit, _REQUEST)


class SqlProposalRepository(_Repository):
    """Proposals (applications); the database keeps one pending per seller and request."""

    async def add(self, proposal: Proposal) -> Proposal:
        conn = await self._conn()
        async with conflicts_as(conn, _PROPOSAL_CONFLICTS):
            new_id = await self._insert_id(t.proposal, _PROPOSAL.row(proposal))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, proposal_id: int) -> Proposal | None:
        row = await self._one(select(t.proposal).where(t.proposal.c.id == proposal_id))
        return _PROPOSAL.entity(row) if row else None

    async def update(self, proposal: Proposal) -> None:
        conn = await self._conn()
        async with conflicts_as(conn, _PROPOSAL_CONFLICTS):
            await conn.execute(
                update(t.proposal)
                .where(t.proposal.c.id == proposal.id)
                .values(**_PROPOSAL.row(proposal))
            )

    async def for_request(self, request_id: int) -> list[Proposal]:
        rows = await self._all(
            select(t.proposal)
            .where(t.proposal.c.request_id == request_id)
            .order_by(t.proposal.c.id)
        )
        return [_PROPOSAL.entity(r) for r in rows]

    async def by_seller(self, seller_id: int) -> list[Proposal]:
        rows = await self._all(
            select(t.proposal)
            .where(t.proposal.c.seller_id == seller_id)
            .order_by(t.proposal.c.id)
        )
        return [_PROPOSAL.entity(r) for r in rows]

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
