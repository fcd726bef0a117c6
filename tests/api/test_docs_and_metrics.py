"""The self-hosted docs, /metrics and /health/ready of the API, in process."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from html.parser import HTMLParser

import httpx
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from api.app import create_app
from api.docs import CONTENT_SECURITY_POLICY
from api.observability import Monitor, OpsFigures, PartStatus
from tests.api.conftest import Api


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            if found.get(name):
                self.urls.append(str(found[name]))
        self._in_script = tag == "script" and not found.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


async def test_docs_load_only_same_origin_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    parser = _Assets()
    parser.feed(page.text)
    assert parser.inline_scripts == 0
    assert len(parser.urls) == 4, parser.urls
    for url in parser.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100, url
    scripts = [u for u in parser.urls if u.endswith(".js")]
    bundle = await client.get(scripts[0])
    assert "SwaggerUIBundle" in bundle.text
    init = await client.get(scripts[1])
    assert "/openapi.json" in page.text and "dataset.openapiUrl" in init.text
    assert (await client.get("/openapi.json")).status_code == 200
    assert (await client.get("/redoc")).status_code == 404


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def _requests(text: str, route: str, status: str) -> float:
    key = ("botgig_http_requests_total",
           (("method", "GET"), ("route", route), ("status", status)))
    return _samples(text).get(key, 0.0)


async def test_metrics_count_requests_by_route_template(
    client: httpx.AsyncClient, api: Api
) -> None:
    poster = await api.register("Poster")
    job = await api.post_job(poster)
    before = (await client.get("/metrics")).text
    for _ in range(3):
        r = await client.get(f"/api/jobs/{job['id']}", headers=poster.headers)
        assert r.status_code == 200
    assert (await client.get("/api/jobs/999999", headers=poster.headers)).status_code == 404
    assert (await client.get("/no/such/path")).status_code == 404
    after = await client.get("/metrics")
    assert after.status_code == 200
    assert after.headers["content-type"].startswith("text/plain")
    route = "/api/jobs/{job_id}"
    assert _requests(after.text, route, "200") - _requests(before, route, "200") == 3
    assert _requests(after.text, route, "404") - _requests(before, route, "404") == 1
    assert _requests(after.text, "<unmatched>", "404") >= 1
    assert not re.search(r'route="/api/jobs/\d', after.text)
    latency = _samples(after.text)[(
        "botgig_http_request_duration_seconds_count", (("method", "GET"), ("route", route)))]
    assert latency >= 3
    # Each response names its request id, for matching a complaint with the log.
    assert re.fullmatch(r"[0-9a-f]{32}", after.headers["x-request-id"])
    kept = await client.get("/health", headers={"X-Request-ID": "lb-1234"})
    assert kept.headers["x-request-id"] == "lb-1234"
    forged = await client.get("/health", headers={"X-Request-ID": "x\nINFO fake"})
    assert forged.headers["x-request-id"] != "x\nINFO fake"


async def _healthy() -> None:
    return None


def _with(
    base: FastAPI, monitor: Monitor, health_check: Callable[[], Awaitable[None]] = _healthy
) -> FastAPI:
    """The app of ``base`` (same context and config) with ``monitor``."""
    return create_app(
        base.state.ctx, health_check=health_check, config=base.state.config, monitor=monitor
    )


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_metrics_show_the_database_figures_and_ask_for_the_token(
    make_app: Callable[..., FastAPI],
) -> None:
    async def figures() -> OpsFigures:
        return OpsFigures(
            outbox_pending=7, outbox_failed=1, outbox_lag_seconds=12.5, timers_due=2,
            timers_overdue_seconds=3.0, webhook_deliveries={"retrying": 4, "failed": 1},
            payment_jobs={"pending": 2},
        )

    app = _with(make_app(), Monitor(ops_figures=figures, metrics_token="s3cret-metrics"))
    async with _client(app) as client:
        refused = await client.get("/metrics")
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "metrics.token_required"
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        r = await client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics"})
    assert r.status_code == 200
    samples = _samples(r.text)
    assert samples[("botgig_outbox_events", (("status", "pending"),))] == 7
    assert samples[("botgig_outbox_events", (("status", "failed"),))] == 1
    assert samples[("botgig_outbox_lag_seconds", ())] == 12.5
    assert samples[("botgig_timers_due", ())] == 2
    assert samples[("botgig_webhook_deliveries", (("status", "retrying"),))] == 4
    assert samples[("botgig_payment_jobs", (("status", "pending"),))] == 2


async def test_ready_is_503_when_a_part_is_down(make_app: Callable[..., FastAPI]) -> None:
    beat = datetime(2026, 1, 1, tzinfo=UTC)
    parts = [PartStatus("database", True, "answered"),
             PartStatus("dispatcher", True, "beat 2 s ago", beat, 2)]

    async def readiness() -> list[PartStatus]:
        return parts

    async with _client(_with(make_app(), Monitor(readiness=readiness))) as client:
        ok = await client.get("/health/ready")
        assert ok.status_code == 200
        assert ok.json()["parts"]["dispatcher"] == {
            "status": "ok", "detail": "beat 2 s ago",
            "last_beat_at": "2026-01-01T00:00:00+00:00", "instances": 2}
        parts.append(PartStatus("telegram", False, "no heartbeat for 95 s", beat, 1))
        down = await client.get("/health/ready")
        assert down.status_code == 503
        assert down.json()["status"] == "unavailable"
        assert down.json()["parts"]["telegram"]["status"] == "down"


async def test_ready_without_a_monitor_checks_the_database(
    make_app: Callable[..., FastAPI],
) -> None:
    async def broken() -> None:
        raise ConnectionError("no database")

    async with _client(_with(make_app(), Monitor(), health_check=broken)) as client:
        r = await client.get("/health/ready")
    assert r.status_code == 503
    assert r.json()["parts"]["database"]["status"] == "down"
