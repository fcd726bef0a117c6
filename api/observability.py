"""What an operator watches: the request log and HTTP metrics, ``GET /metrics`` and
``GET /health/ready``.

The figures that must hold across processes (outbox depth and lag, due timers, webhook and
payment backlogs, which parts are alive) are read from the database at scrape time through
the callables the composition root passes in ``Monitor``; the per-process counters (requests,
deliveries, chat sends) are prometheus-client's, shared between the processes of a host in
its multiprocess mode when ``Monitor.multiprocess_dir`` is set.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.shared.logcontext import log_scope

log = logging.getLogger("botgig.http")

HTTP_REQUESTS = Counter(
    "botgig_http_requests",
    "HTTP requests answered, by route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "botgig_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: A client's X-Request-ID is kept only when it is short and plain, so it cannot forge log lines.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "<unmatched>"


@dataclass(frozen=True)
class OpsFigures:
    """Backlogs read from the database: the same for every process that reads them."""

    outbox_pending: int = 0
    outbox_failed: int = 0
    #: Seconds since the oldest undelivered event was written (0 when none is waiting).
    outbox_lag_seconds: float = 0.0
    timers_due: int = 0
    #: Seconds the oldest due timer is late.
    timers_overdue_seconds: float = 0.0
    webhook_deliveries: Mapping[str, int] = field(default_factory=dict)
    payment_jobs: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PartStatus:
    """One part of the deployment (the database, a worker loop, a chat bot)."""

    name: str
    ok: bool
    detail: str
    last_beat_at: datetime | None = None
    instances: int = 0


@dataclass(frozen=True)
class Monitor:
    """What the composition root gives the API to answer /metrics and /health/ready."""

    readiness: Callable[[], Awaitable[Sequence[PartStatus]]] | None = None
    ops_figures: Callable[[], Awaitable[OpsFigures]] | None = None
    #: When set, /metrics asks for ``Authorization: Bearer <token>``.
    metrics_token: str | None = None
    #: prometheus-client's multiprocess directory, shared by the processes of this host.
    multiprocess_dir: Path | None = None


def route_template(scope: Scope) -> str:
    """The route's path template (``/api/jobs/{job_id}``), never the raw path: the label
    must not grow with every id."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    app_root, root = scope.get("app_root_path", ""), scope.get("root_path", "")
    if "endpoint" in scope and root.startswith(app_root) and root != app_root:
        # A mounted app (the docs' files): the mount's path.
        return f"{root[len(app_root):]}/{{path}}"
    return UNMATCHED


class RequestObserver:
    """Outermost ASGI middleware: a request id (echoed as ``X-Request-ID``) bound to every log
    record of the request, one log line per request (the path without its query string, which
    can carry a token), and the request metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", ()),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        with log_scope(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                elapsed = time.perf_counter() - started
                method = scope["method"] if scope["method"] in _METHODS else "OTHER"
                route = route_template(scope)
                HTTP_REQUESTS.labels(method, route, str(status)).inc()
                HTTP_LATENCY.labels(method, route).observe(elapsed)
                log.info("%s %s %d %.1f ms", method, scope["path"], status, elapsed * 1000)


class _Figures:
    """A one-scrape collector of the database figures."""

    def __init__(self, figures: OpsFigures) -> None:
        self.figures = figures

    def collect(self) -> Iterator[Metric]:
        f = self.figures
        events = GaugeMetricFamily(
            "botgig_outbox_events", "Outbox events not yet delivered to every sink.",
            labels=["status"],
        )
        events.add_metric(["pending"], f.outbox_pending)
        events.add_metric(["failed"], f.outbox_failed)
        yield events
        yield GaugeMetricFamily(
            "botgig_outbox_lag_seconds",
            "Age of the oldest event still waiting for delivery.",
            value=f.outbox_lag_seconds,
        )
        yield GaugeMetricFamily(
            "botgig_timers_due", "Timers past their due time, not yet fired.", value=f.timers_due
        )
        yield GaugeMetricFamily(
            "botgig_timers_overdue_seconds",
            "How late the oldest due timer is.",
            value=f.timers_overdue_seconds,
        )
        webhooks = GaugeMetricFamily(
            "botgig_webhook_deliveries",
            "Outbound webhook deliveries by status (retrying: failed at least once, will retry;"
            " failed: given up).",
            labels=["status"],
        )
        for status, count in sorted(f.webhook_deliveries.items()):
            webhooks.add_metric([status], count)
        yield webhooks
        jobs = GaugeMetricFamily(
            "botgig_payment_jobs", "Queued payment-processor calls by status.", labels=["status"]
        )
        for status, count in sorted(f.payment_jobs.items()):
            jobs.add_metric([status], count)
        yield jobs


def render_metrics(figures: OpsFigures | None, multiprocess_dir: Path | None) -> bytes:
    """The Prometheus text exposition of this host's counters and the database figures."""
    if multiprocess_dir is not None:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(multiprocess_dir))  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    if figures is not None:
        database = CollectorRegistry(auto_describe=False)
        database.register(_Figures(figures))
        body += generate_latest(database)
    return body


def _bearer_ok(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def install_monitoring(
    app: FastAPI, monitor: Monitor, health_check: Callable[[], Awaitable[None]]
) -> None:
    """``/metrics`` and ``/health/ready`` on ``app``, and the request observer around it."""
    app.add_middleware(RequestObserver)

    @app.get("/metrics", tags=["meta"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        if monitor.metrics_token and not _bearer_ok(request, monitor.metrics_token):
            return JSONResponse(
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
                content={"error": {
                    "code": "metrics.token_required",
                    "message": "send the metrics token as 'Authorization: Bearer <token>' "
                    "(BOTGIG_METRICS_TOKEN on the server)",
                }},
            )
        figures = await monitor.ops_figures() if monitor.ops_figures is not None else None
        body = render_metrics(figures, monitor.multiprocess_dir)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get(
        "/health/ready",
        tags=["meta"],
        summary="Readiness: the database, each worker and each bot, from their heartbeats",
    )
    async def check_readiness() -> JSONResponse:
        parts: list[PartStatus]
        try:
            if monitor.readiness is not None:
                parts = list(await monitor.readiness())
            else:
                await health_check()
                parts = [PartStatus("database", True, "answered")]
        except Exception:
            log.exception("readiness check failed")
            parts = [PartStatus("database", False, "the database did not answer")]
        healthy = all(p.ok for p in parts)
        return JSONResponse(
            status_code=200 if healthy else 503,
            content={
                "status": "ok" if healthy else "unavailable",
                "parts": {p.name: _part_json(p) for p in parts},
            },
        )


def _part_json(part: PartStatus) -> dict[str, Any]:
    return {
        "status": "ok" if part.ok else "down",
        "detail": part.detail,
        "last_beat_at": part.last_beat_at.isoformat() if part.last_beat_at else None,
        "instances": part.instances,
    }
