"""Which parts of BotGig are alive, and the counters of the chat platforms' APIs.

Every process writes a heartbeat row per part it runs (``heartbeat_job``), with its own check
of the part: a worker loop turned recently, the Telegram Bot API answers, the Discord gateway
is connected. ``/health/ready`` of any API process reads the rows (``readiness``), so it holds
across processes and hosts. The backlogs for /metrics are read from the database too
(``ops_figures``); the chat counters below are per process (shared per host with
``BOTGIG_METRICS_DIR``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from prometheus_client import Counter

from api.observability import Monitor, OpsFigures, PartStatus
from botgig.bootstrap import Container
from storage.monitoring import Heartbeat, HeartbeatStore, read_backlogs

log = logging.getLogger(__name__)

CHAT_REQUESTS = Counter(
    "botgig_chat_requests",
    "Calls to the chat platforms' APIs (sends, edits, polling) by outcome; rate_limited is a 429.",
    ["platform", "method", "outcome"],
)

#: A part whose process has not beaten for this many heartbeat intervals is down.
MISSED_BEATS = 3
#: A loop that has not turned for this long is stuck, even if its process still beats.
LOOP_STALL_SECONDS = 60.0
#: Rows of processes silent this long are deleted (a crash leaves its rows behind).
FORGET_AFTER = timedelta(days=1)

Probe = Callable[[], tuple[bool, str]]


class Liveness:
    """This process's view of the parts it runs: loops mark each turn, bots give a probe."""

    def __init__(self) -> None:
        self._turned: dict[str, float] = {}
        self._probes: dict[str, Probe] = {}

    def turned(self, part: str) -> None:
        self._turned[part] = time.monotonic()

    def probe(self, part: str, check: Probe) -> None:
        self._probes[part] = check

    def check(self, part: str) -> tuple[bool, str]:
        if part in self._probes:
            return self._probes[part]()
        if part in self._turned:
            age = time.monotonic() - self._turned[part]
            return age <= LOOP_STALL_SECONDS, f"last turn {age:.0f} s ago"
        return True, "running"


LIVENESS = Liveness()


@dataclass
class _ApiHealth:
    """The last answer and the last failure of a platform's API, as monotonic times."""

    started: float = field(default_factory=time.monotonic)
    last_ok: float | None = None
    last_error: float | None = None
    error: str = ""

    def check(self) -> tuple[bool, str]:
        now = time.monotonic()
        failing = self.last_error is not None and (
            self.last_ok is None or self.last_error > self.last_ok
        )
        since = self.last_ok if self.last_ok is not None else self.started
        if failing and now - since > LOOP_STALL_SECONDS:
            return False, f"the API has not answered for {now - since:.0f} s ({self.error})"
        if self.last_ok is None:
            return True, "started"
        return True, f"the API answered {now - self.last_ok:.0f} s ago"


class TelegramMetrics:
    """An aiogram request middleware, registered innermost: it sees every attempt, the 429s
    the retry middleware waits out included."""

    def __init__(self) -> None:
        self.health = _ApiHealth()

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter

        name = getattr(method, "__api_method__", type(method).__name__)
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter:
            CHAT_REQUESTS.labels("telegram", name, "rate_limited").inc()
            self.health.last_ok = time.monotonic()
            raise
        except (TelegramNetworkError, OSError) as exc:
            CHAT_REQUESTS.labels("telegram", name, "error").inc()
            self.health.last_error, self.health.error = time.monotonic(), type(exc).__name__
            raise
        except Exception:
            # Telegram answered, with an error of the call (a blocked user, a bad request).
            CHAT_REQUESTS.labels("telegram", name, "error").inc()
            self.health.last_ok = time.monotonic()
            raise
        CHAT_REQUESTS.labels("telegram", name, "ok").inc()
        self.health.last_ok = time.monotonic()
        return response


def instrument_telegram(bot: Any) -> TelegramMetrics:
    """Count the bot's Bot API calls and watch that the API answers."""
    metrics = TelegramMetrics()
    bot.session.middleware(metrics)
    LIVENESS.probe("telegram", metrics.health.check)
    return metrics


def instrument_discord(client: Any) -> aiohttp.TraceConfig:
    """Count discord.py's REST calls (through its aiohttp trace hook) and watch the gateway."""
    health = _ApiHealth()

    async def on_end(_session: Any, _ctx: Any, params: aiohttp.TraceRequestEndParams) -> None:
        status = params.response.status
        outcome = "ok" if status < 400 else "rate_limited" if status == 429 else "error"
        CHAT_REQUESTS.labels("discord", params.method, outcome).inc()
        health.last_ok = time.monotonic()

    async def on_error(
        _session: Any, _ctx: Any, params: aiohttp.TraceRequestExceptionParams
    ) -> None:
        CHAT_REQUESTS.labels("discord", params.method, "error").inc()
        health.last_error, health.error = time.monotonic(), type(params.exception).__name__

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_end)
    trace.on_request_exception.append(on_error)
    # Read when discord.py opens its HTTP session, at login: set before the bot starts.
    client.http.http_trace = trace

    def connected() -> tuple[bool, str]:
        if client.is_closed():
            return False, "the client is closed"
        if not client.is_ready():
            ok, detail = health.check()
            return ok, f"connecting to the gateway; {detail}"
        return True, f"gateway connected, latency {client.latency * 1000:.0f} ms"

    LIVENESS.probe("discord", connected)
    return trace


