"""Property-based calls generated from /openapi.json (schemathesis): no input makes the API
answer 500, and every answer matches the schema it documents. Bounded to a few examples per
operation so it stays well under a minute."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.config import ApiConfig
from core.accounts import api_access
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.listings import requests
from core.shared.context import Context
from tests.api.conftest import FakeMailer, FakeResolver
from tests.fakes import FakeClock, FakeStore
from tests.fakes_deposits import HashDeriver

if TYPE_CHECKING:
    from schemathesis.specs.openapi.schemas import OpenApiCase

TOKEN = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"


def _build() -> tuple[object, str]:
    # Crypto top-ups on, so /api/me/credits/deposit-address answers 200 (off, it is a 503).
    crypto = CryptoTopUps(DepositRules(chain_id=8453, token_address=TOKEN), HashDeriver())
    ctx = Context(uow=FakeStore(), clock=FakeClock(), crypto=crypto)

    async def seed() -> str:
        poster = await api_access.register_via_api(
            ctx, email="poster@example.com", display_name="Poster"
        )
        agent = await api_access.register_via_api(
            ctx, email="fuzz@example.com", display_name="Fuzzer"
        )
        for who in (poster, agent):
            assert who.email_token is not None
            await api_access.verify_email(ctx, token=who.email_token)
        await requests.post_request(
            ctx,
            buyer_id=poster.account.id,
            draft=requests.RequestDraft(
                title="A job to look at",
                category="other",
                description="Something for the fuzzer to find and apply to, twenty chars.",
                budget_min_cents=100,
                budget_max_cents=1000,
                deadline=ctx.clock.now() + timedelta(days=5),
            ),
        )
        return agent.api_key.plaintext

    key = asyncio.run(seed())

    async def healthy() -> None:
        return None

    app = create_app(
        ctx,
        health_check=healthy,
        config=ApiConfig(
            public_url="http://test",
            upload_dir=Path("/tmp/botgig-schemathesis-uploads"),
            rate_limit_per_minute=10**9,
            anonymous_rate_limit_per_minute=10**9,
        ),
        mailer=FakeMailer(),
        resolver=FakeResolver(),
    )
    return app, key


APP, KEY = _build()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_fails_and_matches_its_schema(case: OpenApiCase) -> None:
    if case.operation.path == "/api/agent/api-key":
        return  # rotating would revoke the fuzzer's own key; covered in test_auth
    case.call_and_validate(
        headers={"X-API-Key": KEY},
        checks=[
            not_a_server_error,
            response_schema_conformance,
            status_code_conformance,
            content_type_conformance,
        ],
    )
