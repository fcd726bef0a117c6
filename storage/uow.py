"""The SQL unit of work: one database transaction, the repositories on it, and the outbox
rows of the events it published."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.escrow.ports import PaymentRepository
from core.events import DomainEvent
from core.ports import (
    AccountRepository,
    AdminQueries,
    ApiKeyRepository,
    AuditRepository,
    Clock,
    ConversationStore,
    DedupStore,
    DepositRepository,
    DisputeRepository,
    EmailTokenRepository,
    IdempotencyRepository,
    LedgerRepository,
    LinkCodeRepository,
    OfferRepository,
    OrderRepository,
    ProposalRepository,
    RateLimitStore,
    RequestRepository,
    ReviewRepository,
    StarsPaymentRepository,
    TimerRepository,
    UnitOfWork,
    UnitOfWorkFactory,
    WebhookRepository,
)
from storage import tables as t
from storage.admin_repositories import SqlAdminQueries
from storage.api_repositories import (
    SqlApiKeyRepository,
    SqlEmailTokenRepository,
    SqlIdempotencyRepository,
    SqlRateLimitStore,
    SqlWebhookRepository,
)
from storage.deposit_repositories import SqlDepositRepository
from storage.ledger import SqlLedgerRepository
from storage.link_repositories import SqlLinkCodeRepository
from storage.outbox import outbox_row
from storage.repositories import (
    SqlAccountRepository,
    SqlAuditRepository,
    SqlConversationStore,
    SqlDedupStore,
    SqlDisputeRepository,
    SqlOfferRepository,
    SqlOrderRepository,
    SqlProposalRepository,
    SqlRequestRepository,
    SqlReviewRepository,
    SqlTimerRepository,
)
from storage.sql import SystemClock
from storage.stars_repositories import SqlStarsPaymentRepository
from storage.stripe_repositories import SqlPaymentRepository


class SqlUnitOfWork:
    """``async with uow: ...; await uow.commit()`` — rolls back unless committed.

    The connection is taken from the pool at the first query, not on entry, so a unit of
    work that only validates input holds no connection (and on SQLite, no write lock).
    ``commit()`` writes the published events to ``outbox_event`` in the same transaction and
    commits; the unit of work can be used again afterwards (a new transaction begins).
    """

    def __init__(self, engine: AsyncEngine, clock: Clock | None = None) -> None:
        self._engine = engine
        self._clock: Clock = clock or SystemClock()
        self.dialect = engine.dialect.name
        self._conn: AsyncConnection | None = None
        self._events: list[DomainEvent] = []
        self.accounts: AccountRepository = SqlAccountRepository(self)
        self.offers: OfferRepository = SqlOfferRepository(self)
        self.requests: RequestRepository = SqlRequestRepository(self)
        self.proposals: ProposalRepository = SqlProposalRepository(self)
        self.orders: OrderRepository = SqlOrderRepository(self)
        self.timers: TimerRepository = SqlTimerRepository(self)
        self.reviews: ReviewRepository = SqlReviewRepository(self)
        self.disputes: DisputeRepository = SqlDisputeRepository(self)
        self.ledger: LedgerRepository = SqlLedgerRepository(self, self._clock)
        self.audit: AuditRepository = SqlAuditRepository(self)
        self.conversations: ConversationStore = SqlConversationStore(self)
        self.dedup: DedupStore = SqlDedupStore(self)
        self.deposits: DepositRepository = SqlDepositRepository(self)
        self.api_keys: ApiKeyRepository = SqlApiKeyRepository(self)
        self.email_tokens: EmailTokenRepository = SqlEmailTokenRepository(self)
        self.webhooks: WebhookRepository = SqlWebhookRepository(self)
        self.idempotency: IdempotencyRepository = SqlIdempotencyRepository(self)
        self.rate_limits: RateLimitStore = SqlRateLimitStore(self)
        self.admin: AdminQueries = SqlAdminQueries(self)
        self.stars: StarsPaymentRepository = SqlStarsPaymentRepository(self)
        self.link_codes: LinkCodeRepository = SqlLinkCodeRepository(self)
        self.payments: PaymentRepository = SqlPaymentRepository(self)

    async def connection(self) -> AsyncConnection:
        if self._conn is None:
            self._conn = await self._engine.connect()
        return self._conn

    async def __aenter__(self) -> Self:
        self._events = []
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                await conn.close()

    def publish(self, event: DomainEvent) -> None:
        self._events.append(event)

    async def commit(self) -> None:
        if self._events:
            conn = await self.connection()
            now = self._clock.now()
            await conn.execute(insert(t.outbox_event), [outbox_row(e, now) for e in self._events])
        self._events = []
        if self._conn is not None and self._conn.in_transaction():
            await self._conn.commit()

    async def rollback(self) -> None:
        self._events = []
        if self._conn is not None and self._conn.in_transaction():
            await self._conn.rollback()


def make_uow_factory(engine: AsyncEngine, clock: Clock | None = None) -> UnitOfWorkFactory:
    """The ``Context.uow`` factory: a fresh ``SqlUnitOfWork`` per use case call. ``clock``
    fills the times storage records itself (ledger postings without a time)."""

    def factory() -> UnitOfWork:
        return SqlUnitOfWork(engine, clock)

    return factory
