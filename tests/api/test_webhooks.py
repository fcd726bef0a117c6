"""Outbound webhooks: registration rules, the outbox sink, signing, retries, 410."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import timedelta

import httpx
from fastapi import FastAPI

from api.webhooks import WebhookSender, WebhookSink
from core.accounts.webhooks import RetryPolicy, sign, verify
from core.shared.context import Context
from tests.api.conftest import Agent, Api, FakeResolver, error_code
from tests.fakes import FakeStore

HOOK = "https://hooks.example.com/botgig"


class Receiver:
    """An endpoint scripted with the status codes to answer, in order (then 200)."""

    def __init__(self, answers: list[int] | None = None) -> None:
        self.answers = list(answers or [])
        self.calls: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        return httpx.Response(self.answers.pop(0) if self.answers else 200)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))


def standard_webhooks_verify(secret: str, request: httpx.Request) -> bool:
    """The receiver's check, written from the Standard Webhooks spec (not our helper)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    msg_id = request.headers["webhook-id"]
    timestamp = request.headers["webhook-timestamp"]
    signed = f"{msg_id}.{timestamp}.".encode() + request.content
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        part.split(",", 1) == ["v1", expected]
        for part in request.headers["webhook-signature"].split()
    )


async def dispatch(ctx: Context, store: FakeStore) -> None:
    """What the outbox dispatcher does for the webhooks sink (twice: it is at least once)."""
    sink = WebhookSink(ctx)
    for event in list(store.outbox):
        await sink.deliver(event)
        await sink.deliver(event)
    store.outbox.clear()


async def register_hook(api: Api, owner: Agent, **body: object) -> dict[str, str]:
    r = await api.client.post("/api/webhooks", json={"url": HOOK} | body, headers=owner.headers)
    assert r.status_code == 201, r.text
    assert r.json()["secret"].startswith("whsec_")
    return dict(r.json())


def sender(ctx: Context, receiver: Receiver, resolver: FakeResolver) -> WebhookSender:
    return WebhookSender(
        ctx, client=receiver.client(), resolver=resolver,  # type: ignore[arg-type]
        policy=RetryPolicy(), jitter=lambda: 0.0,
    )


def test_signature_helpers_round_trip() -> None:
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    header = sign(secret, "msg_1", 1_700_000_000, b'{"a":1}')
    assert header.startswith("v1,")
    assert verify(secret, "msg_1", "1700000000", b'{"a":1}', header, now=1_700_000_100)
    assert not verify(secret, "msg_1", "1700000000", b'{"a":2}', header, now=1_700_000_100)
    assert not verify(secret, "msg_1", "1700000000", b'{"a":1}', header, now=1_700_009_999)


async def test_private_urls_are_refused_unless_allowed(
    api: Api, make_app: Callable[..., FastAPI]
) -> None:
    owner = await api.register("Owner")
    for url in ("http://127.0.0.1:9000/hook", "http://localhost/hook", "http://[::1]/x",
                "http://169.254.169.254/latest", "https://intranet.example/hook",
                "http://10.1.2.3/x", "http://[::ffff:192.168.1.1]/x"):
        r = await api.client.post("/api/webhooks", json={"url": url}, headers=owner.headers)
        assert r.status_code == 422 and error_code(r) == "webhook.url_private", url
    r = await api.client.post("/api/webhooks", json={"url": "ftp://x.example/"},
                              headers=owner.headers)
    assert error_code(r) == "webhook.url_invalid"
    r = await api.client.post("/api/webhooks", json={"url": HOOK, "events": ["order.exploded"]},
                              headers=owner.headers)
    assert error_code(r) == "webhook.unknown_event"

    relaxed = make_app(webhook_allow_private=True)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=relaxed), base_url="http://test"
    ) as client:
        r = await client.post("/api/webhooks", json={"url": "http://127.0.0.1:9000/hook"},
                              headers=owner.headers)
        assert r.status_code == 201


