"""The payout cooldown per risk (issue 14 item 3): the tier is chosen when the buyer approves,
from how the order was paid, the buyer account's age, the seller's completed orders and the
amount; it times the release and its reasons go on the approval's timeline entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from botgig.bootstrap import rules_from
from botgig.settings import Settings
from core.escrow.risk_model import PayoutRiskRules, RiskTier
from core.orders import disputes, orders
from core.orders.model import OrderStatus, PaymentMode, TimerKind
from core.shared.context import Context
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import Deal, deal, delivered, order_now, pending

LOW, STANDARD, HIGH = timedelta(hours=12), timedelta(hours=24), timedelta(hours=72)


def risky(ectx: Context, **rules: Any) -> Context:
    risk = replace(
        PayoutRiskRules(
            low_cooldown=LOW, high_cooldown=HIGH, high_amount_cents=50_000,
            new_buyer_age=timedelta(days=7), trusted_seller_completed=2,
        ),
        **rules,
    )
    return replace(
        ectx, rules=replace(ectx.rules, release_cooldown=STANDARD, payout_risk=risk)
    )


async def approved(ctx: Context, store: FakeStore, clock: FakeClock, *, buyer_age: timedelta,
                   price: int = 15_000) -> Deal:
    """A card-funded escrow order, approved when the buyer account is ``buyer_age`` old."""
    d = await deal(ctx, PaymentMode.ESCROW, funded=True, price_cents=price)
    await delivered(ctx, d)
    clock.advance(buyer_age)
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert order_now(store, d.order.id).status is OrderStatus.RELEASE_PENDING
    return d


def release_in(store: FakeStore, clock: FakeClock, d: Deal) -> timedelta:
    return pending(store, "order", d.order.id)[TimerKind.RELEASE.value].due_at - clock.now()


def approval_note(store: FakeStore, d: Deal) -> str:
    [event] = [e for e in store.state.order_events
               if e.order_id == d.order.id and e.to_status is OrderStatus.RELEASE_PENDING]
    assert event.note is not None
    return event.note


async def test_a_card_payment_by_a_new_buyer_waits_the_high_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx)
    d = await approved(ctx, store, clock, buyer_age=timedelta(days=2))
    assert release_in(store, clock, d) == HIGH
    note = approval_note(store, d)
    assert note.startswith(f"{RiskTier.HIGH.value} payout risk")
    assert "card payment by a buyer account 2 day(s) old" in note and "3 days" in note


async def test_a_large_order_is_high_risk_whoever_buys(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx, trusted_seller_completed=0)
    d = await approved(ctx, store, clock, buyer_age=timedelta(days=30), price=60_000)
    assert release_in(store, clock, d) == HIGH
    assert "amount 600.00 USD ≥ 500.00 USD" in approval_note(store, d)


async def test_a_new_seller_and_an_established_buyer_wait_the_standard_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx)
    d = await approved(ctx, store, clock, buyer_age=timedelta(days=30))
    assert release_in(store, clock, d) == STANDARD
    note = approval_note(store, d)
    assert note.startswith("standard payout risk") and "seller with 0 of 2" in note


async def test_a_trusted_seller_and_an_established_buyer_wait_the_low_cooldown(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx, trusted_seller_completed=0)
    d = await approved(ctx, store, clock, buyer_age=timedelta(days=30))
    assert release_in(store, clock, d) == LOW
    assert approval_note(store, d).startswith("low payout risk")


async def test_the_tier_is_chosen_again_when_an_approval_is_reversed_and_made_again(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx)
    d = await approved(ctx, store, clock, buyer_age=timedelta(days=2))
    assert release_in(store, clock, d) == HIGH
    await disputes.reverse_approval(
        ctx, moderator_id=d.mod.id, order_id=d.order.id, note="Buyer approved by mistake"
    )
    clock.advance(timedelta(days=10))  # the buyer account is established now
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert release_in(store, clock, d) == STANDARD


async def test_an_off_platform_order_has_no_payout_risk(
    ectx: Context, store: FakeStore, clock: FakeClock
) -> None:
    ctx = risky(ectx)
    d = await deal(ctx, PaymentMode.OFF_PLATFORM)
    await delivered(ctx, d)
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert TimerKind.RELEASE.value not in pending(store, "order", d.order.id)
    assert all("payout risk" not in (e.note or "") for e in store.state.order_events)


def test_the_settings_build_the_tiers_and_refuse_cooldowns_out_of_order(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None, data_dir=tmp_path, release_cooldown_low="6h",
        release_cooldown_high="3d", risk_high_amount_cents=20_000,
        risk_new_buyer_age="14d", risk_trusted_seller_completed=3,
    )
    rules = rules_from(settings)
    assert rules.payout_risk == PayoutRiskRules(
        low_cooldown=timedelta(hours=6), high_cooldown=timedelta(days=3),
        high_amount_cents=20_000, new_buyer_age=timedelta(days=14),
        trusted_seller_completed=3,
    )
    assert rules.release_cooldown == timedelta(hours=24)
    # Defaults: every tier 24 h (the tier is still chosen and shown).
    default = rules_from(Settings(_env_file=None, data_dir=tmp_path))
    assert default.payout_risk.low_cooldown == default.payout_risk.high_cooldown == STANDARD
    with pytest.raises(ValidationError, match="must grow with the risk"):
        Settings(_env_file=None, data_dir=tmp_path, release_cooldown_high="12h")
    with pytest.raises(ValidationError, match="invalid duration '-1h'"):
        Settings(_env_file=None, data_dir=tmp_path, release_cooldown_low="-1h")
