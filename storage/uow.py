"""The SQL unit of work: one database transaction, the repositories on it, and the outbox
rows of the events it published."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import Self

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from core.shared.clock import Clock, SystemClock
from core.shared.events import DomainEvent
from core.shared.uow import ReadOnlyUnitError, UnitOfWork, UnitOfWorkFactory
from storage import tables as t
from storage.accounts import (
    SqlAccountRepository,
    SqlApiKeyRepository,
    SqlEmailTokenRepository,
    SqlIdempotencyRepository,
    SqlLinkCodeRepository,
    SqlWebhookRepository,
)
from storage.chat import SqlConversationStore, SqlDedupStore, SqlRateLimitStore
from storage.credits import SqlDepositRepository, SqlLedgerRepository, SqlStarsPaymentRepository
from storage.db import set_read_only
from storage.erasure import SqlAccountEraser
from storage.escrow import SqlPaymentRepository
from storage.export import SqlAccountExportReader, SqlAccountExportRepository
from storage.listings import SqlOfferRepository, SqlProposalRepository, SqlRequestRepository
from storage.moderation import SqlAdminQueries, SqlAuditRepository
from storage.orders import (
    SqlDisputeRepository,
    SqlOrderRepository,
    SqlReviewRepository,
    SqlTimerRepository,
)
from storage.outbox import outbox_row
from storage.proofing import SqlProoferRepository, SqlProofRepository


class SqlUnitOfWork:
    """``async with uow: ...; await uow.commit()`` — rolls back unless committed.

    The connection is taken from the pool at the first query, not on entry, so a unit of
    work that only validates input holds no connection (and on SQLite, no write lock).
    ``commit()`` writes the published events to ``outbox_event`` in the same transaction and
    commits; the unit of work can be used again afterwards (a new transaction begins).
    With ``read_only`` every transaction it begins is read-only (``storage.db``): a write
    or a published event raises ``ReadOnlyUnitError``.
    """

    def __init__(
        self, engine: AsyncEngine, clock: Clock | None = None, *, read_only: bool = False
    ) -> None:
        self._engine = engine
        self.read_only = read_only
        self._clock: Clock = clock or SystemClock()
        self.dialect = engine.dialect.name
        self._conn: AsyncConnection | None = None
        self._events: list[DomainEvent] = []

    # Repositories are built on first use: most use cases touch two or three of them.
    @cached_property
    def accounts(self) -> SqlAccountRepository:
        return SqlAccountRepository(self)

    @cached_property
    def link_codes(self) -> SqlLinkCodeRepository:
        return SqlLinkCodeRepository(self)

    @cached_property
    def api_keys(self) -> SqlApiKeyRepository:
        return SqlApiKeyRepository(self)

    @cached_property
    def email_tokens(self) -> SqlEmailTokenRepository:
        return SqlEmailTokenRepository(self)

    @cached_property
    def webhooks(self) -> SqlWebhookRepository:
        return SqlWebhookRepository(self)

    @cached_property
    def idempotency(self) -> SqlIdempotencyRepository:
        return SqlIdempotencyRepository(self)

    @cached_property
    def erasure(self) -> SqlAccountEraser:
        return SqlAccountEraser(self)

    @cached_property
    def offers(self) -> SqlOfferRepository:
        return SqlOfferRepository(self)

    @cached_property
    def requests(self) -> SqlRequestRepository:
        return SqlRequestRepository(self)

    @cached_property
    def proposals(self) -> SqlProposalRepository:
        return SqlProposalRepository(self)

    @cached_property
    def orders(self) -> SqlOrderRepository:
        return SqlOrderRepository(self)

    @cached_property
    def timers(self) -> SqlTimerRepository:
        return SqlTimerRepository(self)

    @cached_property
    def reviews(self) -> SqlReviewRepository:
        return SqlReviewRepository(self)

    @cached_property
    def disputes(self) -> SqlDisputeRepository:
        return SqlDisputeRepository(self)

    @cached_property
    def ledger(self) -> SqlLedgerRepository:
        return SqlLedgerRepository(self, self._clock)

    @cached_property
    def deposits(self) -> SqlDepositRepository:
        return SqlDepositRepository(self)

    @cached_property
    def stars(self) -> SqlStarsPaymentRepository:
        return SqlStarsPaymentRepository(self)

    @cached_property
    def audit(self) -> SqlAuditRepository:
        return SqlAuditRepository(self)

    @cached_property
    def admin(self) -> SqlAdminQueries:
        return SqlAdminQueries(self)

    @cached_property
    def conversations(self) -> SqlConversationStore:
        return SqlConversationStore(self)

    @cached_property
    def dedup(self) -> SqlDedupStore:
        return SqlDedupStore(self)

    @cached_property
    def rate_limits(self) -> SqlRateLimitStore:
        return SqlRateLimitStore(self)

    @cached_property
    def payments(self) -> SqlPaymentRepository:
        return SqlPaymentRepository(self)

    @cached_property
    def proofers(self) -> SqlProoferRepository:
        return SqlProoferRepository(self)

    @cached_property
    def proofs(self) -> SqlProofRepository:
        return SqlProofRepository(self)

    @cached_property
    def export_reader(self) -> SqlAccountExportReader:
        return SqlAccountExportReader(self)

    @cached_property
    def exports(self) -> SqlAccountExportRepository:
        return SqlAccountExportRepository(self)

    async def connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            if self.read_only:
                await set_read_only(conn)
            self._conn = conn
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
        if self.read_only:
            raise ReadOnlyUnitError(
                f"publishing {event.type} in a read-only unit of work: use ctx.uow() to write"
            )
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

    def factory(*, read_only: bool = False) -> UnitOfWork:
        return SqlUnitOfWork(engine, clock, read_only=read_only)

    return factory
