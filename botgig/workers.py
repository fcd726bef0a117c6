"""Long-running workers: the timer scheduler and the outbox dispatcher.

Both keep no state of their own between iterations: timers and undelivered events are rows
in the database, so a crash loses nothing and several processes can run them side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import Protocol

from prometheus_client import Counter

from botgig.observability import LIVENESS
from core.orders.timers import run_due_timers
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.ports import EventSink

log = logging.getLogger(__name__)

DELIVERIES = Counter(
    "botgig_outbox_deliveries",
    "Outbox events handed to a sink (a chat platform, the admin channel, webhooks) by outcome.",
    ["sink", "outcome"],
)
TIMERS = Counter("botgig_timers_fired", "Timers fired by the scheduler, by outcome.", ["outcome"])


async def run_scheduler(ctx: Context, *, interval: float, stop: asyncio.Event) -> None:
    """Fire due timers every ``interval`` seconds until ``stop`` is set."""
    while not stop.is_set():
        LIVENESS.turned("scheduler")
        try:
            result = await run_due_timers(ctx)
            for outcome in ("fired", "stale", "failed"):
                if count := getattr(result, outcome):
                    TIMERS.labels(outcome).inc(count)
            if result.fired or result.failed:
                log.info(
                    "timers: %d fired, %d stale, %d failed",
                    result.fired,
                    result.stale,
                    result.failed,
                )
            busy = result.fired + result.stale >= 100
        except Exception:
            log.exception("scheduler iteration failed")
            busy = False
        if not busy:
            await _wait(stop, interval)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class Claimed(Protocol):
    @property
    def event(self) -> DomainEvent: ...
    @property
    def delivered_sinks(self) -> frozenset[str]: ...


class Outbox(Protocol):
    """What the dispatcher needs of the outbox (storage.outbox.OutboxStore)."""

    async def claim(
        self, now: datetime, limit: int, lease_seconds: float, sinks: Sequence[str]
    ) -> Sequence[Claimed]: ...
    async def mark_sink_delivered(self, event_id: str, sink: str) -> None: ...
    async def mark_done(
        self, event_id: str, now: datetime | None = None, *, expected: Collection[str] = ()
    ) -> bool: ...
    async def mark_retry(self, event_id: str, now: datetime, error: str) -> datetime | None: ...


class Dispatcher:
    """Delivers outbox events to every sink at least once.

    Each (event, sink) success is recorded, so after a failure only the sinks that failed
    are tried again, with exponential backoff. An event is done when every ``expected``
    sink has it (by default this dispatcher's own): with several processes each running
    some of the sinks (``botgig run --only telegram`` the bot's, ``--only worker`` the
    webhooks), each delivers its part and the one that completes the set closes the event.

    Claims are leased for ``lease_seconds``: a killed dispatcher's events go to another
    after that, and a dispatcher that is still busy when its lease runs out leaves the
    rest of its batch alone, since someone else may be delivering it by then.
    """

    def __init__(
        self,
        outbox: Outbox,
        sinks: Sequence[EventSink],
        *,
        expected: Collection[str] | None = None,
        batch: int = 50,
        lease_seconds: float = 60,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.outbox = outbox
        self.sinks = list(sinks)
        self.expected = frozenset(expected if expected is not None else (s.name for s in sinks))
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.monotonic = monotonic

    async def run_once(self, now: datetime | None = None) -> int:
        """Deliver one batch; returns the number of events handled."""
        now = now or datetime.now(UTC)
        names = [s.name for s in self.sinks]
        if not self.sinks:
            return 0
        # Measured here rather than from ``now``, which tests (and a skewed clock) may set.
        started = self.monotonic()
        claimed = await self.outbox.claim(now, self.batch, self.lease_seconds, names)
        handled = 0
        for item in claimed:
            # An event is started only while a fifth of the lease is left for its sinks.
            if self.monotonic() - started >= self.lease_seconds * 0.8:
                log.warning(
                    "outbox lease nearly over after %d of %d events; the rest go to the next "
                    "claim", handled, len(claimed),
                )
                break
            handled += 1
            event, delivered = item.event, set(item.delivered_sinks)
            failures: list[str] = []
            for sink in self.sinks:
                if sink.name in delivered:
                    continue
                try:
                    await sink.deliver(event)
                except Exception as exc:
                    DELIVERIES.labels(sink.name, "failed").inc()
                    log.warning(
                        "sink %s failed on event %s (%s): %r", sink.name, event.id, event.type, exc
                    )
                    failures.append(f"{sink.name}: {exc!r}"[:500])
                else:
                    DELIVERIES.labels(sink.name, "delivered").inc()
                    await self.outbox.mark_sink_delivered(event.id, sink.name)
            if failures:
                await self.outbox.mark_retry(event.id, now, "; ".join(failures))
            else:
                await self.outbox.mark_done(event.id, expected=self.expected)
        return handled

    async def run(self, *, interval: float, stop: asyncio.Event) -> None:
        while not stop.is_set():
            LIVENESS.turned("dispatcher")
            try:
                handled = await self.run_once()
            except Exception:
                log.exception("dispatcher iteration failed")
                handled = 0
            if handled < self.batch:
                await _wait(stop, interval)
