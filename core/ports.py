"""Ports: what the core needs from the outside world, as Protocols.

storage/ implements the repositories and the unit of work on SQLAlchemy; tests/fakes.py
implements them in memory. Repositories take and return copies of the entities in
core.model; ``add`` returns the entity with its id assigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from core.events import DomainEvent
from core.ledger import LedgerTransaction, PostedTransaction
from core.model import (
    Account,
    AuditEntry,
    Delivery,
    Dispute,
    Identity,
    Offer,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    Proposal,
    Request,
    Review,
    Timer,
    TrustStats,
)

T = TypeVar("T")


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_more: bool

    @property
    def last_id(self) -> int | None:
        last = self.items[-1] if self.items else None
        return getattr(last, "id", None)


@dataclass(frozen=True)
class BrowseQuery:
    """Filters of /offers, /requests and the agents' job list.

    ``starting_after`` is the id of the last item of the previous page: the next page starts
    after that item's sort position, so items published meanwhile never shift a page.
    ``min_cents``/``max_cents`` select prices (offers) or overlapping budgets (requests).
    """

    now: datetime
    category: str | None = None
    words: str | None = None
    min_cents: int | None = None
    max_cents: int | None = None
    limit: int = 10
    starting_after: int | None = None
    exclude_owner_id: int | None = None
    #: Leave out requests this account already applied to (the agents' job list).
    exclude_applied_by: int | None = None
    owner_id: int | None = None
    statuses: Sequence[str] = field(default_factory=tuple)


class AccountRepository(Protocol):
    async def add(self, account: Account) -> Account:
        """Raises ``Conflict`` when the username or email is taken."""

    async def get(self, account_id: int) -> Account | None: ...
    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]: ...
    async def update(self, account: Account) -> None:
        """Raises ``Conflict`` when the username or email is taken."""

    async def by_username(self, username: str) -> Account | None: ...
    async def by_email(self, email: str) -> Account | None: ...
    async def by_identity(self, provider: str, external_id: str) -> Account | None: ...
    async def add_identity(self, identity: Identity) -> None:
        """Raises ``Conflict`` when that identity already belongs to an account."""

    async def remove_identity(self, provider: str, external_id: str) -> None: ...
    async def identities(self, account_id: int) -> list[Identity]: ...
    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]: ...
    async def agents_of(self, supervisor_id: int) -> list[Account]: ...
    async def with_role(self, role: str) -> list[Account]: ...
    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        """Aggregates for the trust score, in one query for all ids (no N+1)."""


class OfferRepository(Protocol):
    async def add(self, offer: Offer) -> Offer: ...
    async def get(self, offer_id: int) -> Offer | None: ...
    async def update(self, offer: Offer) -> None: ...
    async def by_seller(self, seller_id: int) -> list[Offer]: ...
    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        """Active offers, boosted first, then by the seller's trust, then newest."""


class RequestRepository(Protocol):
    async def add(self, request: Request) -> Request: ...
    async def get(self, request_id: int) -> Request | None: ...
    async def update(self, request: Request) -> None: ...
    async def by_buyer(self, buyer_id: int) -> list[Request]: ...
    async def browse(self, query: BrowseQuery) -> Page[Request]:
        """Open requests, newest first."""


class ProposalRepository(Protocol):
    async def add(self, proposal: Proposal) -> Proposal:
        """Raises ``Conflict`` when the seller already has a pending proposal on the request."""

    async def get(self, proposal_id: int) -> Proposal | None: ...
    async def update(self, proposal: Proposal) -> None: ...
    async def for_request(self, request_id: int) -> list[Proposal]: ...
    async def by_seller(self, seller_id: int) -> list[Proposal]: ...
    async def count_for_requests(self, request_ids: Sequence[int]) -> dict[int, int]: ...


class OrderRepository(Protocol):
    async def add(self, order: Order) -> Order: ...
    async def get(self, order_id: int) -> Order | None: ...
    async def update(self, order: Order) -> None:
        """Raises ``ConcurrentUpdate`` when ``order.version`` is stale; bumps the version."""

    async def for_account(
        self, account_id: int, *, statuses: Sequence[OrderStatus] = (), limit: int = 50
    ) -> list[Order]: ...
    async def by_request(self, request_id: int) -> Order | None: ...
    async def add_event(self, event: OrderEvent) -> OrderEvent: ...
    async def events(self, order_id: int) -> list[OrderEvent]: ...
    async def add_message(self, message: OrderMessage) -> OrderMessage: ...
    async def messages(self, order_id: int, *, limit: int = 100) -> list[OrderMessage]: ...
    async def add_delivery(self, delivery: Delivery) -> Delivery: ...
    async def deliveries(self, order_id: int) -> list[Delivery]: ...
    async def update_delivery(self, delivery: Delivery) -> None: ...


