"""The retention job: purges each operational table by its setting, in bounded batches.

It runs in every worker process. Nothing is claimed or leased: a batch deletes rows that are
finished and old, so two processes running it at once only share the work (and on
PostgreSQL skip each other's locked rows); a process killed mid-run leaves whole batches
deleted or not, and the next run carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from prometheus_client import Counter

from botgig.settings import Settings
from core.shared.clock import Clock, SystemClock
from storage.retention import PURGEABLE, RetentionStore, TableStats

log = logging.getLogger(__name__)

PURGED = Counter("botgig_retention_purged", "Rows deleted by the retention job, by kind.", ["kind"])


def retention_policy(settings: Settings) -> dict[str, timedelta | None]:
    """How long each kind is kept; None keeps it forever (a setting of 0)."""

    def keep(amount: int, unit: str) -> timedelta | None:
        return timedelta(**{unit: amount}) if amount > 0 else None

    return {
        "dedup": keep(settings.retention_dedup_hours, "hours"),
        "counters": keep(settings.retention_counters_hours, "hours"),
        "relay": keep(settings.retention_relay_days, "days"),
        "chat_state": keep(settings.retention_chat_state_days, "days"),
        "idempotency": keep(settings.retention_idempotency_days, "days"),
        "link_codes": keep(settings.retention_tokens_days, "days"),
        "email_tokens": keep(settings.retention_tokens_days, "days"),
        "webhook_deliveries": keep(settings.retention_webhook_deliveries_weeks, "weeks"),
        "outbox": keep(settings.retention_outbox_weeks, "weeks"),
        "timers": keep(settings.retention_timers_weeks, "weeks"),
        "processor_events": keep(settings.retention_processor_events_days, "days"),
        "exports": keep(settings.retention_exports_days, "days"),
    }


@dataclass(frozen=True)
class PurgeResult:
    purged: Mapping[str, int]
    failed: Sequence[str] = ()

    @property
    def total(self) -> int:
        return sum(self.purged.values())


async def purge_expired(
    store: RetentionStore,
    policy: Mapping[str, timedelta | None],
    *,
    now: datetime,
    batch: int,
    pause: float = 0.0,
) -> PurgeResult:
    """Purge every kind down to its retention, ``batch`` rows per transaction, with ``pause``
    seconds between batches so other writers get the lock. One kind failing (a lock timeout)
    does not stop the others; it is retried on the next run."""
    purged: dict[str, int] = {}
    failed: list[str] = []
    for kind, keep in policy.items():
        if keep is None:
            continue
        before = now - keep
        total = 0
        try:
            while True:
                deleted = await store.purge_batch(kind, before=before, limit=batch)
                total += deleted
                if deleted < batch:
                    break
                await asyncio.sleep(pause)
        except Exception:
            log.exception("retention: purging %s failed after %d rows", kind, total)
            failed.append(kind)
        if total:
            PURGED.labels(kind).inc(total)
            purged[kind] = total
    return PurgeResult(purged, failed)


async def run_retention(
    store: RetentionStore,
    policy: Mapping[str, timedelta | None],
    *,
    interval: float,
    batch: int,
    stop: asyncio.Event,
    clock: Clock | None = None,
    pause: float = 0.05,
) -> None:
    """Purge now and then every ``interval`` seconds until ``stop`` is set."""
    clock = clock or SystemClock()
    while not stop.is_set():
        result = await purge_expired(store, policy, now=clock.now(), batch=batch, pause=pause)
        if result.total:
            log.info(
                "retention: purged %s",
                ", ".join(f"{n} {kind}" for kind, n in sorted(result.purged.items())),
            )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)


def format_db_stats(
    tables: Sequence[TableStats],
    policy: Mapping[str, timedelta | None],
    due: Mapping[str, int],
) -> str:
    """The ``botgig db stats`` report: every table, then what retention would purge now."""
    lines = [f"{'table':<24} {'rows':>10} {'size':>10}"]
    for table in tables:
        size = _human(table.bytes) if table.bytes is not None else "-"
        lines.append(f"{table.name:<24} {table.rows:>10,} {size:>10}")
    lines += ["", f"{'retention':<20} {'table':<20} {'kept':<10} {'due now':>9}"]
    for purgeable in PURGEABLE:
        keep = policy.get(purgeable.kind)
        kept = "forever" if keep is None else _duration(keep)
        count = f"{due[purgeable.kind]:,}" if purgeable.kind in due else "-"
        lines.append(f"{purgeable.kind:<20} {purgeable.table.name:<20} {kept:<10} {count:>9}")
    return "\n".join(lines)


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def _duration(keep: timedelta) -> str:
    hours = int(keep.total_seconds() // 3600)
    if hours % (24 * 7) == 0:
        return f"{hours // (24 * 7)}w"
    if hours % 24 == 0:
        return f"{hours // 24}d"
    return f"{hours}h"
