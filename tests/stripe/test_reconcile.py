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
from core.shared import ledger
from tests.stripe.conftest import WHSEC, Story
from tests.stripe.fake_stripe import card_fee


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


def _charge_of(story: Story, order_id: int) -> str:
    [charge] = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order_id}"]
    return str(charge["id"])


async def test_chargebacks_are_compared(story: Story) -> None:
    order_id = await completed(story)
    dispute = story.stripe.open_dispute(_charge_of(story, order_id))
    # Stripe has a chargeback BotGig never heard of (a lost webhook): nothing is held.
    result = await reconcile_payments(story.ctx)
    assert [m.what for m in result.mismatches] == ["open chargebacks not held"], result
    # Once told, the payout is reversed and held; then the bank decides for the card holder.
    await story.deliver(story.stripe.event("charge.dispute.created", dispute))
    await story.run_jobs()
    result = await reconcile_payments(story.ctx)
    assert result.mismatches == [] and result.pending == []
    lost = story.stripe.close_dispute(str(dispute["id"]), "lost")
    await story.deliver(story.stripe.event("charge.dispute.closed", lost))
    result = await reconcile_payments(story.ctx)
    assert result.mismatches == [], [m.describe() for m in result.mismatches]


async def test_a_lost_chargeback_the_ledger_missed_is_a_mismatch(story: Story) -> None:
    order_id = await completed(story)
    dispute = story.stripe.open_dispute(_charge_of(story, order_id))
    story.stripe.close_dispute(str(dispute["id"]), "lost")
    result = await reconcile_payments(story.ctx)
    described = [m.describe() for m in result.mismatches]
    assert any("lost to chargebacks" in d and "+15000" in d for d in described), described


async def test_a_payout_failing_longer_than_the_threshold_is_flagged(story: Story) -> None:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    story.stripe.fail_next("/v1/transfers", times=100)
    await story.run_jobs()
    result = await reconcile_payments(story.ctx)
    assert result.pending == [order.id] and result.failing == []
    story.clock.advance(timedelta(hours=24, minutes=1))
    await story.run_jobs()
    result = await reconcile_payments(story.ctx)
    [job] = result.failing
    assert job.order_id == order.id and job.attempts >= 1
    assert job.last_error and "Insufficient funds" in job.last_error


async def test_the_report_lists_failing_payouts(story: Story) -> None:
    from botgig.stripe import format_reconciliation

    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    story.clock.advance(timedelta(hours=25))
    await run_due_timers(story.ctx)
    story.stripe.fail_next("/v1/transfers", times=100)
    await story.run_jobs()
    story.clock.advance(timedelta(hours=24, minutes=1))
    text = format_reconciliation(await reconcile_payments(story.ctx), None)
    assert f"FAILING  order #{order.id}: transfer release:{order.id}" in text
    assert "1 payment call(s) failing too long" in text


async def test_stripes_processing_fees_are_reconciled(story: Story) -> None:
    order_id = await completed(story)
    assert (await reconcile_payments(story.ctx)).mismatches == []
    # Stripe's balance transaction says another fee than the one the ledger recorded.
    [charge] = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order_id}"]
    story.stripe.balance_transactions[charge["balance_transaction"]]["fee"] += 7
    [mismatch] = (await reconcile_payments(story.ctx)).mismatches
    assert mismatch.what == "processing fees" and mismatch.processor - mismatch.ledger == 7


async def test_a_fee_not_yet_read_is_not_a_mismatch_nor_pending(story: Story) -> None:
    story.stripe.settles_at_once = False
    order = await story.funded()
    await story.run_jobs()  # no balance transaction yet: the fee read fails, retried later
    result = await reconcile_payments(story.ctx)
    assert result.mismatches == [] and result.pending == [] and result.checked == 1
    [charge] = [c for c in story.stripe.charges.values()
                if c["transfer_group"] == f"order_{order.id}"]
    story.stripe.settle(charge["id"])
    story.clock.advance(timedelta(minutes=5))
    await story.run_jobs()
    assert await story.money(ledger.WORLD_PROCESSING_FEES) == card_fee(15_000, "usd")
    assert (await reconcile_payments(story.ctx)).mismatches == []