class TimerRepository(Protocol):
    async def add(self, timer: Timer) -> Timer: ...
    async def for_subject(self, subject: str, subject_id: int) -> list[Timer]: ...
    async def cancel(self, subject: str, subject_id: int, kinds: Sequence[str] = ()) -> None:
        """Cancel pending or paused timers of a subject (all kinds when ``kinds`` is empty)."""

    async def pause(self, subject: str, subject_id: int, now: datetime) -> None: ...
    async def resume(self, subject: str, subject_id: int, now: datetime) -> None: ...
    async def claim_due(self, now: datetime, limit: int) -> list[Timer]:
        """Pending timers due by ``now``, locked for this transaction: a second scheduler
        process skips them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)."""

    async def mark(self, timer_id: int, status: str, now: datetime) -> None:
        """Set a timer's status (``fired_at`` = now for done)."""

    async def reschedule(self, timer_id: int, due_at: datetime) -> None:
        """Move a pending timer (used to back off a timer whose handler failed)."""


class ReviewRepository(Protocol):
    async def add(self, review: Review) -> Review:
        """Raises ``Conflict`` when the author already reviewed this order."""

    async def for_order(self, order_id: int) -> list[Review]: ...
    async def update(self, review: Review) -> None: ...
    async def revealed_about(self, account_id: int, *, limit: int = 20) -> list[Review]: ...


class DisputeRepository(Protocol):
    async def add(self, dispute: Dispute) -> Dispute: ...
    async def get(self, dispute_id: int) -> Dispute | None: ...
    async def open_for_order(self, order_id: int) -> Dispute | None: ...
    async def update(self, dispute: Dispute) -> None: ...
    async def claim(self, dispute_id: int, moderator_id: int, now: datetime) -> bool:
        """Atomically claim an open dispute; False when someone else claimed it first."""

    async def list_unresolved(self, *, limit: int = 50) -> list[Dispute]: ...


class LedgerRepository(Protocol):
    async def post(self, tx: LedgerTransaction) -> bool:
        """Apply ``tx`` atomically; False (and nothing changes) if its idempotency key was
        already posted. Raises ``InsufficientCredits`` when a non-``world:`` balance would
        go below zero — even under concurrent posts."""

    async def balance(self, ledger_account: str, asset: str) -> int: ...
    async def history(
        self, account_id: int, asset: str, *, limit: int = 20, before_id: int | None = None
    ) -> list[PostedTransaction]: ...
    async def exists(self, idempotency_key: str) -> bool: ...


class AuditRepository(Protocol):
    async def add(self, entry: AuditEntry) -> AuditEntry: ...
    async def for_subject(self, subject: str, *, limit: int = 100) -> list[AuditEntry]: ...


class ConversationStore(Protocol):
    """Half-filled forms and other per-chat state, kept in the database so a restart or a
    second process resumes them. ``key`` is e.g. ``telegram:42``; ``state`` is JSON-able."""

    async def get(self, key: str) -> dict[str, Any] | None: ...
    async def put(self, key: str, state: dict[str, Any], now: datetime) -> None: ...
    async def delete(self, key: str) -> None: ...


class DedupStore(Protocol):
    async def first_time(self, key: str, now: datetime) -> bool:
        """Record ``key``; True the first time it is seen, False ever after (even when two
        processes race: the database's unique key decides)."""


class UnitOfWork(Protocol):
    """One transaction. ``async with uow:`` rolls back unless ``commit()`` was called.

    Events published during the transaction are written to the outbox by ``commit()``, in the
    same database transaction as the change they describe.
    """

    accounts: AccountRepository
    offers: OfferRepository
    requests: RequestRepository
    proposals: ProposalRepository
    orders: OrderRepository
    timers: TimerRepository
    reviews: ReviewRepository
    disputes: DisputeRepository
    ledger: LedgerRepository
    audit: AuditRepository
    conversations: ConversationStore
    dedup: DedupStore

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    def publish(self, event: DomainEvent) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class EventSink(Protocol):
    """A consumer of outbox events (Telegram DMs, Discord DMs, the admin channel, webhooks).

    The dispatcher calls ``deliver`` at least once per event and sink, and again after a
    failure (any exception) with backoff; a sink must tolerate a repeat of the same event id.
    """

    name: str

    async def deliver(self, event: DomainEvent) -> None: ...