def parts_of(container: Container, running: Collection[str]) -> list[str]:
    """The heartbeat names of what runs: ``worker`` is its loops, one beat each."""
    names: list[str] = []
    for part in running:
        if part == "worker":
            names += worker_parts(container)
        elif part != "admin":  # the admin channel runs inside the Telegram bot
            names.append(part)
    return names


def worker_parts(container: Container) -> list[str]:
    names = ["scheduler", "dispatcher", "webhooks"]
    if container.ctx.escrow is not None:
        names.append("payments")
    if container.chain_watcher is not None:
        names.append("chain")
    return names


def expected_parts(container: Container) -> list[str]:
    """What the settings configure, wherever it runs: each must be alive somewhere."""
    names = worker_parts(container)
    names += [name for name in sorted(container.chat_platforms())]
    return names


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def heartbeat_job(
    container: Container,
    running: Collection[str],
    stop: asyncio.Event,
    *,
    liveness: Liveness = LIVENESS,
    instance: str | None = None,
) -> None:
    """Beat for every part this process runs until ``stop``; then remove this process's
    rows, so a clean stop is not mistaken for a crash. A cancelled (or killed) process
    leaves its rows to go stale, as a crash does."""
    store = HeartbeatStore(container.engine)
    instance = instance or instance_name()
    parts = parts_of(container, running)
    clock = container.ctx.clock
    started = clock.now()
    interval = container.settings.heartbeat_seconds
    while not stop.is_set():
        try:
            now = clock.now()
            await store.beat(
                [(part, *liveness.check(part)) for part in parts],
                instance=instance, started_at=started, now=now,
            )
            await store.prune(now - FORGET_AFTER)
        except Exception:
            log.exception("could not write the heartbeat")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)
    try:
        await store.forget(instance)
    except Exception:
        log.exception("could not remove this process's heartbeats")


def judge(
    expected: Sequence[str], beats: Sequence[Heartbeat], now: datetime, stale_after: timedelta
) -> list[PartStatus]:
    """Each expected part (and any other part that beats) as up or down."""
    statuses: list[PartStatus] = []
    names = list(expected) + sorted({b.part for b in beats} - set(expected))
    for name in names:
        rows = [b for b in beats if b.part == name]
        live = [b for b in rows if now - b.beat_at <= stale_after]
        last = max((b.beat_at for b in rows), default=None)
        if not rows:
            statuses.append(PartStatus(
                name, False, "no process has reported it: is the process that runs it up?"
            ))
        elif not live:
            age = (now - last).total_seconds() if last else 0
            statuses.append(PartStatus(
                name, False, f"no heartbeat for {age:.0f} s", last, 0
            ))
        elif not any(b.ok for b in live):
            statuses.append(PartStatus(name, False, live[0].detail, last, len(live)))
        else:
            detail = next(b.detail for b in live if b.ok)
            statuses.append(PartStatus(name, True, detail, last, len(live)))
    return statuses


def monitor_for(container: Container) -> Monitor:
    """The API's /metrics and /health/ready, reading the database of ``container``."""
    settings = container.settings
    store = HeartbeatStore(container.engine)
    stale_after = timedelta(seconds=settings.heartbeat_seconds * MISSED_BEATS)

    async def readiness() -> list[PartStatus]:
        try:
            beats = await store.all()
        except Exception:
            log.exception("readiness: the database did not answer")
            return [PartStatus("database", False, "the database did not answer")]
        now = container.ctx.clock.now()
        database = PartStatus("database", True, "answered")
        return [database, *judge(expected_parts(container), beats, now, stale_after)]

    async def ops_figures() -> OpsFigures:
        now = container.ctx.clock.now()
        backlogs = await read_backlogs(container.engine, now)

        def age(moment: datetime | None) -> float:
            return max(0.0, (now - moment).total_seconds()) if moment else 0.0

        return OpsFigures(
            outbox_pending=backlogs.outbox_pending,
            outbox_failed=backlogs.outbox_failed,
            outbox_lag_seconds=age(backlogs.oldest_pending_event_at),
            timers_due=backlogs.timers_due,
            timers_overdue_seconds=age(backlogs.oldest_due_timer_at),
            webhook_deliveries=backlogs.webhook_deliveries,
            payment_jobs=backlogs.payment_jobs,
        )

    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    return Monitor(
        readiness=readiness,
        ops_figures=ops_figures,
        metrics_token=token,
        multiprocess_dir=settings.metrics_dir,
    )
