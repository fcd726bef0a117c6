"""Telegram Stars in the core: packs and payloads, pre-checkout validation, crediting a
successful payment exactly once, and the moderators' refund while the credits are unspent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.credits import credits, stars
from core.credits.stars_model import (
    StarsCheckoutRefused,
    StarsPack,
    StarsPaymentStatus,
    StarsPurchase,
    StarsRefundFailed,
    StarsUnavailable,
    decode_payload,
    parse_packs,
)
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.shared.ledger import PriceList, TxType
from tests.fakes import FakeStore
from tests.stars.conftest import FakeRefunder, telegram_account

ADA_TG = ("telegram", "1001")


def payload(account: Account, credits_: int = 100, price: int = 50) -> str:
    return StarsPurchase(account.id, StarsPack(credits_, price)).payload


async def balance(ctx: Context, account: Account) -> int:
    return (await credits.get_balance(ctx, account_id=account.id)).credits


async def stars_top_ups(ctx: Context, account: Account) -> list[str | None]:
    """The account's Stars top-ups, newest first, by charge id, as its credit history (/history,
    ``GET /api/me/credits``) shows them."""
    history = await credits.get_history(ctx, account_id=account.id)
    return [h.reference for h in history if h.type is TxType.TOPUP_STARS]


async def pay(
    ctx: Context, account: Account, charge: str = "stxCharge1", credits_: int = 100,
    price: int = 50,
) -> stars.StarsPaymentOutcome:
    return await stars.record_stars_payment(
        ctx,
        charge_id=charge,
        payload=payload(account, credits_, price),
        currency="XTR",
        total_amount=price,
        telegram_user_id=1001,
    )


# -- packs and payloads ----------------------------------------------------------------------


def test_packs_parse_sorted_and_bad_ones_are_named() -> None:
    assert parse_packs(" 500:225, 100:50 ,") == (StarsPack(100, 50), StarsPack(500, 225))
    assert parse_packs("") == ()
    for bad, word in [
        ("100", "not a pack"),
        ("100:x", "not a pack"),
        ("0:50", "1 to"),
        ("100:0", "1 to"),
        ("100:20000", "Telegram's limit"),
        ("100:50,100:60", "two packs"),
        ("-1:5", "not a pack"),
    ]:
        with pytest.raises(ValueError, match=word):
            parse_packs(bad)


def test_payload_round_trip_and_garbage() -> None:
    purchase = StarsPurchase(42, StarsPack(1000, 400))
    assert purchase.payload == "bgs1:42:1000:400"
    assert len(purchase.payload.encode()) <= 128
    assert decode_payload(purchase.payload) == purchase
    for bad in [None, "", "bgs1:42:1000", "bgs1:0:100:50", "bgs1:42:100:50:x", "bgs2:1:100:50",
                "bgs1:42:100:99999", "bgs1:+4:100:50", "bgs1:4:0100:50", " bgs1:4:100:50"]:
        assert decode_payload(bad) is None, bad


# -- pre-checkout ------------------------------------------------------------------------------


async def test_pre_checkout_accepts_a_current_pack_for_the_payers_account(
    sctx: Context, ada: Account
) -> None:
    purchase = await stars.check_stars_checkout(
        sctx, payload=payload(ada), currency="XTR", total_amount=50, payer=ADA_TG
    )
    assert purchase == StarsPurchase(ada.id, StarsPack(100, 50))


@pytest.mark.parametrize(
    ("make_payload", "currency", "total", "message"),
    [
        (lambda a: "hello", "XTR", 50, "not valid"),
        (lambda a: f"bgs1:{a.id}:100", "XTR", 50, "not valid"),
        (lambda a: payload(a, 200, 50), "XTR", 50, "no longer offered"),
        (lambda a: payload(a, 100, 40), "XTR", 40, "no longer offered"),
        (lambda a: payload(a, 100, 50), "XTR", 49, "price does not match"),
        (lambda a: payload(a, 100, 50), "USD", 50, "Telegram Stars"),
        (lambda a: f"bgs1:{a.id + 999}:100:50", "XTR", 50, "does not exist"),
    ],
)
async def test_pre_checkout_refuses(
    sctx: Context, ada: Account, make_payload: object, currency: str, total: int, message: str
) -> None:
    assert callable(make_payload)
    with pytest.raises(StarsCheckoutRefused, match=message):
        await stars.check_stars_checkout(
            sctx, payload=make_payload(ada), currency=currency, total_amount=total, payer=ADA_TG
        )


async def test_pre_checkout_refuses_a_banned_account_and_another_payer(
    sctx: Context, ada: Account, moderator: Account
) -> None:
    with pytest.raises(StarsCheckoutRefused, match="another account"):
        await stars.check_stars_checkout(
            sctx, payload=payload(ada), currency="XTR", total_amount=50,
            payer=("telegram", "3003"),
        )
    await accounts.ban_account(sctx, moderator_id=moderator.id, account_id=ada.id, reason="spam")
    with pytest.raises(StarsCheckoutRefused, match="banned"):
        await stars.check_stars_checkout(
            sctx, payload=payload(ada), currency="XTR", total_amount=50, payer=ADA_TG
        )


async def test_pre_checkout_refuses_a_pack_dropped_from_the_settings(
    sctx: Context, ada: Account
) -> None:
    later = replace(sctx, stars_packs=parse_packs("100:60"))
    with pytest.raises(StarsCheckoutRefused, match="no longer offered"):
        await stars.check_stars_checkout(
            later, payload=payload(ada), currency="XTR", total_amount=50, payer=ADA_TG
        )


async def test_start_purchase_checks_pack_and_account(
    sctx: Context, ada: Account, moderator: Account
) -> None:
    invoice = await stars.start_stars_purchase(sctx, account_id=ada.id, credits=500, stars=225)
    assert (invoice.credits, invoice.stars, invoice.payload) == (500, 225, f"bgs1:{ada.id}:500:225")
    with pytest.raises(Conflict, match="not offered"):
        await stars.start_stars_purchase(sctx, account_id=ada.id, credits=500, stars=1)
    with pytest.raises(StarsUnavailable):
        await stars.start_stars_purchase(
            replace(sctx, stars_packs=()), account_id=ada.id, credits=100, stars=50
        )
    await accounts.ban_account(sctx, moderator_id=moderator.id, account_id=ada.id, reason="spam")
    with pytest.raises(PermissionDenied):
        await stars.start_stars_purchase(sctx, account_id=ada.id, credits=100, stars=50)


# -- successful payment ------------------------------------------------------------------------


async def test_a_payment_delivered_twice_credits_once(
    sctx: Context, store: FakeStore, ada: Account
) -> None:
    before = await balance(sctx, ada)
    first = await pay(sctx, ada)
    again = await pay(sctx, ada)

    assert first.credited and not again.credited
    assert again.payment == first.payment
    assert await balance(sctx, ada) == before + 100
    topped = [e for e in store.outbox if e.type == ev.CREDITS_TOPPED_UP]
    assert len(topped) == 1
    assert topped[0].payload["reference"] == "stxCharge1"
    assert topped[0].payload["source"] == "topup_stars"
    stored = store.state.stars_payments["stxCharge1"]
    assert (stored.account_id, stored.credits, stored.stars, stored.status) == (
        ada.id, 100, 50, StarsPaymentStatus.PAID
    )
    history = await credits.get_history(sctx, account_id=ada.id)
    top_ups = [h for h in history if h.type is TxType.TOPUP_STARS]
    assert [(h.amount, h.reference) for h in top_ups] == [(100, "stxCharge1")]
    assert [t.idempotency_key for t in store.state.transactions].count("stars:stxCharge1") == 1


async def test_a_second_charge_credits_again(sctx: Context, ada: Account) -> None:
    before = await balance(sctx, ada)
    await pay(sctx, ada, "stxA")
    await pay(sctx, ada, "stxB", 500, 225)
    assert await balance(sctx, ada) == before + 600
    assert await stars_top_ups(sctx, ada) == ["stxB", "stxA"]


async def test_a_paid_pack_is_credited_even_after_the_packs_changed(
    sctx: Context, ada: Account
) -> None:
    before = await balance(sctx, ada)
    await pay(replace(sctx, stars_packs=()), ada)
    assert await balance(sctx, ada) == before + 100


@pytest.mark.parametrize(
    ("pay_payload", "currency", "total"),
    [("nonsense", "XTR", 50), (None, "XTR", 49), (None, "EUR", 50)],
)
async def test_a_payment_that_matches_no_invoice_is_not_credited(
    sctx: Context, store: FakeStore, ada: Account, pay_payload: str | None, currency: str,
    total: int,
) -> None:
    before = await balance(sctx, ada)
    with pytest.raises(ValidationFailed):
        await stars.record_stars_payment(
            sctx, charge_id="stxOdd", payload=pay_payload or payload(ada), currency=currency,
            total_amount=total, telegram_user_id=1001,
        )
    assert await balance(sctx, ada) == before
    assert store.state.stars_payments == {}


# -- refunds -----------------------------------------------------------------------------------


async def test_a_moderator_refunds_an_unspent_payment(
    sctx: Context, store: FakeStore, ada: Account, moderator: Account, refunder: FakeRefunder
) -> None:
    before = await balance(sctx, ada)
    await pay(sctx, ada)
    refunded = await stars.refund_stars_payment(
        sctx, moderator_id=moderator.id, charge_id="stxCharge1", refunder=refunder,
        reason="asked by the user",
    )

    assert refunder.calls == [(1001, "stxCharge1")]
    assert refunded.status is StarsPaymentStatus.REFUNDED
    assert refunded.refunded_by == moderator.id
    assert store.state.stars_payments["stxCharge1"].status is StarsPaymentStatus.REFUNDED
    assert await balance(sctx, ada) == before
    history = await credits.get_history(sctx, account_id=ada.id)
    assert (history[0].type, history[0].amount, history[0].reference) == (
        TxType.REFUND_STARS, -100, "stxCharge1"
    )
    event = store.outbox[-1]
    assert event.type == stars.STARS_REFUNDED
    assert event.recipients == (ada.id,)
    assert event.payload["balance"] == before
    audit = [a for a in store.state.audit if a.action == "stars.refund"]
    assert audit and audit[0].note == "asked by the user"

    with pytest.raises(Conflict, match="refunded already"):
        await stars.refund_stars_payment(
            sctx, moderator_id=moderator.id, charge_id="stxCharge1", refunder=refunder
        )
    assert len(refunder.calls) == 1


async def test_a_refund_after_spending_is_refused_clearly(
    sctx: Context, store: FakeStore, ada: Account, moderator: Account, refunder: FakeRefunder
) -> None:
    await pay(sctx, ada)  # 100 welcome + 100
    pricey = replace(sctx, prices=PriceList(verification=150))
    await accounts.request_verification(pricey, account_id=ada.id)  # 50 left
    with pytest.raises(Conflict) as refused:
        await stars.refund_stars_payment(
            sctx, moderator_id=moderator.id, charge_id="stxCharge1", refunder=refunder
        )
    assert refused.value.code == "stars.credits_spent"
    assert "100 credits are partly spent" in refused.value.message
    assert "has 50 credits left" in refused.value.message
    assert refunder.calls == []
    assert await balance(sctx, ada) == 50
    assert store.state.stars_payments["stxCharge1"].status is StarsPaymentStatus.PAID


async def test_nothing_changes_when_telegram_refuses_the_refund(
    sctx: Context, store: FakeStore, ada: Account, moderator: Account
) -> None:
    await pay(sctx, ada)
    before = await balance(sctx, ada)
    events = len(store.outbox)
    with pytest.raises(StarsRefundFailed):
        await stars.refund_stars_payment(
            sctx, moderator_id=moderator.id, charge_id="stxCharge1",
            refunder=FakeRefunder(fail=True),
        )
    assert await balance(sctx, ada) == before
    assert store.state.stars_payments["stxCharge1"].status is StarsPaymentStatus.PAID
    assert len(store.outbox) == events


async def test_only_moderators_refund_known_charges(
    sctx: Context, ada: Account, moderator: Account, refunder: FakeRefunder
) -> None:
    await pay(sctx, ada)
    with pytest.raises(PermissionDenied):
        await stars.refund_stars_payment(
            sctx, moderator_id=ada.id, charge_id="stxCharge1", refunder=refunder
        )
    with pytest.raises(NotFound):
        await stars.refund_stars_payment(
            sctx, moderator_id=moderator.id, charge_id="stxNope", refunder=refunder
        )
    with pytest.raises(NotFound):
        await stars.refund_stars_payment(
            sctx, moderator_id=moderator.id, charge_id="bad id!", refunder=refunder
        )
    assert refunder.calls == []


async def test_another_accounts_payment_is_its_own(sctx: Context, ada: Account) -> None:
    bea = await telegram_account(sctx, 2002, "Bea")
    await pay(sctx, ada, "stxAda")
    await pay(sctx, bea, "stxBea")
    assert await stars_top_ups(sctx, bea) == ["stxBea"]
