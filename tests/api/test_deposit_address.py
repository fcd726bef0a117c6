"""GET /api/me/credits/deposit-address: the caller's own deposit address with the network,
token, rate, minimum and confirmations; 503 ``credits.crypto_unavailable`` when crypto
top-ups are off."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.config import ApiConfig
from core.credits import deposits
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.shared.context import Context
from tests.api.conftest import Api, FakeMailer, FakeResolver, error_code
from tests.fakes import FakeClock, FakeStore
from tests.fakes_deposits import HashDeriver

TOKEN = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"



@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock) -> Context:
    """This module's platform has crypto top-ups on (USDC on Base, native ETH too)."""
    rules = DepositRules(
        chain_id=8453, confirmations=12, credits_per_token=100, min_credits=150,
        token_address=TOKEN, token_symbol="USDC", native_credits_per_coin=300_000,
    )
    return Context(uow=store, clock=clock, crypto=CryptoTopUps(rules, HashDeriver()))


async def test_the_deposit_address_of_the_caller(
    api: Api, client: httpx.AsyncClient, ctx: Context
) -> None:
    agent = await api.register("Depositor")
    other = await api.register("Other")

    r = await client.get("/api/me/credits/deposit-address", headers=agent.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    expected = await deposits.get_deposit_address(ctx, account_id=int(agent.id))
    assert body == {
        "address": expected.address,
        "network": "Base",
        "chain_id": 8453,
        "token": "USDC",
        "token_address": TOKEN,
        "rate": 100,
        "minimum": "1.5",
        "min_credits": 150,
        "confirmations": 12,
        "payment_uri": f"ethereum:{TOKEN}@8453/transfer?address={expected.address}",
        "assets": [
            {"symbol": "USDC", "token_address": TOKEN, "credits_per_unit": 100,
             "min_amount": "1.5"},
            {"symbol": "ETH", "token_address": None, "credits_per_unit": 300000,
             "min_amount": "0.0005"},
        ],
    }
    again = await client.get("/api/me/credits/deposit-address", headers=agent.headers)
    assert again.json()["address"] == body["address"]
    theirs = await client.get("/api/me/credits/deposit-address", headers=other.headers)
    assert theirs.status_code == 200
    assert theirs.json()["address"] != body["address"]


async def test_the_deposit_address_needs_a_key(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/me/credits/deposit-address")
    assert r.status_code == 401
    assert error_code(r) == "auth.missing_key"


async def test_503_when_crypto_top_ups_are_off(
    store: FakeStore, clock: FakeClock, mailer: FakeMailer, resolver: FakeResolver,
    tmp_path: Path,
) -> None:
    async def healthy() -> None:
        return None

    app = create_app(
        Context(uow=store, clock=clock),
        health_check=healthy,
        config=ApiConfig(public_url="http://test", upload_dir=tmp_path, smtp_configured=True),
        mailer=mailer,
        resolver=resolver,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        agent = await Api(client, mailer, clock).register("NoCrypto")
        r = await client.get("/api/me/credits/deposit-address", headers=agent.headers)
    assert r.status_code == 503
    assert error_code(r) == "credits.crypto_unavailable"
    spec = app.openapi()["paths"]["/api/me/credits/deposit-address"]["get"]["responses"]
    assert "503" in spec and "200" in spec
