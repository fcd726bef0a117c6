"""The composition root builds the Stripe adapter when both secrets are set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from botgig.bootstrap import bootstrap
from botgig.settings import Settings
from botgig.stripe import why_escrow_is_off
from payments.stripe import StripeGateway
from tests.fakes import FakeStore


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, **values)


async def test_escrow_is_wired_when_stripe_is_configured(tmp_path: Path) -> None:
    configured = settings(
        tmp_path,
        stripe_secret_key="sk_test_1",
        stripe_webhook_secret="whsec_1",
        stripe_api_base="http://127.0.0.1:9",
    )
    container = bootstrap(configured, uow_factory=FakeStore())
    try:
        assert isinstance(container.ctx.escrow, StripeGateway)
        assert why_escrow_is_off(configured) is None
    finally:
        await container.close()


async def test_escrow_is_off_without_both_secrets(tmp_path: Path) -> None:
    half = settings(tmp_path, stripe_secret_key="sk_test_1")
    container = bootstrap(half, uow_factory=FakeStore())
    assert container.ctx.escrow is None
    assert why_escrow_is_off(half) == "BOTGIG_STRIPE_WEBHOOK_SECRET not set"
