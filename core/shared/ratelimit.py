"""The one rate limiter: fixed windows counted in the database.

Every process shares the counters (DESIGN §5: nothing in memory), and the count is one atomic
upsert (``RateLimitStore.hit``), so two processes racing on one bucket never lose a hit.
Windows are aligned to the epoch, so every process agrees where a window starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


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
    count = await counter.hit(bucket, start)
    retry_after = (start + limit.window - now).total_seconds()
    return Verdict(count=count, limit=limit, retry_after=retry_after)


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
