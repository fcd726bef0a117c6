"""Handling a delivery (a chat update) at most once without a write per delivery.

A chat platform serves an update again when the process died before acknowledging it. The
old rule recorded every update id in its own transaction before handling it: a database
write (on SQLite, the one write lock) for every ``/help``. Instead:

- the front end opens ``delivery(key, now)`` around the handling of one update;
- the first unit of work that commits while handling it records ``key`` in the dedup table
  **in that same transaction** (``record_on_commit`` wraps the unit-of-work factory), so an
  update that changes something is recorded atomically with its first change, and one that
  changes nothing (a read-only command) writes nothing;
- if the key is already there (another process, or a previous life of this one, handled
  the update and committed), that commit rolls back and ``AlreadyHandled`` ends the
  handling; the front end drops the update.

A repeat of an update that changed nothing is handled again: the user may see a second
answer to ``/help``, never a second order, payment or message. Where the front end knows
a repeat is possible (the first batch after a restart, every webhook call), it also asks
``seen`` before handling, so a repeated form answer is not re-read against the form's new
step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, cast

from core.shared.uow import UnitOfWork, UnitOfWorkFactory


class AlreadyHandled(BaseException):
    """The delivery was handled (and committed) before: drop it.

    A ``BaseException``, like ``asyncio.CancelledError``, so that no handler's
    ``except Exception`` turns it into an error message for the user."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass
class _Delivery:
    key: str
    now: datetime
    recorded: bool = False


_current: ContextVar[_Delivery | None] = ContextVar("botgig_delivery", default=None)


@contextmanager
def delivery(key: str, now: datetime) -> Iterator[None]:
    """Handle one delivery: the first commit inside records ``key`` (see the module)."""
    token = _current.set(_Delivery(key, now))
    try:
        yield
    finally:
        _current.reset(token)


class _RecordingUnit:
    """A unit of work that records the current delivery's key with its commit; everything
    else is the wrapped unit's."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    async def __aenter__(self) -> _RecordingUnit:
        await self._inner.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        pending = _current.get()
        record = pending is not None and not pending.recorded
        if (
            pending is not None
            and record
            and not await self._inner.dedup.first_time(pending.key, pending.now)
        ):
            raise AlreadyHandled(pending.key)
        await self._inner.commit()
        if pending is not None and record:
            pending.recorded = True


class RecordingFactory:
    """``record_on_commit``'s factory; outside a ``delivery`` its units are the plain ones."""

    def __init__(self, inner: UnitOfWorkFactory) -> None:
        self.inner = inner

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        if read_only:
            # A read-only unit writes nothing, the delivery's key included: an update that
            # only reads is acknowledged by the polling offset alone.
            return self.inner(read_only=True)
        return cast(UnitOfWork, _RecordingUnit(self.inner()))


def record_on_commit(factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    """``factory``, with its units recording the current delivery (idempotent)."""
    return factory if isinstance(factory, RecordingFactory) else RecordingFactory(factory)


def records_deliveries(factory: UnitOfWorkFactory) -> bool:
    return isinstance(factory, RecordingFactory)
