"""Outbound webhooks: registration rules, the outbox sink, signing, retries, 410, and the
bodies: the API's words, one documented model per public event type."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from api.webhook_payloads import PAYLOADS, message_body
from api.webhooks import WebhookSender, WebhookSink
from core.accounts.accounts import set_role
from core.accounts.webhooks import PUBLIC_EVENT_TYPES, RetryPolicy, sign, verify
from core.credits.credits import top_up_credits
from core.orders.disputes import rule_dispute
from core.orders.model import Ruling
from core.orders.parties import load_order, order_payload
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.ledger import TxType
from tests.api.conftest import Agent, Api, FakeResolver, error_code
from tests.api.test_openapi import conforms
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


# ---------------------------------------------------------------- payloads in the API's words

#: Domain words a webhook must not speak: the API says job, application, and plain amounts.
DOMAIN_WORDS = ("request", "proposal", "_cents")


def assert_api_words(body: dict[str, Any]) -> None:
    assert body["timestamp"].endswith("Z"), body
    for key, value in body["data"].items():
        assert not any(word in key for word in DOMAIN_WORDS), (body["type"], key)
        if key.endswith("_id") and value is not None:
            assert isinstance(value, str) and value.isdigit(), (body["type"], key, value)
        if key.endswith("_at") and value is not None:
            assert value.endswith("Z"), (body["type"], key, value)


def documented(doc: dict[str, Any], body: dict[str, Any]) -> None:
    """``body`` fits the schema /openapi.json gives its type under ``webhooks``."""
    media = doc["webhooks"][body["type"]]["post"]["requestBody"]["content"]["application/json"]
    conforms(doc, media["schema"], body)


def test_every_public_event_type_has_a_payload_model() -> None:
    missing = [t for t in PUBLIC_EVENT_TYPES if t not in PAYLOADS]
    assert missing == [], f"add a model for {missing} to api/webhook_payloads.PAYLOADS"


async def test_a_whole_story_arrives_in_the_api_words_and_as_documented(
    api: Api, ctx: Context, store: FakeStore, resolver: FakeResolver
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    rival = await api.register("Rival")
    moderator = await api.register("Moderator", kind="human")
    await set_role(ctx, granted_by=None, account_id=int(moderator.id))
    for who in (poster, agent, rival):
        await register_hook(api, who)
    job = await api.post_job(poster)
    application = await api.apply(agent, job["id"], price=25_000)
    await api.apply(rival, job["id"])
    r = await api.client.post(
        f"/api/jobs/{job['id']}/accept-application",
        json={"application_id": application["id"]}, headers=poster.headers,
    )
    order_id = r.json()["id"]
    jobs = f"/api/jobs/{job['id']}"
    steps: list[tuple[Agent, str, dict[str, object] | None]] = [
        (agent, "/messages", {"text": "Starting now; first rows tonight."}),
        (agent, "/deliver", {"url": "https://files.example.com/v1.csv", "note": "v1"}),
        (poster, "/request-revision", {"note": "Please add the stock column."}),
        (agent, "/deliver", {"url": "https://files.example.com/v2.csv", "note": "v2"}),
        (poster, "/approve", None),
        (poster, "/reviews", {"rating": 5, "text": "Quick and careful."}),
    ]
    responses = []
    for who, action, payload in steps:
        r = await api.client.post(jobs + action, json=payload, headers=who.headers)
        assert r.status_code in (200, 201), (action, r.text)
        responses.append(r.json())
    second_job, _ = await api.awarded(poster, agent)
    r = await api.client.post(
        f"/api/jobs/{second_job}/dispute",
        json={"reason": "Nothing was delivered by the deadline."}, headers=poster.headers,
    )
    await rule_dispute(
        ctx, moderator_id=int(moderator.id), dispute_id=int(r.json()["id"]),
        ruling=Ruling.REFUND, note="No delivery: refunded.",
    )
    await top_up_credits(
        ctx, account_id=int(agent.id), amount=500, source=TxType.TOPUP_CRYPTO,
        idempotency_key="0xfeed:3", reference="0xfeed:3",
    )
    await dispatch(ctx, store)
    receiver = Receiver()
    while await sender(ctx, receiver, resolver).run_once():
        pass
    bodies = [json.loads(c.content) for c in receiver.calls]

    assert {b["type"] for b in bodies} >= {
        "job.application_received", "application.accepted", "application.rejected",
        "message.received", "order.delivered", "order.revision_requested", "order.approved",
        "order.completed", "review.received", "order.disputed", "dispute.resolved",
        "credits.topped_up",
    }
    doc = (await api.client.get("/openapi.json")).json()
    for body in bodies:
        assert_api_words(body)
        documented(doc, body)

    def data(event_type: str) -> dict[str, Any]:
        found: dict[str, Any] = next(b for b in bodies if b["type"] == event_type)["data"]
        return found

    assert data("application.accepted") == {
        "job_id": job["id"], "application_id": application["id"], "applicant_id": agent.id,
        "title": job["title"], "order_id": order_id,
    }
    assert data("application.rejected")["applicant_id"] == rival.id
    delivered = data("order.delivered")
    assert delivered["order_id"] == order_id and delivered["job_id"] == job["id"]
    assert delivered["price"] == 25_000 and delivered["offer_id"] is None
    assert delivered["delivery_id"] == responses[1]["id"]
    assert delivered["authorship"] == "agent" and delivered["actor_id"] == agent.id
    assert delivered["from_status"] == "in_progress" and delivered["to_status"] == "delivered"
    assert data("order.revision_requested")["note"] == "Please add the stock column."
    message = data("message.received")
    assert message["message_id"] == responses[0]["id"] and message["file_name"] is None
    assert set(data("review.received")) == {"order_id", "review_id", "author_id", "subject_id"}
    resolved = data("dispute.resolved")
    assert resolved["ruling"] == "refund" and resolved["note"] == "No delivery: refunded."
    assert data("credits.topped_up") == {
        "account_id": agent.id, "amount": 500, "balance": 600, "source": "topup_crypto",
        "reference": "0xfeed:3",
    }


async def test_money_and_proofing_payloads_as_the_core_writes_them(
    api: Api, ctx: Context, client: httpx.AsyncClient
) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    _, order_id = await api.awarded(poster, agent)
    async with ctx.uow() as uow:
        order = await load_order(uow, int(order_id))
    step = {"action": "release", "from_status": "release_pending", "to_status": "completed",
            "actor_id": None, "note": "cooldown ended"}
    now = api.clock.now()
    doc = (await client.get("/openapi.json")).json()

    def render(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
        body = message_body(DomainEvent(event_type, payload, occurred_at=now), event_type, now)
        assert_api_words(body)
        if event_type in doc["webhooks"]:
            documented(doc, body)
        data: dict[str, Any] = body["data"]
        return data

    base = order_payload(order)
    funded = render("order.funded", base | step | {"action": "fund", "source": "card"})
    assert funded["source"] == "card" and funded["price"] == order.price_cents
    released = render("payment.released", base | {"amount_cents": 20_000, "fee_cents": 2_000})
    assert released["amount"] == 20_000 and released["platform_fee"] == 2_000
    # The release step of the order itself carries no amount: null, not a missing field.
    assert render("payment.released", base | step)["amount"] is None
    refunded = render("payment.refunded", base | {"amount_cents": 500, "note": "goodwill"})
    assert refunded["amount"] == 500 and refunded["note"] == "goodwill"

    # The proofing feature's payloads: a proofer stays anonymous to the buyer.
    assignment = {"order_id": order.id, "request_id": order.request_id, "title": order.title,
                  "assignment_id": 9, "proofer_id": 77, "status": "submitted",
                  "due_at": now.isoformat()}
    submitted = render("proof.submitted", assignment | {"verdict": "pass"})
    assert "proofer_id" not in submitted and "assignment_id" not in submitted
    assert submitted["job_id"] == str(order.request_id) and submitted["verdict"] == "pass"
    assert render("proof.assigned", assignment)["assignment_id"] == "9"
    consensus = render("proof.consensus", base | {"round_id": 4, "verdict": "split",
                                                  "scorecards": 2, "scores": {
                                                      "completeness": 3.5, "accuracy": 4.0,
                                                      "methodology": 4.0, "quality": 3.0}})
    assert consensus["verdict"] == "split" and consensus["scores"]["completeness"] == 3.5
    assert "round_id" not in consensus


def test_a_type_without_a_model_carries_its_ids_only() -> None:
    now = datetime.now(UTC)
    event = DomainEvent(
        "job.reopened",
        {"request_id": 3, "proposal_id": None, "buyer_id": 5, "title": "secret-ish"},
        occurred_at=now,
    )
    body = message_body(event, "job.reopened", now)
    assert body["data"] == {"job_id": "3", "buyer_id": "5"}
    assert body["type"] == "job.reopened" and body["id"] == event.id


async def test_a_payload_short_of_its_promise_is_not_sent_half_filled(
    api: Api, ctx: Context, store: FakeStore
) -> None:
    owner = await api.register("Owner")
    await register_hook(api, owner)
    broken = DomainEvent("order.delivered", {"order_id": 1}, recipients=(int(owner.id),))
    with pytest.raises(ValidationError):
        await WebhookSink(ctx).deliver(broken)
    async with ctx.uow() as uow:
        assert (await uow.webhooks.claim_due(api.clock.now(), limit=10,
                                             lease_until=api.clock.now())) == []
