"""``botgig payments reconcile``: the ledger against Stripe, per order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from botgig.commands import reconcile
from botgig.settings import Settings
from core.escrow.reconcile import reconcile_payments
from core.orders import orders
from core.orders.timers import run_due_timers
from tests.stripe.conftest import WHSEC, Story


async def completed(story: Story) -> int:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    await story.run_jobs()
    return order.id


async def test_ledger_and_stripe_agree_after_the_story(story: Story) -> None:
    await completed(story)
    result = await reconcile_payments(story.ctx)
    assert result.checked == 1 and result.mismatches == [] and result.pending == []


async def test_a_planted_mismatch_is_found(story: Story) -> None:
    order_id = await completed(story)
    other = await story.funded()
    # Someone paid the seller by hand in the dashboard (a second transfer in the group) and
    # refunded part of the other order's charge there.
    [transfer] = story.stripe.transfers_in_group(f"order_{order_id}")
    story.stripe.transfers["tr_planted"] = dict(transfer, id="tr_planted", amount=500)
    intent = next(i for i in story.stripe.intents.values()
              if i["metadata"]["order_id"] == str(other.id))
    story.stripe.charges[intent["latest_charge"]]["amount_refunded"] = 1_000

    result = await reconcile_payments(story.ctx)
    described = [m.describe() for m in result.mismatches]
    assert len(described) == 2, described
    assert any(f"order #{order_id}: transferred" in d and "+500" in d for d in described)
    assert any(f"order #{other.id}: refunded" in d and "+1000" in d for d in described)


async def test_a_queued_payout_is_pending_not_a_mismatch(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    result = await reconcile_payments(story.ctx)
    assert result.pending == [order.id] and result.mismatches == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_command_prints_mismatches_and_exits_1(
    story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str], gateway: object
) -> None:
    engine = story.backend.engine
    assert engine is not None
    settings = Settings(
        database_url=str(engine.url),
        data_dir=tmp_path,
        stripe_secret_key="sk_test_x",
        stripe_webhook_secret=WHSEC,
        _env_file=None,
    )
    order_id = await completed(story)
    assert await reconcile(settings, escrow_gateway=gateway, clock=story.clock) == 0
    assert "ledger and Stripe agree" in capsys.readouterr().out

    [transfer] = story.stripe.transfers_in_group(f"order_{order_id}")
    transfer["amount_reversed"] = 200
    assert await reconcile(settings, escrow_gateway=gateway, clock=story.clock) == 1
    out = capsys.readouterr().out
    assert f"MISMATCH order #{order_id}: transferred to the seller" in out
    assert "1 mismatch(es)" in out
