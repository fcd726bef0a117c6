"""The one rate limiter: fixed windows, aligned to the epoch so every process agrees where a
window starts.

Two ways to count, one rule:

- ``hit``/``peek`` over a ``RateLimitCounter``: counted inside a unit of work, in the same
  transaction as the action it limits (the per-user listing, message and proposal limits:
  an action that fails is not counted).
- ``Limiter``, the port for limits checked on every request before any work (API keys and
  addresses, the Telegram flood guard): these must not take the database's write lock on a
  read path (issue 12). The composition root picks the adapter: Redis when
  ``BOTGIG_REDIS_URL`` is set, ``InProcessLimiter`` for the single-process SQLite default,
  and one autocommitted upsert in the database otherwise (PostgreSQL, several processes).
  ``UnitLimiter`` (the counters of the unit of work) is what a ``Context`` without one uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Protocol, Self


class RateLimitCounter(Protocol):
    async def hit(self, bucket: str, window_start: datetime) -> int:
        """Count one hit in ``bucket``'s window starting at ``window_start``; the new count."""
        ...


class RateLimitReader(Protocol):
    async def count(self, bucket: str, window_start: datetime) -> int:
        """The hits counted so far in ``bucket``'s window starting at ``window_start``."""
        ...


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``window``; a count of 0 or less turns the limit off."""

    count: int
    window: timedelta

    @property
    def enabled(self) -> bool:
        return self.count > 0


@dataclass(frozen=True)
class Verdict:
    count: int
    limit: Limit
    #: Seconds until the window ends (when a refused caller may try again).
    retry_after: float

    @property
    def allowed(self) -> bool:
        return not self.limit.enabled or self.count <= self.limit.count

    @property
    def first_refusal(self) -> bool:
        """True for the first hit over the limit in a window: the one to explain."""
        return self.limit.enabled and self.count == self.limit.count + 1


def window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    if seconds <= 0:
        raise ValueError("a rate-limit window is at least one second")
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, UTC)


async def hit(counter: RateLimitCounter, bucket: str, limit: Limit, now: datetime) -> Verdict:
    """Count one hit of ``bucket`` under ``limit`` at ``now``."""
    if not limit.enabled:
        return Verdict(count=0, limit=limit, retry_after=0.0)
    start = window_start(now, limit.window)
    return verdict_of(await counter.hit(bucket, start), limit, start, now)


async def peek(reader: RateLimitReader, bucket: str, limit: Limit, now: datetime) -> Verdict:
    """Where ``bucket`` stands under ``limit`` at ``now``, counting nothing: for limits on
    failures, checked before the attempt and counted only when it fails."""
    if not limit.enabled:
        return Verdict(count=0, limit=limit, retry_after=0.0)
    start = window_start(now, limit.window)
    count = await reader.count(bucket, start)
    retry_after = (start + limit.window - now).total_seconds()
    # As if this attempt were one more hit: at the limit already means refused.
    return Verdict(count=count + 1, limit=limit, retry_after=retry_after)


class Limiter(Protocol):
    """Fixed-window limits shared by the processes that share the adapter's state."""

    async def hit(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        """Count one hit of ``bucket`` under ``limit`` at ``now``, atomically."""
        ...

    async def peek(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        """Where ``bucket`` stands, counting nothing (see the module's ``peek``)."""
        ...


def verdict_of(count: int, limit: Limit, start: datetime, now: datetime) -> Verdict:
    """The verdict for ``count`` hits in the window starting at ``start``, at ``now``."""
    retry_after = (start + limit.window - now).total_seconds()
    return Verdict(count=count, limit=limit, retry_after=retry_after)


class InProcessLimiter:
    """Counters in this process's memory: right only where one process serves every request
    (``botgig run`` on SQLite), and free of any I/O. Windows that ended are dropped as new
    ones start, so memory stays bounded by the buckets active in the current windows."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, datetime], int] = {}
        self._ends: dict[tuple[str, datetime], datetime] = {}
        self._next_sweep: datetime | None = None

    def _sweep(self, now: datetime) -> None:
        if self._next_sweep is not None and now < self._next_sweep:
            return
        ended = [key for key, end in self._ends.items() if end <= now]
        for key in ended:
            del self._counts[key]
            del self._ends[key]
        self._next_sweep = now + timedelta(seconds=1)

    async def hit(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=0.0)
        self._sweep(now)
        start = window_start(now, limit.window)
        key = (bucket, start)
        count = self._counts.get(key, 0) + 1
        self._counts[key] = count
        self._ends[key] = start + limit.window
        return verdict_of(count, limit, start, now)

    async def peek(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=0.0)
        start = window_start(now, limit.window)
        return verdict_of(self._counts.get((bucket, start), 0) + 1, limit, start, now)


class _CountingUnit(Protocol):
    @property
    def rate_limits(self) -> _Counter: ...
    async def commit(self) -> None: ...
    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class _Counter(RateLimitCounter, RateLimitReader, Protocol):
    pass


class UnitLimiter:
    """The counters of the unit of work (``uow.rate_limits``), one unit per hit: what a
    ``Context`` built without a limiter uses (the tests' in-memory store)."""

    def __init__(self, uow: Callable[[], _CountingUnit]) -> None:
        self._uow = uow

    async def hit(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        if not limit.enabled:
            return Verdict(count=0, limit=limit, retry_after=0.0)
        async with self._uow() as uow:
            verdict = await hit(uow.rate_limits, bucket, limit, now)
            await uow.commit()
        return verdict

    async def peek(self, bucket: str, limit: Limit, now: datetime) -> Verdict:
        async with self._uow() as uow:
            return await peek(uow.rate_limits, bucket, limit, now)
