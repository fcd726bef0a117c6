"""The unit of work: one transaction over every feature's repositories."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from core.accounts.ports import AccountsUnit, ExportUnit
from core.credits.ports import CreditsUnit
from core.escrow.ports import PaymentsUnit
from core.listings.ports import ListingsUnit
from core.moderation.ports import ModerationUnit
from core.orders.ports import OrdersUnit
from core.proofing.ports import ProofingUnit
from core.shared.events import DomainEvent
from core.shared.ports import ChatStateUnit


class UnitOfWork(
    AccountsUnit,
    ListingsUnit,
    OrdersUnit,
    CreditsUnit,
    ModerationUnit,
    ChatStateUnit,
    PaymentsUnit,
    ProofingUnit,
    ExportUnit,
    Protocol,
):
    """One transaction. ``async with uow:`` rolls back unless ``commit()`` was called.

    Events published during the transaction are written to the outbox by ``commit()``, in the
    same database transaction as the change they describe. The repositories are grouped by
    feature (``AccountsUnit``, ``OrdersUnit``, ...), so a use case or a fake can depend on
    the part it uses.

    A unit made with ``read_only=True`` only reads: on SQLite it begins a deferred
    transaction, so it never waits for (or holds) the one write lock, and on PostgreSQL a
    ``READ ONLY`` one. A write inside it raises ``ReadOnlyUnitError`` instead of quietly
    taking the write lock.
    """

    #: Made by ``factory(read_only=True)``: refuses every write.
    read_only: bool

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
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A fresh unit of work; ``read_only`` for a use case that only reads (a browse, a
        card, a profile), so concurrent readers never queue on the writers' lock."""


class ReadOnlyUnitError(RuntimeError):
    """A write (or an event to publish) inside a read-only unit of work: the use case must
    ask for a writing unit. A programming error, never a user's."""
