"""Escrow on Stripe in the composition root: the adapter from the settings, why it is off,
the payment worker and ``botgig payments reconcile``."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
from datetime import datetime
from typing import Any

from botgig.settings import Settings
from core.escrow.model import Reconciliation
from core.escrow.worker import run_payment_jobs
from core.shared.context import Context

log = logging.getLogger(__name__)


def why_escrow_is_off(settings: Settings) -> str | None:
    missing = [
        name
        for name, value in (
            ("BOTGIG_STRIPE_SECRET_KEY", settings.stripe_secret_key),
            ("BOTGIG_STRIPE_WEBHOOK_SECRET", settings.stripe_webhook_secret),
        )
        if value is None
    ]
    if missing:
        return f"{' and '.join(missing)} not set"
    if importlib.util.find_spec("stripe") is None:
        return (
            "stripe not installed: install the stripe extra "
            "(make run EXTRAS=stripe, or pip install 'botgig[stripe]')"
        )
    return None


def gateway_from(settings: Settings) -> Any:
    """The Stripe adapter when both secrets are set, else None (orders are off-platform)."""
    if why_escrow_is_off(settings) is not None:
        return None
    from payments.stripe import StripeGateway

    assert settings.stripe_secret_key is not None and settings.stripe_webhook_secret is not None
    return StripeGateway(
        secret_key=settings.stripe_secret_key.get_secret_value(),
        webhook_secret=settings.stripe_webhook_secret.get_secret_value(),
        public_url=settings.public_url,
        api_base=settings.stripe_api_base,
    )


async def run_payment_worker(ctx: Context, *, interval: float, stop: asyncio.Event) -> None:
    """Make the queued payouts and refunds every ``interval`` seconds until ``stop``."""
    while not stop.is_set():
        try:
            result = await run_payment_jobs(ctx)
            if result.sent or result.failed:
                log.info("payments: %d sent, %d failed (retried later)", result.sent, result.failed)
        except Exception:
            log.exception("payment worker iteration failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=interval)


def format_reconciliation(result: Reconciliation, since: datetime | None) -> str:
    window = f" since {since:%Y-%m-%d %H:%M} UTC" if since else ""
    lines = [f"checked {result.checked} escrow order(s){window} against Stripe"]
    for mismatch in result.mismatches:
        lines.append("MISMATCH " + mismatch.describe())
    for job in result.failing:
        lines.append(
            f"FAILING  order #{job.order_id}: {job.kind.value} {job.idempotency_key} queued "
            f"{job.created_at:%Y-%m-%d %H:%M} UTC, {job.attempts} attempt(s), last error: "
            f"{job.last_error or 'none recorded'}"
        )
    for order_id in result.pending:
        lines.append(f"pending  order #{order_id}: a payout or refund is still queued")
    lines.append(
        f"{len(result.mismatches)} mismatch(es)" if result.mismatches else "ledger and Stripe agree"
    )
    if result.failing:
        lines.append(f"{len(result.failing)} payment call(s) failing too long")
    return "\n".join(lines)