async def test_signed_delivery_only_of_subscribed_events_to_recipients(
    api: Api, ctx: Context, store: FakeStore, resolver: FakeResolver
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    outsider = await api.register("Outsider")
    hook = await register_hook(api, poster, events=["job.application_received"])
    await register_hook(api, outsider)  # all events, but never a recipient here
    job = await api.post_job(poster)
    application = await api.apply(agent, job["id"])
    await dispatch(ctx, store)

    receiver = Receiver()
    assert await sender(ctx, receiver, resolver).run_once() == 1
    (call,) = receiver.calls
    assert str(call.url) == HOOK
    assert standard_webhooks_verify(hook["secret"], call)
    body = json.loads(call.content)
    assert body["type"] == "job.application_received"
    assert body["data"] == {
        "job_id": job["id"],
        "application_id": application["id"],
        "applicant_id": agent.id,
        "title": job["title"],
        "proposed_price": application["proposed_price"],
        "currency": job["currency"],
        "timeline_days": application["timeline_days"],
    }
    assert body["timestamp"].endswith("Z")
    assert call.headers["webhook-id"] == body["id"]
    assert await sender(ctx, receiver, resolver).run_once() == 0

    log = await api.client.get(f"/api/webhooks/{hook['id']}/deliveries", headers=poster.headers)
    (entry,) = log.json()["data"]
    assert entry["status"] == "delivered" and entry["response_code"] == 200
    assert entry["webhook_id"] == body["id"] and entry["attempts"] == 1


async def test_failing_three_times_then_succeeding_delivers_once_more(
    api: Api, ctx: Context, store: FakeStore, resolver: FakeResolver
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    hook = await register_hook(api, poster)
    job = await api.post_job(poster)
    await api.apply(agent, job["id"])
    await dispatch(ctx, store)

    receiver = Receiver([500, 503, 502])
    waits = []
    for _ in range(4):
        assert await sender(ctx, receiver, resolver).run_once() == 1
        # Not due again before its backoff has passed.
        assert await sender(ctx, receiver, resolver).run_once() == 0
        log = await api.client.get(
            f"/api/webhooks/{hook['id']}/deliveries", headers=poster.headers
        )
        entry = log.json()["data"][0]
        if entry["status"] == "pending":
            wait = (
                api.clock.now().fromisoformat(entry["next_attempt_at"]) - api.clock.now()
            )
            waits.append(wait)
            api.clock.advance(wait)
    assert len(receiver.calls) == 4
    assert len({c.headers["webhook-id"] for c in receiver.calls}) == 1
    assert all(standard_webhooks_verify(hook["secret"], c) for c in receiver.calls)
    assert waits == sorted(waits) and waits[0] < waits[-1]  # exponential backoff
    assert entry["status"] == "delivered" and entry["attempts"] == 4


async def test_gives_up_after_about_a_day(
    api: Api, ctx: Context, store: FakeStore, resolver: FakeResolver
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    hook = await register_hook(api, poster)
    job = await api.post_job(poster)
    await api.apply(agent, job["id"])
    await dispatch(ctx, store)
    receiver = Receiver([500] * 1000)
    for _ in range(100):
        await sender(ctx, receiver, resolver).run_once()
        api.clock.advance(timedelta(hours=2))
    entry = (await api.client.get(
        f"/api/webhooks/{hook['id']}/deliveries", headers=poster.headers
    )).json()["data"][0]
    assert entry["status"] == "failed"
    assert 10 <= len(receiver.calls) <= 30


async def test_410_disables_the_endpoint(
    api: Api, ctx: Context, store: FakeStore, resolver: FakeResolver
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    hook = await register_hook(api, poster)
    job = await api.post_job(poster)
    await api.apply(agent, job["id"])
    other_job = await api.post_job(poster)
    await api.apply(agent, other_job["id"])
    await dispatch(ctx, store)
    receiver = Receiver([410, 410])
    await sender(ctx, receiver, resolver).run_once()
    assert len(receiver.calls) == 2  # both were already claimed in one batch
    hooks = (await api.client.get("/api/webhooks", headers=poster.headers)).json()["data"]
    assert hooks[0]["enabled"] is False and "410" in hooks[0]["disabled_reason"]
    # Nothing more is queued or sent to a disabled endpoint.
    third = await api.post_job(poster)
    await api.apply(agent, third["id"])
    await dispatch(ctx, store)
    api.clock.advance(timedelta(hours=1))
    assert await sender(ctx, receiver, resolver).run_once() == 0
    log = (await api.client.get(
        f"/api/webhooks/{hook['id']}/deliveries", headers=poster.headers
    )).json()["data"]
    assert {e["status"] for e in log} == {"failed"} and len(log) == 2


async def test_delete_endpoint(api: Api) -> None:
    owner = await api.register("Owner")
    hook = await register_hook(api, owner)
    r = await api.client.delete(f"/api/webhooks/{hook['id']}", headers=owner.headers)
    assert r.status_code == 204
    assert (await api.client.get("/api/webhooks", headers=owner.headers)).json()["data"] == []
