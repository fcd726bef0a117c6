"""Telegram Stars storage on SQLite and PostgreSQL: one payment per charge id (a repeat —
even a concurrent one — records and credits nothing), conditional status changes, and the
Stars use cases end to end on the real unit of work."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from core.credits import stars
from core.credits.stars_model import (
    StarsPayment,
    StarsPaymentStatus,
    StarsRefundFailed,
    parse_packs,
)
from core.shared.context import Context
from core.shared.errors import Conflict
from core.shared.ledger import CREDITS, TxType, user_account
from core.shared.uow import UnitOfWorkFactory
from tests.integration import builders as b
from tests.integration.conftest import FakeClock

PACKS = parse_packs("100:50,500:225")


class Refunder:
    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.calls: list[tuple[int, str]] = []

    async def refund_star_payment(self, *, telegram_user_id: int, charge_id: str) -> None:
        self.calls.append((telegram_user_id, charge_id))
        if self.fail:
            raise StarsRefundFailed("no")


async def _account(uow_factory: UnitOfWorkFactory, clock: FakeClock, **kw: object) -> int:
    async with uow_factory() as uow:
        account = await uow.accounts.add(b.account(clock.now(), **kw))
        await uow.commit()
    return account.id


def _payment(clock: FakeClock, account_id: int, charge_id: str = "stx1") -> StarsPayment:
    return StarsPayment(
        id=0,
        charge_id=charge_id,
        account_id=account_id,
        telegram_user_id=2**40 + 7,
        credits=10**12,
        stars=225,
        status=StarsPaymentStatus.PAID,
        paid_at=clock.now(),
    )


async def _balance(uow_factory: UnitOfWorkFactory, account_id: int) -> int:
    async with uow_factory() as uow:
        return await uow.ledger.balance(user_account(account_id), CREDITS)


async def test_payments_are_unique_per_charge_and_round_trip(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ada = await _account(uow_factory, clock)
    mod = await _account(uow_factory, clock, display_name="Mod")
    async with uow_factory() as uow:
        added = await uow.stars.add(_payment(clock, ada))
        assert added is not None and added.id > 0
        assert await uow.stars.add(_payment(clock, ada)) is None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.stars.get("stx1") == added
        assert await uow.stars.get("nope") is None
        await uow.stars.add(_payment(clock, ada, "stx2"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [p.charge_id for p in await uow.stars.for_account(ada)] == ["stx2", "stx1"]
        assert await uow.stars.for_account(mod) == []

        refunded = replace(
            added, status=StarsPaymentStatus.REFUNDED, refunded_at=clock.now(), refunded_by=mod
        )
        assert await uow.stars.update(refunded, expected_status=StarsPaymentStatus.PAID)
        # A second refund read the old status: it loses.
        assert not await uow.stars.update(refunded, expected_status=StarsPaymentStatus.PAID)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.stars.get("stx1") == refunded


async def test_a_payment_recorded_twice_credits_once_even_concurrently(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock, stars_packs=PACKS)
    ada = await _account(uow_factory, clock)

    async def deliver() -> stars.StarsPaymentOutcome:
        return await stars.record_stars_payment(
            ctx, charge_id="stxRace", payload=f"bgs1:{ada}:500:225", currency="XTR",
            total_amount=225, telegram_user_id=77,
        )

    outcomes = await asyncio.gather(*(deliver() for _ in range(4)), return_exceptions=True)
    credited = [o for o in outcomes if isinstance(o, stars.StarsPaymentOutcome) and o.credited]
    assert len(credited) == 1, outcomes
    assert await _balance(uow_factory, ada) == 500
    again = await deliver()
    assert not again.credited
    assert await _balance(uow_factory, ada) == 500
    async with uow_factory() as uow:
        history = await uow.ledger.history(ada, CREDITS)
    assert [(h.type, h.amount, h.reference) for h in history] == [
        (TxType.TOPUP_STARS, 500, "stxRace")
    ]


async def test_refund_on_the_database(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> None:
    ctx = Context(uow=uow_factory, clock=clock, stars_packs=PACKS)
    ada = await _account(uow_factory, clock)
    mod = await _account(uow_factory, clock, display_name="Mod", roles=frozenset({"moderator"}))
    await stars.record_stars_payment(
        ctx, charge_id="stxR", payload=f"bgs1:{ada}:100:50", currency="XTR", total_amount=50,
        telegram_user_id=77,
    )

    with pytest.raises(StarsRefundFailed):
        await stars.refund_stars_payment(
            ctx, moderator_id=mod, charge_id="stxR", refunder=Refunder(fail=True)
        )
    assert await _balance(uow_factory, ada) == 100
    async with uow_factory() as uow:
        payment = await uow.stars.get("stxR")
        assert payment is not None and payment.status is StarsPaymentStatus.PAID

    refunder = Refunder()
    await stars.refund_stars_payment(ctx, moderator_id=mod, charge_id="stxR", refunder=refunder)
    assert refunder.calls == [(77, "stxR")]
    assert await _balance(uow_factory, ada) == 0
    async with uow_factory() as uow:
        payment = await uow.stars.get("stxR")
        assert payment is not None and payment.status is StarsPaymentStatus.REFUNDED
        assert payment.refunded_by == mod and payment.refunded_at == clock.now()
        audit = await uow.audit.for_subject(f"account:{ada}")
        assert [a.action for a in audit if a.action == "stars.refund"] == ["stars.refund"]
    with pytest.raises(Conflict, match="refunded already"):
        await stars.refund_stars_payment(ctx, moderator_id=mod, charge_id="stxR", refunder=refunder)
