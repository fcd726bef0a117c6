"""Listings on SQL: offers, requests and proposals, and the ranked, filtered, keyset-paged
browse with word search through the full-text index."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    cast,
    exists,
    false,
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

L = TypeVar("L", Offer, Request)

_OFFER = RowMapper(Offer)
_REQUEST = RowMapper(Request)
_PROPOSAL = RowMapper(Proposal)

_PROPOSAL_CONFLICTS: Conflicts = {
    ("proposal", "one_pending"): lambda: Conflict(
        "You already have a pending proposal on this request; withdraw it first to send a "
        "new one.", code="proposal.duplicate"),
}


#: A prefix expanding to more terms than this is searched as a prefix, through the list.
MAX_TERMS = 16
#: The walk asks FTS5 about each row it passes (~0.1 ms a lookup, measured by
#: bench/search.py) where the list costs ~1 us a match: the walk wins past
#: sqrt(WALK_COST * limit * rows) matches, and either side of that bound costs about the same.
WALK_COST = 100


def _sqlite_matches(name: str, fts_words: str, row_id: Any) -> ColumnElement[bool]:
    fts = f"{name}_fts"
    # A correlated rowid lookup: FTS5 seeks the row in each term's doclist instead of
    # materialising every match. Only for exact terms: a prefix term would merge its whole
    # doclist again for every row.
    found: ColumnElement[bool] = exists(
        select(literal_column("1"))
        .select_from(text(fts))
        .where(text(f"{fts} MATCH :fts_words").bindparams(fts_words=fts_words))
        .where(literal_column(f"{fts}.rowid") == row_id)
    )
    return found


def _sqlite_listed(name: str, fts_words: str, row_id: Any) -> ColumnElement[bool]:
    fts = f"{name}_fts"
    listed: ColumnElement[bool] = row_id.in_(
        select(literal_column("rowid"))
        .select_from(text(fts))
        .where(text(f"{fts} MATCH :fts_words").bindparams(fts_words=fts_words))
    )
    return listed


def word_match(dialect: str, table: Any, words: list[str]) -> ColumnElement[bool]:
    """Rows of ``table`` (offer or request) containing every word, through the full-text
    index: FTS5 on SQLite (the match list; ``_word_match`` walks for common words), the GIN
    index on the stored ``text_search`` tsvector on PostgreSQL (storage/migrations 0015)."""
    if dialect == "sqlite":
        return _sqlite_listed(table.name, fts5_query(words), table.c.id)
    simple: ColumnElement[str] = literal_column("'simple'")
    vector: ColumnElement[Any] = literal_column(f"{table.name}.text_search")
    matched: ColumnElement[bool] = vector.op("@@")(func.to_tsquery(simple, tsquery(words)))
    return matched


#: ``offer.rank_key`` = the seller's trust (0..100) * TRUST_STEP + the offer's creation time
#: in microseconds since 1970 (below TRUST_STEP until the year 2286): one integer sorting
#: like (trust, created_at), so ``ORDER BY rank_key DESC, id DESC`` walks an index.
TRUST_STEP = 10**16
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def offer_rank_key(trust_score: int, created_at: datetime) -> int:
    return trust_score * TRUST_STEP + max(0, (created_at - _EPOCH) // timedelta(microseconds=1))


def rerank_seller(seller_id: int, trust_score: int) -> Any:
    """The UPDATE that moves a seller's offers to a new trust: run whenever the account row is
    written, it changes no row unless the trust did (through the seller_id index)."""
    o = t.offer
    low = literal(trust_score * TRUST_STEP, BigInteger)
    high = literal((trust_score + 1) * TRUST_STEP, BigInteger)
    return (
        update(o)
        .where(o.c.seller_id == seller_id, or_(o.c.rank_key < low, o.c.rank_key >= high))
        .values(rank_key=low + o.c.rank_key % literal(TRUST_STEP, BigInteger))
    )


def _after(sort_key: Sequence[Any], anchor: Sequence[Any], types: Sequence[Any]) -> Any:
    """Keyset condition for a fully descending sort: strictly after the anchor row."""
    bound = (literal(value, type_) for value, type_ in zip(anchor, types, strict=True))
    return tuple_(*sort_key) < tuple_(*bound)


class _SqlListingRepository(_Repository, Generic[L]):
    """What offers and requests store alike: a table keyed by id with an owner column, and a
    filtered, keyset-paged browse over a fully descending sort key."""

    _table: ClassVar[Any]
    _mapper: ClassVar[RowMapper[Any]]
    _owner: ClassVar[str]
    #: Whether the last ``_filters`` took SQLite's match list (``_word_match``).
    _listed = False

    async def add(self, listing: L) -> L:
        new_id = await self._insert_id(self._table, self._mapper.row(listing))
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, listing_id: int) -> L | None:
        row = await self._one(select(self._table).where(self._table.c.id == listing_id))
        found: L | None = self._mapper.entity(row) if row else None
        return found

    async def update(self, listing: L) -> None:
        await (await self._conn()).execute(
            update(self._table)
            .where(self._table.c.id == listing.id)
            .values(**self._mapper.row(listing))
        )

    async def _by_owner(self, owner_id: int) -> list[L]:
        rows = await self._all(
            select(self._table)
            .where(self._table.c[self._owner] == owner_id)
            .order_by(self._table.c.id)
        )
        return [self._mapper.entity(r) for r in rows]

    async def _word_match(self, words: list[str], limit: int) -> ColumnElement[bool]:
        """On SQLite, rare words take FTS5's match list and common ones walk the browse
        order's index with a rowid lookup per row; FTS5's vocabulary table tells them apart
        (each word's prefix expands into its exact terms with their document counts)."""
        table = self._table
        if self._tx.dialect != "sqlite":
            return word_match(self._tx.dialect, table, words)
        conn = await self._conn()
        fts = f"{table.name}_fts"
        groups: list[str] = []
        matches: int | None = None
        for word in words:
            terms = (await conn.execute(
                text(f"SELECT term, doc FROM {fts}_vocab WHERE term >= :low AND term < :high "
                     "LIMIT :most")
                .bindparams(low=word, high=word + "\U0010ffff", most=MAX_TERMS + 1)
            )).all()
            if len(terms) > MAX_TERMS:
                return word_match(self._tx.dialect, table, words)
            docs = sum(int(doc) for _, doc in terms)
            matches = docs if matches is None else min(matches, docs)
            quoted = " OR ".join('"' + str(term).replace('"', '""') + '"' for term, _ in terms)
            if not terms:
                return false()
            groups.append(f"({quoted})")
        exact = " AND ".join(groups)
        rows = (await conn.execute(select(func.max(table.c.id)))).scalar() or 0
        if (matches or 0) ** 2 <= WALK_COST * (limit + 1) * int(rows):
            self._listed = True
            return _sqlite_listed(table.name, exact, table.c.id)
        return _sqlite_matches(table.name, exact, table.c.id)

    async def _filters(self, query: BrowseQuery, live: list[Any]) -> list[Any]:
        """The conditions of ``query`` but its cursor; ``live`` selects what browsing shows
        when the query names no statuses."""
        table, owner = self._table, self._table.c[self._owner]
        self._listed = False
        words = search_words(query.words)
        match = await self._word_match(words, query.limit) if words else None
        shown: list[Any] = (
            [table.c.status.in_([str(s) for s in query.statuses])] if query.statuses else live
        )
        if self._listed:
            # SQLite has no statistics here (nobody runs ANALYZE), so it takes an indexed
            # equality for a selective one and walks the status index to meet the few
            # listed rows; likely() says these terms keep most rows, so it reads the listed
            # ids by rowid and sorts them (bench/search.py: 42 ms -> <1 ms at 100k jobs).
            shown = [func.likely(c, type_=Boolean) for c in shown]
        conditions = list(shown)
        if query.category:
            conditions.append(table.c.category == query.category)
        if match is not None:
            conditions.append(match)
        if query.exclude_owner_id is not None:
            conditions.append(owner != query.exclude_owner_id)
        if query.owner_id is not None:
            conditions.append(owner == query.owner_id)
        return conditions

    async def _page(
        self,
        query: BrowseQuery,
        conditions: list[Any],
        sort_key: Sequence[Any],
        types: Sequence[Any],
        source: Any,
    ) -> Page[L]:
        if query.starting_after is not None:
            anchor = (await (await self._conn()).execute(
                select(*sort_key).select_from(source).where(
                    self._table.c.id == query.starting_after
                )
            )).first()
            if anchor is None:
                # An unknown cursor: showing page one again would look like a loop.
                return Page([], has_more=False)
            conditions = [*conditions, _after(sort_key, tuple(anchor), types)]
        stmt = (
            select(self._table).select_from(source).where(*conditions)
            .order_by(*(k.desc() for k in sort_key))
        )
        rows = await self._all(stmt.limit(query.limit + 1))
        return Page(
            [self._mapper.entity(r) for r in rows[: query.limit]],
            has_more=len(rows) > query.limit,
        )


class SqlOfferRepository(_SqlListingRepository[Offer]):
    """Offers, and the ranked, filtered, keyset-paged browse."""

    _table = t.offer
    _mapper = _OFFER
    _owner = "seller_id"

    async def by_seller(self, seller_id: int) -> list[Offer]:
        return await self._by_owner(seller_id)

    async def add(self, listing: Offer) -> Offer:
        o, a = t.offer, t.account
        # Typed, or PostgreSQL takes the factors for 32-bit integers.
        rank = select(
            cast(a.c.trust_score, BigInteger) * literal(TRUST_STEP, BigInteger)
            + literal(offer_rank_key(0, listing.created_at), BigInteger)
        ).where(a.c.id == listing.seller_id).scalar_subquery()
        new_id = await self._insert_id(o, {**self._mapper.row(listing), "rank_key": rank})
        found = await self.get(new_id)
        assert found is not None
        return found

    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        """Boosted offers first, then by the seller's trust, then newest: both parts by the
        stored ``rank_key`` (trust and age), each walking its index. A boost is not in the
        key: it ends by time, and the boosted part (few offers, those paid for) is chosen
        by ``boosted_until > now`` at each query, so the order is right the moment it ends,
        with no timer to move the offer."""
        o = t.offer
        now = literal(query.now, UTCDateTime())
        conditions = await self._filters(query, [
            o.c.status == OfferStatus.ACTIVE.value,
            or_(o.c.expires_at.is_(None), o.c.expires_at > now),
        ])
        if query.min_cents is not None:
            conditions.append(o.c.price_cents >= query.min_cents)
        if query.max_cents is not None:
            conditions.append(o.c.price_cents <= query.max_cents)
        boosted = o.c.boosted_until > now
        unboosted = or_(o.c.boosted_until.is_(None), o.c.boosted_until <= now)
        key, types = (o.c.rank_key, o.c.id), (o.c.rank_key.type, o.c.id.type)
        # (whether the part is the boosted one, its conditions)
        parts: list[tuple[bool, list[Any]]] = [
            (True, [*conditions, boosted]), (False, [*conditions, unboosted])
        ]
        if query.starting_after is not None:
            anchor = (await (await self._conn()).execute(
                select(o.c.rank_key, o.c.id, o.c.boosted_until)
                .where(o.c.id == query.starting_after)
            )).first()
            if anchor is None:
                # An unknown cursor: showing page one again would look like a loop.
                return Page([], has_more=False)
            after = _after(key, (anchor.rank_key, anchor.id), types)
            if anchor.boosted_until is not None and anchor.boosted_until > query.now:
                parts[0][1].append(after)
            else:
                parts = [(False, [*parts[1][1], after])]
        want = query.limit + 1
        rows: list[Any] = []
        order = (o.c.rank_key.desc(), o.c.id.desc())
        for in_boost, part in parts:
            if in_boost:
                # Every offer boosted now is sorted: sort the ids from the covering index
                # (ix_offer_status_boost_rank), then read only the page's rows.
                ids = (await (await self._conn()).execute(
                    select(o.c.id).where(*part).order_by(*order).limit(want)
                )).scalars().all()
                found = {
                    r["id"]: r for r in await self._all(select(o).where(o.c.id.in_(ids)))
                } if ids else {}
                # (On PostgreSQL's READ COMMITTED a row may go between the two reads.)
                rows += [found[i] for i in ids if i in found]
            else:
                rows += await self._all(
                    select(o).where(*part).order_by(*order).limit(want - len(rows))
                )
            if len(rows) >= want:
                break
        return Page(
            [self._mapper.entity(r) for r in rows[: query.limit]], has_more=len(rows) > want - 1
        )


class SqlRequestRepository(_SqlListingRepository[Request]):
    """Requests (jobs), and their newest-first browse."""

    _table = t.request
    _mapper = _REQUEST
    _owner = "buyer_id"

    async def by_buyer(self, buyer_id: int) -> list[Request]:
        return await self._by_owner(buyer_id)

    async def browse(self, query: BrowseQuery) -> Page[Request]:
        q = t.request
        conditions = await self._filters(query, [
            q.c.status == RequestStatus.OPEN.value,
            q.c.deadline > literal(query.now, UTCDateTime()),
        ])
        if query.min_cents is not None:
            conditions.append(q.c.budget_max_cents >= query.min_cents)
        if query.max_cents is not None:
            conditions.append(q.c.budget_min_cents <= query.max_cents)
        if query.exclude_applied_by is not None:
            conditions.append(~exists().where(
                t.proposal.c.request_id == q.c.id,
                t.proposal.c.seller_id == query.exclude_applied_by,
            ))
        return await self._page(
            query, conditions, (q.c.created_at, q.c.id), (UTCDateTime(), q.c.id.type), q
        )


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
