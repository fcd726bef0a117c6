"""The escrow endpoints of the HTTP API, in process, with the SDK against the fake Stripe:
payouts onboarding, ordering with escrow, Stripe's webhook, the wallet and funding from it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.config import ApiConfig
from core.escrow import worker
from core.orders import disputes, orders
from core.orders.model import Ruling
from core.shared.context import Context
from payments.stripe import StripeGateway
from tests.api.conftest import Agent, Api, FakeMailer, FakeResolver
from tests.fakes import FakeClock, FakeStore
from tests.stripe.conftest import WHSEC, escrow_context
from tests.stripe.fake_stripe import FakeStripe, card_fee, signed
from tests.unit.builders import moderator

OFFER = {
    "title": "Price tracking of 200 shops",
    "category": "price-tracking",
    "description": "Daily prices and stock of 200 shops, delivered as CSV with a digest.",
    "inputs": "The list of shops",
    "output_format": "CSV",
    "delivery_days": 3,
    "bot_pct": 90,
    "price": 20_000,
}


@pytest.fixture
def ctx(clock: FakeClock, gateway: StripeGateway) -> Context:
    return escrow_context(FakeStore(), clock, gateway)


@pytest.fixture
async def client(ctx: Context, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async def healthy() -> None:
        return None

    app = create_app(
        ctx,
        health_check=healthy,
        config=ApiConfig(public_url="http://test", upload_dir=tmp_path, smtp_configured=True),
        mailer=MAILER,
        resolver=FakeResolver(),
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        yield c


MAILER = FakeMailer()


@pytest.fixture
def api(client: httpx.AsyncClient, clock: FakeClock) -> Api:
    return Api(client, MAILER, clock)


async def webhook(
    client: httpx.AsyncClient, payload: dict[str, Any], secret: str = WHSEC, **headers: str
) -> httpx.Response:
    body, signature = signed(payload, secret)
    return await client.post(
        "/api/stripe/webhook",
        content=body,
        headers={"Stripe-Signature": signature, "Content-Type": "application/json", **headers},
    )


async def onboarded_seller(api: Api, fake_stripe: FakeStripe) -> tuple[Agent, str]:
    seller = await api.register("Seller")
    r = await api.client.post("/api/me/payouts", headers=seller.headers)
    assert r.status_code == 200, r.text
    first = r.json()
    assert first["status"] == "action_required" and first["requirements"]
    assert first["onboarding_url"].startswith("https://connect.stripe.test/")
    account = fake_stripe.enable_account(first["stripe_account_id"])
    w = await webhook(api.client, fake_stripe.event("account.updated", account))
    assert w.status_code == 200, w.text
    r = await api.client.post("/api/me/payouts", headers=seller.headers)
    again = r.json()
    assert again["status"] == "enabled" and again["payouts_enabled"]
    assert again["stripe_account_id"] == first["stripe_account_id"]  # created once
    assert again["onboarding_url"] != first["onboarding_url"]  # a fresh link each time
    offer = await api.client.post("/api/offers", json=OFFER, headers=seller.headers)
    assert offer.status_code == 201, offer.text
    return seller, offer.json()["id"]


async def test_escrow_order_checkout_and_webhook(api: Api, fake_stripe: FakeStripe) -> None:
    _, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    r = await api.client.post(
        f"/api/offers/{offer_id}/order", json={"payment_mode": "escrow"}, headers=buyer.headers
    )
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["status"] == "awaiting_funding" and order["payment_mode"] == "escrow"
    payment = order["payment"]
    assert payment["amount"] == 20_000 and payment["platform_fee"] == 2_000
    assert payment["seller_receives"] == 18_000
    assert payment["checkout_url"].startswith("https://checkout.stripe.test/")

    session_id = payment["checkout_url"].rsplit("/", 1)[1]
    fake_stripe.complete_checkout(session_id)
    event = fake_stripe.event("checkout.session.completed", fake_stripe.sessions[session_id])

    bad = await webhook(api.client, event, secret="whsec_wrong")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "payment.invalid_signature"
    r = await api.client.get(f"/api/orders/{order['id']}", headers=buyer.headers)
    assert r.json()["status"] == "awaiting_funding"

    # An Idempotency-Key on the delivery must not get in the way.
    ok = await webhook(api.client, event, **{"Idempotency-Key": "abc"})
    assert ok.status_code == 200 and ok.json()["outcome"] == "processed", ok.text
    again = await webhook(api.client, event, **{"Idempotency-Key": "abc"})
    assert again.json()["outcome"] == "duplicate"
    r = await api.client.get(f"/api/orders/{order['id']}", headers=buyer.headers)
    assert r.json()["status"] == "in_progress"
    assert r.json()["payment"]["status"] == "funded"

    unknown = await webhook(api.client, fake_stripe.event("invoice.paid", {"id": "in_1"}))
    assert unknown.status_code == 200 and unknown.json()["outcome"] == "ignored"


async def test_off_platform_stays_the_default(api: Api, fake_stripe: FakeStripe) -> None:
    _, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    r = await api.client.post(f"/api/offers/{offer_id}/order", headers=buyer.headers)
    assert r.status_code == 201, r.text
    assert r.json()["payment_mode"] == "off_platform" and r.json()["payment"] is None


async def test_escrow_is_refused_for_a_seller_without_payouts(api: Api) -> None:
    seller = await api.register("Seller")
    offer = await api.client.post("/api/offers", json=OFFER, headers=seller.headers)
    buyer = await api.register("Buyer")
    r = await api.client.post(
        f"/api/offers/{offer.json()['id']}/order",
        json={"payment_mode": "escrow"},
        headers=buyer.headers,
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "payment.seller_cannot_receive"


async def test_fund_an_order_from_the_wallet(api: Api, fake_stripe: FakeStripe) -> None:
    _, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    r = await api.client.post(
        "/api/me/wallet/deposits", json={"amount": 25_000}, headers=buyer.headers
    )
    assert r.status_code == 201, r.text
    session_id = r.json()["checkout_url"].rsplit("/", 1)[1]
    fake_stripe.complete_checkout(session_id)
    intent = fake_stripe.intents[fake_stripe.sessions[session_id]["payment_intent"]]
    w = await webhook(api.client, fake_stripe.event("payment_intent.succeeded", intent))
    assert w.status_code == 200, w.text
    r = await api.client.get("/api/me/wallet", headers=buyer.headers)
    assert r.json() == {"balance": 25_000, "currency": "usd"}

    r = await api.client.post(
        f"/api/offers/{offer_id}/order", json={"payment_mode": "escrow"}, headers=buyer.headers
    )
    order_id = r.json()["id"]
    assert r.json()["payment"]["wallet_balance"] == 25_000
    r = await api.client.post(f"/api/orders/{order_id}/fund", headers=buyer.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_progress"
    r = await api.client.get("/api/me/wallet", headers=buyer.headers)
    assert r.json()["balance"] == 5_000
    # Funding twice is harmless; a second order is more than the wallet holds.
    r = await api.client.post(f"/api/orders/{order_id}/fund", headers=buyer.headers)
    assert r.status_code == 200
    r = await api.client.post(
        f"/api/offers/{offer_id}/order", json={"payment_mode": "escrow"}, headers=buyer.headers
    )
    r = await api.client.post(f"/api/orders/{r.json()['id']}/fund", headers=buyer.headers)
    assert r.status_code == 402 and r.json()["error"]["code"] == "payment.wallet_insufficient"


async def _escrow_order_attempt(api: Api, offer_id: object, buyer: Agent) -> httpx.Response:
    return await api.client.post(
        f"/api/offers/{offer_id}/order", json={"payment_mode": "escrow"}, headers=buyer.headers
    )


async def test_a_declined_card_at_checkout_is_a_402_and_the_order_stays_cancellable(
    api: Api, fake_stripe: FakeStripe
) -> None:
    _, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    fake_stripe.fail_next(
        "/v1/checkout/sessions", status=402, code="card_declined",
        message="Your card was declined.", type="card_error",
    )
    r = await _escrow_order_attempt(api, offer_id, buyer)
    assert r.status_code == 402, r.text
    error = r.json()["error"]
    assert error["code"] == "payment.card_declined"
    assert "Your card was declined." in error["message"] and "cancel" in error["message"]
    (order_id,) = [int(w) for w in error["message"].split(":")[0].split() if w.isdigit()]
    # Paying again is the same 402, never a 502; then a good card works.
    fake_stripe.fail_next(
        "/v1/checkout/sessions", status=402, code="card_declined",
        message="Your card was declined.", type="card_error",
    )
    again = await api.client.post(f"/api/orders/{order_id}/checkout", headers=buyer.headers)
    assert again.status_code == 402 and again.json()["error"]["code"] == "payment.card_declined"
    ok = await api.client.post(f"/api/orders/{order_id}/checkout", headers=buyer.headers)
    assert ok.status_code == 200 and ok.json()["checkout_url"].startswith("https://")
    r = await api.client.post(f"/api/orders/{order_id}/cancel", headers=buyer.headers)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"


async def test_a_refused_checkout_is_a_422_and_an_outage_a_503(
    api: Api, fake_stripe: FakeStripe
) -> None:
    _, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    fake_stripe.fail_next(
        "/v1/checkout/sessions", code="amount_too_small",
        message="Amount must convert to at least 50 cents.",
    )
    r = await _escrow_order_attempt(api, offer_id, buyer)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "payment.checkout_refused"
    assert "at least 50 cents" in r.json()["error"]["message"]
    fake_stripe.fail_next("/v1/checkout/sessions", status=500, code="api_error", message="boom")
    r = await _escrow_order_attempt(api, offer_id, buyer)
    assert r.status_code == 503 and r.json()["error"]["code"] == "payment.checkout_unavailable"


async def test_escrow_below_the_minimum_is_refused_before_an_order_exists(
    api: Api, fake_stripe: FakeStripe
) -> None:
    seller, _ = await onboarded_seller(api, fake_stripe)
    cheap = await api.client.post(
        "/api/offers", json=OFFER | {"price": 49}, headers=seller.headers
    )
    assert cheap.status_code == 201, cheap.text
    buyer = await api.register("Buyer")
    r = await _escrow_order_attempt(api, cheap.json()["id"], buyer)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "payment.amount_below_minimum"
    assert "0.50 USD" in r.json()["error"]["message"]
    assert "0.49 USD" in r.json()["error"]["message"]
    orders = await api.client.get("/api/orders", headers=buyer.headers)
    assert orders.status_code == 200 and orders.json()["data"] == []
    # Off-platform, the same offer can still be ordered.
    r = await api.client.post(f"/api/offers/{cheap.json()['id']}/order", headers=buyer.headers)
    assert r.status_code == 201


async def test_an_unverified_email_cannot_start_payout_onboarding(
    api: Api, fake_stripe: FakeStripe
) -> None:
    seller = await api.register("Seller", verify=False)
    r = await api.client.post("/api/me/payouts", headers=seller.headers)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "payment.email_unverified"
    assert "verify-email" in r.json()["error"]["message"]
    assert fake_stripe.accounts == {}  # nothing was created at Stripe
    token = api.mailer.token_for(seller.email)
    v = await api.client.post("/api/auth/verify-email", json={"token": token})
    assert v.status_code == 200, v.text
    r = await api.client.post("/api/me/payouts", headers=seller.headers)
    assert r.status_code == 200, r.text
    assert len(fake_stripe.accounts) == 1


async def test_the_payment_object_is_the_payment_record(
    api: Api, fake_stripe: FakeStripe, ctx: Context
) -> None:
    seller, offer_id = await onboarded_seller(api, fake_stripe)
    buyer = await api.register("Buyer")
    r = await api.client.post(
        f"/api/offers/{offer_id}/order", json={"payment_mode": "escrow"}, headers=buyer.headers
    )
    order = r.json()
    session_id = order["payment"]["checkout_url"].rsplit("/", 1)[1]
    fake_stripe.complete_checkout(session_id)
    event = fake_stripe.event("checkout.session.completed", fake_stripe.sessions[session_id])
    assert (await webhook(api.client, event)).status_code == 200
    await worker.run_payment_jobs(ctx)  # reads Stripe's fee of the charge
    payment = (await api.client.get(f"/api/orders/{order['id']}", headers=buyer.headers)
               ).json()["payment"]
    assert payment["status"] == "funded"
    assert (payment["funded"], payment["held"], payment["refunded"]) == (20_000, 20_000, 0)
    assert payment["processing_fee"] == card_fee(20_000, "usd")
    assert payment["payout"]["state"] == "none" and payment["released_to_seller"] == 0

    # A 25 % split: the buyer gets 5,000 back, the fee is on the 15,000 released.
    order_id = int(order["id"])
    await orders.deliver_order(ctx, actor_id=int(seller.id), order_id=order_id, note="Done")
    dispute = await disputes.open_dispute(ctx, actor_id=int(buyer.id), order_id=order_id,
                                          reason="A quarter is missing.")
    mod = await moderator(ctx)
    await disputes.rule_dispute(ctx, moderator_id=mod.id, dispute_id=dispute.id,
                                ruling=Ruling.SPLIT, note="Split", split_pct=25)
    payment = (await api.client.get(f"/api/orders/{order['id']}", headers=buyer.headers)
               ).json()["payment"]
    assert payment["status"] == "partially_refunded"
    assert (payment["refunded"], payment["platform_fee"], payment["seller_receives"]) == (
        5_000, 1_500, 13_500
    )
    assert payment["released_to_seller"] == 13_500 and payment["payout"]["state"] == "queued"
    schema = (await api.client.get("/openapi.json")).json()["components"]["schemas"]
    assert {"processing_fee", "released_to_seller", "payout"} <= set(
        schema["PaymentPublic"]["properties"]
    )
