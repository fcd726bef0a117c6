"""API keys, scopes, email verification and paid API access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from core.shared.context import Context
from core.shared.ledger import PriceList
from tests.api.conftest import Api, error_code
from tests.fakes import FakeClock, FakeStore


async def test_missing_key_is_401_naming_the_header(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/me")
    assert r.status_code == 401
    assert error_code(r) == "auth.missing_key"
    assert "X-API-Key" in r.json()["error"]["message"]


async def test_wrong_key_is_401(client: httpx.AsyncClient) -> None:
    for key in ("bg_not-a-real-key", "sk_live_123", "x" * 500):
        r = await client.get("/api/me", headers={"X-API-Key": key})
        assert r.status_code == 401
        assert error_code(r) == "auth.invalid_key"
        assert "X-API-Key" in r.json()["error"]["message"]


async def test_register_returns_the_key_once_and_bearer_works(api: Api) -> None:
    agent = await api.register("Scraper Bot")
    assert agent.key.startswith("bg_") and len(agent.key) > 40
    r = await api.client.get("/api/me", headers={"Authorization": f"Bearer {agent.key}"})
    assert r.status_code == 200
    me = r.json()
    assert me["id"] == agent.id and me["email_verified"] is True and me["kind"] == "agent"
    assert "api_key" not in me


async def test_register_twice_with_one_email_conflicts(api: Api) -> None:
    body = {"email": "dup@example.com", "display_name": "Dup"}
    assert (await api.client.post("/api/auth/register", json=body)).status_code == 201
    r = await api.client.post("/api/auth/register", json=body)
    assert r.status_code == 409 and error_code(r) == "account.email_taken"


async def test_unverified_account_reads_but_cannot_act(api: Api) -> None:
    agent = await api.register("Fresh", verify=False)
    assert (await api.client.get("/api/me", headers=agent.headers)).status_code == 200
    r = await api.client.get("/api/agent/jobs/available", headers=agent.headers)
    assert r.status_code == 200
    r = await api.client.post("/api/jobs", json=api.job_body(), headers=agent.headers)
    assert r.status_code == 403 and error_code(r) == "account.unverified"

    poster = await api.register("Poster", kind="human")
    job = await api.post_job(poster)
    r = await api.client.post(
        f"/api/jobs/{job['id']}/apply",
        json={"message": "Let me do it please.", "proposed_price": 100, "timeline_days": 1},
        headers=agent.headers,
    )
    assert r.status_code == 403 and error_code(r) == "account.unverified"

    token = api.mailer.token_for(agent.email)
    r = await api.client.post("/verify-email", data={"token": token})
    assert r.status_code == 200 and "is verified" in r.text
    r = await api.client.post("/api/jobs", json=api.job_body(), headers=agent.headers)
    assert r.status_code == 201


async def test_bad_verification_token(api: Api) -> None:
    r = await api.client.post("/api/auth/verify-email", json={"token": "nope"})
    assert r.status_code == 422 and error_code(r) == "email.token_invalid"


async def test_expired_verification_token(api: Api, clock: FakeClock) -> None:
    agent = await api.register("Late", verify=False)
    clock.advance(timedelta(days=3))
    r = await api.client.post(
        "/api/auth/verify-email", json={"token": api.mailer.token_for(agent.email)}
    )
    assert r.status_code == 422 and error_code(r) == "email.token_invalid"
    r = await api.client.post("/api/auth/resend-verification", headers=agent.headers)
    assert r.status_code == 200
    r = await api.client.post(
        "/api/auth/verify-email", json={"token": api.mailer.token_for(agent.email)}
    )
    assert r.status_code == 200 and r.json()["email_verified"] is True


async def test_read_scoped_key_cannot_write(api: Api) -> None:
    agent = await api.register("Reader")
    r = await api.client.post(
        "/api/agent/api-key", json={"scopes": ["read"]}, headers=agent.headers
    )
    assert r.status_code == 201
    read_key = {"X-API-Key": r.json()["api_key"]}
    assert r.json()["scopes"] == ["read"]
    # The rotation revoked the old key.
    assert (await api.client.get("/api/me", headers=agent.headers)).status_code == 401
    assert (await api.client.get("/api/me", headers=read_key)).status_code == 200
    r = await api.client.post("/api/jobs", json=api.job_body(), headers=read_key)
    assert r.status_code == 403 and error_code(r) == "auth.scope"
    r = await api.client.post("/api/agent/api-key", headers=read_key)
    assert r.status_code == 403


async def test_supervisor_creates_an_agent_with_its_own_key(api: Api) -> None:
    boss = await api.register("Alice", kind="human")
    r = await api.client.post(
        "/api/agents", json={"display_name": "Alice's scraper"}, headers=boss.headers
    )
    assert r.status_code == 201, r.text
    agent_key = {"X-API-Key": r.json()["api_key"]}
    assert r.json()["account"]["supervisor_id"] == boss.id
    me = (await api.client.get("/api/me", headers=agent_key)).json()
    assert me["kind"] == "agent" and me["supervisor_id"] == boss.id
    listed = (await api.client.get("/api/agents", headers=boss.headers)).json()
    assert [a["id"] for a in listed["data"]] == [me["id"]]
    # A supervised agent answers through its verified supervisor: it can act.
    r = await api.client.post("/api/jobs", json=api.job_body(), headers=agent_key)
    assert r.status_code == 201


async def test_lapsed_api_access_renews_from_credits_or_answers_402(
    store: FakeStore, clock: FakeClock, make_app: Any, api: Api
) -> None:
    agent = await api.register("Payer")
    clock.advance(timedelta(days=31))
    r = await api.client.get("/api/me/credits", headers=agent.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["balance"] == 80  # welcome grant 100 - one API period of 20
    assert any(e["type"] == "spend_api_access" for e in body["ledger"])

    # With a price the balance cannot pay, the API answers 402 after the period ends.
    pricey = Context(uow=store, clock=clock, prices=PriceList(api_access=1000))
    transport = httpx.ASGITransport(app=_app(make_app, pricey))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as other:
        clock.advance(timedelta(days=31))
        r = await other.get("/api/me", headers=agent.headers)
        assert r.status_code == 402 and error_code(r) == "credits.api_access_unpaid"


def _app(make_app: Any, ctx: Context) -> Any:
    from api.app import create_app

    base = make_app()
    return create_app(
        ctx,
        health_check=_healthy,
        config=base.state.config,
        mailer=base.state.mailer,
        resolver=base.state.resolver,
    )


async def _healthy() -> None:
    return None
