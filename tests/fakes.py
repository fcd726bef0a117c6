"""In-memory fakes of the core ports, for unit tests of the use cases and handlers.

A ``FakeStore`` holds the committed state; each ``FakeUnitOfWork`` works on a deep copy and
swaps it in on ``commit()``, so a rollback (or an exception) leaves the store untouched,
exactly like a database transaction. Events published in a committed unit of work land in
``store.outbox``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from core.accounts.export_model import AccountExport
from core.accounts.model import Account, Identity, TrustStats
from core.accounts.ports import LinkCode
from core.credits.deposit_model import ChainCheckpoint, ChainDeposit, DepositAddress
from core.credits.stars_model import StarsPayment, StarsPaymentStatus
from core.listings.model import Offer, OfferStatus, Proposal, ProposalStatus, Request, RequestStatus
from core.listings.ports import BrowseQuery
from core.moderation.model import AuditEntry
from core.orders.model import (
    Delivery,
    Dispute,
    DisputeStatus,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Review,
    Timer,
    TimerStatus,
)
from core.shared.errors import ConcurrentUpdate, Conflict, InsufficientCredits
from core.shared.events import DomainEvent
from core.shared.ledger import LedgerTransaction, PostedTransaction, may_go_negative, user_account
from core.shared.ports import Page
from core.shared.uow import ReadOnlyUnitError, UnitOfWork
from tests.fakes_access import (
    AccessState,
    FakeApiKeys,
    FakeEmailTokens,
    FakeIdempotency,
    FakeRateLimits,
    FakeWebhooks,
)
from tests.fakes_admin import FakeAdminQueries
from tests.fakes_deposits import FakeDeposits
from tests.fakes_erasure import FakeEraser
from tests.fakes_export import FakeExportReader, FakeExports
from tests.fakes_payments import FakePayments, payments_state
from tests.fakes_proofing import FakeProofers, FakeProofs, proofing_state

TERMINAL = {OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REFUNDED}


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta


@dataclass
class State:
    next_id: int = 1
    accounts: dict[int, Account] = field(default_factory=dict)
    identities: dict[tuple[str, str], Identity] = field(default_factory=dict)
    offers: dict[int, Offer] = field(default_factory=dict)
    requests: dict[int, Request] = field(default_factory=dict)
    proposals: dict[int, Proposal] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    order_events: list[OrderEvent] = field(default_factory=list)
    messages: list[OrderMessage] = field(default_factory=list)
    deliveries: dict[int, Delivery] = field(default_factory=dict)
    timers: dict[int, Timer] = field(default_factory=dict)
    reviews: dict[int, Review] = field(default_factory=dict)
    disputes: dict[int, Dispute] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    transactions: list[LedgerTransaction] = field(default_factory=list)
    balances: dict[tuple[str, str], int] = field(default_factory=dict)
    conversations: dict[str, dict[str, Any]] = field(default_factory=dict)
    dedup: set[str] = field(default_factory=set)
    access: dict[str, Any] = field(default_factory=AccessState.empty)
    # crypto top-ups (tests/fakes_deposits.py)
    deposit_addresses: dict[int, DepositAddress] = field(default_factory=dict)
    chain_deposits: dict[int, ChainDeposit] = field(default_factory=dict)
    chain_checkpoints: dict[int, ChainCheckpoint] = field(default_factory=dict)
    # Telegram Stars payments by charge id (FakeStarsPayments)
    stars_payments: dict[str, StarsPayment] = field(default_factory=dict)
    # one account on several chat platforms (FakeLinkCodes)
    link_codes: dict[int, LinkCode] = field(default_factory=dict)
    # escrow on Stripe (tests/fakes_payments.py)
    payments: dict[str, Any] = field(default_factory=payments_state)
    # proofers, proofing rounds and assignments (tests/fakes_proofing.py)
    proofing: dict[str, Any] = field(default_factory=proofing_state)
    # data exports prepared in the background (tests/fakes_export.py)
    exports: dict[int, AccountExport] = field(default_factory=dict)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def clone(self) -> State:
        """An independent copy, as a transaction sees it. Entities are copied one level deep
        (their fields are immutable values); frozen records are shared. Much cheaper than a
        deepcopy, which dominated the run time of the stateful tests."""
        copied: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dict):
                copied[f.name] = {k: _clone_value(v) for k, v in value.items()}
            elif isinstance(value, list):
                copied[f.name] = [_clone_value(v) for v in value]
            elif isinstance(value, set):
                copied[f.name] = set(value)
            else:
                copied[f.name] = value
        return State(**copied)


def _clone_value(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        # Frozen records (events, ledger transactions) cannot change; mutable entities can.
        return value if type(value).__dataclass_params__.frozen else copy.copy(value)  # type: ignore[attr-defined]
    if isinstance(value, (dict, list, set)):
        return copy.deepcopy(value)
    return value


class FakeStore:
    def __init__(self) -> None:
        self.state = State()
        self.outbox: list[DomainEvent] = []
        self.commits = 0

    def __call__(self, *, read_only: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self, read_only=read_only)


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow

    @property
    def s(self) -> State:
        return self.uow.state


class FakeAccounts(_Repo):
    async def add(self, account: Account) -> Account:
        self._unique(account)
        account = replace(account, id=self.s.new_id())
        self.s.accounts[account.id] = account
        return replace(account)

    def _unique(self, account: Account) -> None:
        for other in self.s.accounts.values():
            if other.id == account.id:
                continue
            if account.username and other.username == account.username:
                raise Conflict(f"@{account.username} is taken.", code="account.username_taken")
            if account.email and other.email == account.email:
                raise Conflict("That email is taken.", code="account.email_taken")

    async def get(self, account_id: int) -> Account | None:
        a = self.s.accounts.get(account_id)
        return replace(a) if a else None

    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]:
        return {i: replace(self.s.accounts[i]) for i in account_ids if i in self.s.accounts}

    async def update(self, account: Account) -> None:
        self._unique(account)
        self.s.accounts[account.id] = replace(account)

    async def by_username(self, username: str) -> Account | None:
        return next((replace(a) for a in self.s.accounts.values() if a.username == username), None)

    async def by_email(self, email: str) -> Account | None:
        return next((replace(a) for a in self.s.accounts.values() if a.email == email), None)

    async def by_identity(self, provider: str, external_id: str) -> Account | None:
        ident = self.s.identities.get((provider, external_id))
        return await self.get(ident.account_id) if ident else None

    async def add_identity(self, identity: Identity) -> None:
        key = (identity.provider, identity.external_id)
        if key in self.s.identities:
            raise Conflict("That identity is linked to an account already.")
        self.s.identities[key] = identity

    async def remove_identity(self, provider: str, external_id: str) -> None:
        self.s.identities.pop((provider, external_id), None)

    async def set_identity_username(
        self, provider: str, external_id: str, username: str | None
    ) -> None:
        for key, ident in list(self.s.identities.items()):
            if key == (provider, external_id):
                self.s.identities[key] = replace(ident, username=username)
            elif username is not None and ident.provider == provider and ident.username == username:
                self.s.identities[key] = replace(ident, username=None)

    async def by_platform_username(self, username: str) -> list[tuple[str, Account]]:
        return [
            (i.provider, self.s.accounts[i.account_id])
            for i in self.s.identities.values()
            if i.username == username and i.account_id in self.s.accounts
        ]

    async def identities(self, account_id: int) -> list[Identity]:
        return [i for i in self.s.identities.values() if i.account_id == account_id]

    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]:
        return {a: await self.identities(a) for a in account_ids}

    async def agents_of(self, supervisor_id: int) -> list[Account]:
        return [replace(a) for a in self.s.accounts.values() if a.supervisor_id == supervisor_id]

    async def with_role(self, role: str) -> list[Account]:
        return [replace(a) for a in self.s.accounts.values() if role in a.roles]

    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        out: dict[int, TrustStats] = {}
        disputed_orders = {d.order_id for d in self.s.disputes.values()}
        for aid in account_ids:
            revealed = [r for r in self.s.reviews.values() if r.subject_id == aid and r.revealed_at]
            selling = [o for o in self.s.orders.values() if o.seller_id == aid]
            completed = [o for o in selling if o.status is OrderStatus.COMPLETED]
            per_buyer: dict[int, int] = {}
            for o in completed:
                per_buyer[o.buyer_id] = per_buyer.get(o.buyer_id, 0) + 1
            out[aid] = TrustStats(
                account_id=aid,
                rating_count=len(revealed),
                rating_sum=sum(r.rating for r in revealed),
                completed=len(completed),
                finished=sum(1 for o in selling if o.status in TERMINAL),
                disputed=sum(
                    1
                    for o in self.s.orders.values()
                    if aid in (o.buyer_id, o.seller_id) and o.id in disputed_orders
                ),
                repeat_hires=sum(1 for n in per_buyer.values() if n > 1),
                completed_as_buyer=sum(
                    1
                    for o in self.s.orders.values()
                    if o.buyer_id == aid and o.status is OrderStatus.COMPLETED
                ),
            )
        return out


def _page(items: list[Any], query: BrowseQuery, key: Any, every: dict[int, Any]) -> Page[Any]:
    items.sort(key=key, reverse=True)
    if query.starting_after is not None:
        anchor = every.get(query.starting_after)
        if anchor is None:
            # As storage does: an unknown cursor is an empty page, never page one again.
            return Page([], has_more=False)
        # The cursor is a sort position, like SQL's keyset pagination: the anchor may have left
        # the listing (paused, expired) since the previous page and still marks the place.
        after = key(anchor)
        items = [i for i in items if key(i) < after]
    return Page([replace(i) for i in items[: query.limit]], len(items) > query.limit)


def _matches(words: str | None, *texts: str) -> bool:
    if not words:
        return True
    haystack = " ".join(texts).lower()
    return all(w in haystack.split() for w in words.lower().split())


L = TypeVar("L", Offer, Request)


class _FakeListings(_Repo, Generic[L]):
    """Offers and requests alike: a dict of the state keyed by id, with an owner field, and
    the filters every browse shares."""

    #: The attribute of ``State`` holding the listings, and the listing's owner field.
    _store: str
    _owner: str

    def _all(self) -> dict[int, L]:
        listings: dict[int, L] = getattr(self.s, self._store)
        return listings

    async def add(self, listing: L) -> L:
        listing = replace(listing, id=self.s.new_id())
        self._all()[listing.id] = listing
        return replace(listing)

    async def get(self, listing_id: int) -> L | None:
        found = self._all().get(listing_id)
        return replace(found) if found else None

    async def update(self, listing: L) -> None:
        self._all()[listing.id] = replace(listing)

    def _owned_by(self, owner_id: int) -> list[L]:
        return [replace(x) for x in self._all().values() if getattr(x, self._owner) == owner_id]

    def _shared_filters(self, listing: L, query: BrowseQuery) -> bool:
        owner = getattr(listing, self._owner)
        return (
            (query.category is None or listing.category == query.category)
            and (query.exclude_owner_id is None or owner != query.exclude_owner_id)
            and (query.owner_id is None or owner == query.owner_id)
            and _matches(query.words, listing.title, listing.description, listing.inputs)
        )


class FakeOffers(_FakeListings[Offer]):
    _store = "offers"
    _owner = "seller_id"

    async def by_seller(self, seller_id: int) -> list[Offer]:
        return self._owned_by(seller_id)

    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        now = query.now
        items = [
            o
            for o in self.s.offers.values()
            if o.status is OfferStatus.ACTIVE
            and (o.expires_at is None or o.expires_at > now)
            and (query.min_cents is None or o.price_cents >= query.min_cents)
            and (query.max_cents is None or o.price_cents <= query.max_cents)
            and self._shared_filters(o, query)
        ]
        trust = {a.id: a.trust_score for a in self.s.accounts.values()}
        return _page(
            items,
            query,
            lambda o: (o.is_boosted(now), trust.get(o.seller_id, 0), o.created_at, o.id),
            self.s.offers,
        )


class FakeRequests(_FakeListings[Request]):
    _store = "requests"
    _owner = "buyer_id"

    async def by_buyer(self, buyer_id: int) -> list[Request]:
        return self._owned_by(buyer_id)

    async def browse(self, query: BrowseQuery) -> Page[Request]:
        applied = {
            p.request_id
            for p in self.s.proposals.values()
            if query.exclude_applied_by is not None and p.seller_id == query.exclude_applied_by
        }
        items = [
            r
            for r in self.s.requests.values()
            if r.status is RequestStatus.OPEN
            and r.deadline > query.now
            and (query.min_cents is None or r.budget_max_cents >= query.min_cents)
            and (query.max_cents is None or r.budget_min_cents <= query.max_cents)
            and r.id not in applied
            and self._shared_filters(r, query)
        ]
        return _page(items, query, lambda r: (r.created_at, r.id), self.s.requests)


class FakeProposals(_Repo):
    async def add(self, proposal: Proposal) -> Proposal:
        for p in self.s.proposals.values():
            if (
                p.request_id == proposal.request_id
                and p.seller_id == proposal.seller_id
                and p.status is ProposalStatus.PENDING
            ):
                raise Conflict("A pending proposal exists.", code="proposal.duplicate")
        proposal = replace(proposal, id=self.s.new_id())
        self.s.proposals[proposal.id] = proposal
        return replace(proposal)

    async def get(self, proposal_id: int) -> Proposal | None:
        p = self.s.proposals.get(proposal_id)
        return replace(p) if p else None

    async def update(self, proposal: Proposal) -> None:
        self.s.proposals[proposal.id] = replace(proposal)

    async def for_request(self, request_id: int) -> list[Proposal]:
        return [replace(p) for p in self.s.proposals.values() if p.request_id == request_id]

    async def by_seller(self, seller_id: int) -> list[Proposal]:
        return [replace(p) for p in self.s.proposals.values() if p.seller_id == seller_id]

    async def count_for_requests(self, request_ids: Sequence[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for p in self.s.proposals.values():
            if p.request_id in request_ids:
                out[p.request_id] = out.get(p.request_id, 0) + 1
        return out


class FakeOrders(_Repo):
    async def add(self, order: Order) -> Order:
        order = replace(order, id=self.s.new_id())
        self.s.orders[order.id] = order
        return replace(order)

    async def get(self, order_id: int) -> Order | None:
        o = self.s.orders.get(order_id)
        return replace(o) if o else None

    async def update(self, order: Order) -> None:
        current = self.s.orders[order.id]
        if current.version != order.version:
            raise ConcurrentUpdate()
        order.version += 1
        self.s.orders[order.id] = replace(order)

    async def for_account(
        self, account_id: int, *, statuses: Sequence[OrderStatus] = (), limit: int = 50
    ) -> list[Order]:
        items = [
            replace(o)
            for o in self.s.orders.values()
            if account_id in (o.buyer_id, o.seller_id) and (not statuses or o.status in statuses)
        ]
        items.sort(key=lambda o: (o.updated_at, o.id), reverse=True)
        return items[:limit]

    async def by_request(self, request_id: int) -> Order | None:
        return next(
            (replace(o) for o in self.s.orders.values() if o.request_id == request_id), None
        )

    async def add_event(self, event: OrderEvent) -> OrderEvent:
        event = replace(event, id=self.s.new_id())
        self.s.order_events.append(event)
        return event

    async def events(self, order_id: int) -> list[OrderEvent]:
        return [e for e in self.s.order_events if e.order_id == order_id]

    async def add_message(self, message: OrderMessage) -> OrderMessage:
        message = replace(message, id=self.s.new_id())
        self.s.messages.append(message)
        return message

    async def messages(self, order_id: int, *, limit: int = 100) -> list[OrderMessage]:
        return [m for m in self.s.messages if m.order_id == order_id][-limit:]

    async def add_delivery(self, delivery: Delivery) -> Delivery:
        delivery = replace(delivery, id=self.s.new_id())
        self.s.deliveries[delivery.id] = delivery
        return replace(delivery)

    async def deliveries(self, order_id: int) -> list[Delivery]:
        return [replace(d) for d in self.s.deliveries.values() if d.order_id == order_id]

    async def update_delivery(self, delivery: Delivery) -> None:
        self.s.deliveries[delivery.id] = replace(delivery)


class FakeTimers(_Repo):
    async def add(self, timer: Timer) -> Timer:
        timer = replace(timer, id=self.s.new_id())
        self.s.timers[timer.id] = timer
        return replace(timer)

    async def for_subject(self, subject: str, subject_id: int) -> list[Timer]:
        return [
            replace(t)
            for t in self.s.timers.values()
            if t.subject == subject and t.subject_id == subject_id
        ]

    async def cancel(self, subject: str, subject_id: int, kinds: Sequence[str] = ()) -> None:
        for t in self.s.timers.values():
            if (
                t.subject == subject
                and t.subject_id == subject_id
                and t.status in (TimerStatus.PENDING, TimerStatus.PAUSED)
                and (not kinds or t.kind in kinds)
            ):
                t.status = TimerStatus.CANCELLED

    async def pause(self, subject: str, subject_id: int, now: datetime) -> None:
        for t in self.s.timers.values():
            if (
                t.subject == subject
                and t.subject_id == subject_id
                and t.status is TimerStatus.PENDING
            ):
                t.status = TimerStatus.PAUSED
                t.remaining_seconds = max(0, int((t.due_at - now).total_seconds()))

    async def resume(self, subject: str, subject_id: int, now: datetime) -> None:
        for t in self.s.timers.values():
            if (
                t.subject == subject
                and t.subject_id == subject_id
                and t.status is TimerStatus.PAUSED
            ):
                t.status = TimerStatus.PENDING
                t.due_at = now + timedelta(seconds=t.remaining_seconds or 0)
                t.remaining_seconds = None

    async def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        due = sorted(
            (
                t
                for t in self.s.timers.values()
                if t.status is TimerStatus.PENDING and t.due_at <= now
            ),
            key=lambda t: (t.due_at, t.id),
        )
        return [replace(t) for t in due[:limit]]

    async def mark(self, timer_id: int, status: str, now: datetime) -> None:
        t = self.s.timers[timer_id]
        t.status = TimerStatus(status)
        if t.status is TimerStatus.DONE:
            t.fired_at = now

    async def reschedule(self, timer_id: int, due_at: datetime) -> None:
        self.s.timers[timer_id].due_at = due_at


class FakeReviews(_Repo):
    async def add(self, review: Review) -> Review:
        if any(
            r.order_id == review.order_id and r.author_id == review.author_id
            for r in self.s.reviews.values()
        ):
            raise Conflict("You reviewed this order already.", code="review.duplicate")
        review = replace(review, id=self.s.new_id())
        self.s.reviews[review.id] = review
        return replace(review)

    async def for_order(self, order_id: int) -> list[Review]:
        return [replace(r) for r in self.s.reviews.values() if r.order_id == order_id]

    async def update(self, review: Review) -> None:
        self.s.reviews[review.id] = replace(review)

    async def revealed_about(self, account_id: int, *, limit: int = 20) -> list[Review]:
        items = [
            replace(r)
            for r in self.s.reviews.values()
            if r.subject_id == account_id and r.revealed_at is not None
        ]
        return sorted(items, key=lambda r: r.id, reverse=True)[:limit]


class FakeDisputes(_Repo):
    async def add(self, dispute: Dispute) -> Dispute:
        dispute = replace(dispute, id=self.s.new_id())
        self.s.disputes[dispute.id] = dispute
        return replace(dispute)

    async def get(self, dispute_id: int) -> Dispute | None:
        d = self.s.disputes.get(dispute_id)
        return replace(d) if d else None

    async def open_for_order(self, order_id: int) -> Dispute | None:
        return next(
            (
                replace(d)
                for d in self.s.disputes.values()
                if d.order_id == order_id and d.status is not DisputeStatus.RESOLVED
            ),
            None,
        )

    async def update(self, dispute: Dispute) -> None:
        self.s.disputes[dispute.id] = replace(dispute)

    async def claim(self, dispute_id: int, moderator_id: int, now: datetime) -> bool:
        d = self.s.disputes[dispute_id]
        if d.status is not DisputeStatus.OPEN:
            return False
        d.status, d.claimed_by, d.claimed_at = DisputeStatus.CLAIMED, moderator_id, now
        return True

    async def list_unresolved(self, *, limit: int = 50) -> list[Dispute]:
        return [
            replace(d) for d in self.s.disputes.values() if d.status is not DisputeStatus.RESOLVED
        ][:limit]


class FakeLedger(_Repo):
    async def post(self, tx: LedgerTransaction) -> bool:
        if any(t.idempotency_key == tx.idempotency_key for t in self.s.transactions):
            return False
        for entry in tx.entries:
            key = (entry.ledger_account, tx.asset)
            after = self.s.balances.get(key, 0) + tx.delta_for(entry.ledger_account)
            if after < 0 and not may_go_negative(entry.ledger_account):
                raise InsufficientCredits(-tx.delta_for(entry.ledger_account), after)
        for entry in tx.entries:
            key = (entry.ledger_account, tx.asset)
            self.s.balances[key] = self.s.balances.get(key, 0) + entry.amount
        self.s.transactions.append(
            replace(tx, id=self.s.new_id(), created_at=tx.created_at or self.uow.store_now())
        )
        return True

    async def balance(self, ledger_account: str, asset: str) -> int:
        return self.s.balances.get((ledger_account, asset), 0)

    async def history(
        self, account_id: int, asset: str, *, limit: int = 20, before_id: int | None = None
    ) -> list[PostedTransaction]:
        acct = user_account(account_id)
        items = [
            PostedTransaction(
                id=t.id or 0,
                type=t.type,
                asset=t.asset,
                amount=t.delta_for(acct),
                memo=t.memo,
                created_at=t.created_at or datetime.now(UTC),
                reference=t.reference,
            )
            for t in self.s.transactions
            if t.asset == asset
            and any(e.ledger_account == acct for e in t.entries)
            and (before_id is None or (t.id or 0) < before_id)
        ]
        return sorted(items, key=lambda p: p.id, reverse=True)[:limit]

    async def exists(self, idempotency_key: str) -> bool:
        return any(t.idempotency_key == idempotency_key for t in self.s.transactions)


class FakeAudit(_Repo):
    async def add(self, entry: AuditEntry) -> AuditEntry:
        entry = replace(entry, id=self.s.new_id())
        self.s.audit.append(entry)
        return entry

    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]:
        return [e for e in self.s.audit if e.subject == subject][-limit:]


class FakeConversations(_Repo):
    async def get(self, key: str) -> dict[str, Any] | None:
        state = self.s.conversations.get(key)
        return copy.deepcopy(state) if state is not None else None

    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None:
        self.s.conversations[key] = copy.deepcopy(state)

    async def delete(self, key: str) -> None:
        self.s.conversations.pop(key, None)


class FakeDedup(_Repo):
    async def first_time(self, key: str, now: datetime) -> bool:
        if key in self.s.dedup:
            return False
        self.s.dedup.add(key)
        return True

    async def seen(self, key: str) -> bool:
        return key in self.s.dedup


class FakeLinkCodes(_Repo):
    async def add(self, code: LinkCode) -> LinkCode:
        if any(c.code_hash == code.code_hash for c in self.s.link_codes.values()):
            raise Conflict("That link code exists already.")
        code = replace(code, id=self.s.new_id())
        self.s.link_codes[code.id] = code
        return code

    async def by_hash(self, code_hash: str) -> LinkCode | None:
        return next((c for c in self.s.link_codes.values() if c.code_hash == code_hash), None)

    async def mark_used(self, code_id: int, now: datetime) -> bool:
        code = self.s.link_codes.get(code_id)
        if code is None or code.used_at is not None:
            return False
        self.s.link_codes[code_id] = replace(code, used_at=now)
        return True

    async def delete_unused(self, account_id: int) -> int:
        doomed = [
            i for i, c in self.s.link_codes.items()
            if c.account_id == account_id and c.used_at is None
        ]
        for i in doomed:
            del self.s.link_codes[i]
        return len(doomed)


class FakeUnitOfWork:
    def __init__(self, store: FakeStore, *, read_only: bool = False) -> None:
        self.store = store
        self.read_only = read_only
        self._base = store.state
        self.state = store.state.clone()
        self.events: list[DomainEvent] = []
        self.committed = False
        self.accounts = FakeAccounts(self)
        self.offers = FakeOffers(self)
        self.requests = FakeRequests(self)
        self.proposals = FakeProposals(self)
        self.orders = FakeOrders(self)
        self.timers = FakeTimers(self)
        self.reviews = FakeReviews(self)
        self.disputes = FakeDisputes(self)
        self.ledger = FakeLedger(self)
        self.audit = FakeAudit(self)
        self.conversations = FakeConversations(self)
        self.dedup = FakeDedup(self)
        self.api_keys = FakeApiKeys(self)
        self.email_tokens = FakeEmailTokens(self)
        self.webhooks = FakeWebhooks(self)
        self.idempotency = FakeIdempotency(self)
        self.rate_limits = FakeRateLimits(self)
        self.admin = FakeAdminQueries(self)
        self.deposits = FakeDeposits(self)
        self.stars = FakeStarsPayments(self)
        self.link_codes = FakeLinkCodes(self)
        self.payments = FakePayments(self)
        self.proofers = FakeProofers(self)
        self.proofs = FakeProofs(self)
        self.erasure = FakeEraser(self)
        self.export_reader = FakeExportReader(self)
        self.exports = FakeExports(self)

    def store_now(self) -> datetime:
        return datetime.now(UTC)

    async def __aenter__(self) -> Self:
        self._base = self.store.state
        self.state = self._base.clone()
        self.events = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self._refuse_writes()
        await self.rollback()

    def _refuse_writes(self) -> None:
        # The SQL unit refuses the write statement itself; in memory, a read-only unit that
        # changed its copy of the state (or published) is caught when it ends.
        if self.read_only and (self.events or self.state != self._base):
            raise ReadOnlyUnitError("a read-only unit of work wrote: use ctx.uow() to write")

    async def commit(self) -> None:
        self._refuse_writes()
        self.store.state = self._base = self.state
        self.state = self.state.clone()
        self.store.outbox.extend(self.events)
        self.store.commits += 1
        self.events = []

    async def rollback(self) -> None:
        self._base = self.store.state
        self.state = self._base.clone()
        self.events = []

    def publish(self, event: DomainEvent) -> None:
        if self.read_only:
            raise ReadOnlyUnitError(f"publishing {event.type} in a read-only unit of work")
        self.events.append(event)


class FakeStarsPayments(_Repo):
    """The ``StarsPaymentRepository`` port in memory (unique charge ids)."""

    async def add(self, payment: StarsPayment) -> StarsPayment | None:
        if payment.charge_id in self.s.stars_payments:
            return None
        payment = replace(payment, id=self.s.new_id())
        self.s.stars_payments[payment.charge_id] = payment
        return replace(payment)

    async def get(self, charge_id: str) -> StarsPayment | None:
        found = self.s.stars_payments.get(charge_id)
        return replace(found) if found else None

    async def update(
        self, payment: StarsPayment, *, expected_status: StarsPaymentStatus
    ) -> bool:
        stored = self.s.stars_payments.get(payment.charge_id)
        if stored is None or stored.id != payment.id or stored.status is not expected_status:
            return False
        self.s.stars_payments[payment.charge_id] = replace(payment)
        return True

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[StarsPayment]:
        found = [replace(p) for p in self.s.stars_payments.values() if p.account_id == account_id]
        return sorted(found, key=lambda p: p.id, reverse=True)[:limit]


# mypy checks here that the fake is a complete ``UnitOfWork``.
_: type[UnitOfWork] = FakeUnitOfWork
