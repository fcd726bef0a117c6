"""Telegram Stars end to end: the real aiogram bot in long polling against the fake Bot API
server. /topup → a pack button → sendInvoice (XTR, no provider token) → pre_checkout_query
answered after validation → successful_payment credited once even when delivered twice →
the notification → a moderator's refund through refundStarPayment."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bots.telegram.payments import TelegramStarsRefunder
from core.accounts import accounts
from core.credits import credits, stars
from core.credits.stars_model import StarsPaymentStatus
from core.shared.context import Context
from core.shared.errors import Conflict
from core.shared.ledger import PriceList
from handlers.app import ChatApp
from tests.e2e.fake_telegram import BotMessage, FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore
from tests.stars.conftest import telegram_account


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegram, sctx: Context, store: FakeStore
) -> AsyncIterator[BotHarness]:
    h = BotHarness(fake_telegram, sctx, ChatApp(sctx), outbox=store.outbox)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()


def with_button(messages: list[BotMessage], label: str) -> BotMessage:
    for message in messages:
        if message.has_button(label):
            return message
    raise AssertionError(f"no {label!r} button in {[m.text for m in messages]}")


async def pre_checkout(
    h: BotHarness, user: TgUser, payload: str, total: int, currency: str = "XTR"
) -> dict[str, object]:
    update_id = h.fake.pre_checkout(user, payload=payload, total_amount=total, currency=currency)
    await h.fake.wait_handled(update_id)
    return h.fake.pre_checkout_answers[h.fake.pre_checkout_id_of(update_id)]


async def paid(h: BotHarness, user: TgUser, payload: str, total: int, charge: str) -> None:
    update_id = h.fake.successful_payment(
        user, payload=payload, total_amount=total, charge_id=charge
    )
    await h.fake.wait_handled(update_id)


async def buy_invoice(h: BotHarness, user: TgUser, label: str) -> dict[str, object]:
    """/topup, press the pack, return the sendInvoice parameters."""
    replies = await h.say(user, "/topup")
    pack = with_button(replies, label)
    pressed = await h.click(user, pack, label)
    assert pressed.answer is not None and pressed.alert is None
    (call,) = [c for c in pressed.calls if c.method == "sendInvoice"]
    return call.params


async def test_stars_top_up_end_to_end(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, sctx: Context,
    alice_tg: TgUser,
) -> None:
    h = harness
    invoice = await buy_invoice(h, alice_tg, "500 credits")
    account_id = account_of(store, alice_tg)
    assert invoice["currency"] == "XTR"
    assert not invoice.get("provider_token")
    assert invoice["chat_id"] == str(alice_tg.id)
    assert invoice["payload"] == f"bgs1:{account_id}:500:225"
    assert invoice["prices"] == [{"label": "500 credits", "amount": 225}]
    assert invoice["title"] == "500 BotGig credits"
    assert fake_telegram.chat(alice_tg.id)[-1].text == ""  # the invoice message
    payload = str(invoice["payload"])

    answer = await pre_checkout(h, alice_tg, payload, 225)
    assert answer["ok"] is True

    h.outbox_position = len(store.outbox)
    await paid(h, alice_tg, payload, 225, "stxE2E1")
    await paid(h, alice_tg, payload, 225, "stxE2E1")  # Telegram delivers it again
    balance = await credits.get_balance(sctx, account_id=account_id)
    assert balance.credits == 100 + 500
    before = len(fake_telegram.chat(alice_tg.id))
    delivered = await h.deliver_outbox()
    assert [e.type for e in delivered] == ["credits.topped_up"]
    note = fake_telegram.chat(alice_tg.id)[before:]
    assert len(note) == 1
    assert "+500 credits (Telegram Stars). Balance: 600." in note[0].text
    assert "Stars charge: stxE2E1" in note[0].text

    history = (await h.say(alice_tg, "/history"))[0].text
    assert "Stars charge stxE2E1" in history

    # A moderator refunds it through Telegram's refundStarPayment.
    mod = await telegram_account(sctx, 9009, "Mod")
    await accounts.set_role(sctx, granted_by=None, account_id=mod.id)
    assert h.bot is not None
    refunded = await stars.refund_stars_payment(
        sctx, moderator_id=mod.id, charge_id="stxE2E1", refunder=TelegramStarsRefunder(h.bot)
    )
    assert refunded.status is StarsPaymentStatus.REFUNDED
    (call,) = fake_telegram.calls_of("refundStarPayment")
    assert call.params == {"user_id": str(alice_tg.id), "telegram_payment_charge_id": "stxE2E1"}
    assert fake_telegram.star_payments["stxE2E1"]["refunded"] is True
    assert (await credits.get_balance(sctx, account_id=account_id)).credits == 100
    before = len(fake_telegram.chat(alice_tg.id))
    await h.deliver_outbox()
    assert "refunded your Telegram Stars payment: ⭐ 225 back" in (
        fake_telegram.chat(alice_tg.id)[before].text
    )


async def test_pre_checkout_refusals_reach_telegram(
    harness: BotHarness, store: FakeStore, sctx: Context, alice_tg: TgUser, mallory_tg: TgUser
) -> None:
    h = harness
    payload = str((await buy_invoice(h, alice_tg, "100 credits"))["payload"])
    account_id = account_of(store, alice_tg)

    for bad_payload, total, currency, message in [
        ("not ours", 50, "XTR", "not valid"),
        (f"bgs1:{account_id}:300:50", 50, "XTR", "no longer offered"),
        (payload, 49, "XTR", "price does not match"),
        (payload, 50, "USD", "Telegram Stars"),
    ]:
        answer = await pre_checkout(h, alice_tg, bad_payload, total, currency)
        assert answer["ok"] is False, bad_payload
        assert message in str(answer["error_message"])

    answer = await pre_checkout(h, mallory_tg, payload, 50)
    assert answer["ok"] is False and "another account" in str(answer["error_message"])

    mod = await telegram_account(sctx, 9009, "Mod")
    await accounts.set_role(sctx, granted_by=None, account_id=mod.id)
    await accounts.ban_account(sctx, moderator_id=mod.id, account_id=account_id, reason="spam")
    answer = await pre_checkout(h, alice_tg, payload, 50)
    assert answer["ok"] is False and "banned" in str(answer["error_message"])


async def test_a_refund_after_spending_is_refused_and_telegram_is_not_called(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, sctx: Context,
    alice_tg: TgUser,
) -> None:
    h = harness
    payload = str((await buy_invoice(h, alice_tg, "100 credits"))["payload"])
    assert (await pre_checkout(h, alice_tg, payload, 50))["ok"] is True
    await paid(h, alice_tg, payload, 50, "stxSpent")
    account_id = account_of(store, alice_tg)
    pricey = Context(uow=sctx.uow, clock=sctx.clock, prices=PriceList(verification=150))
    await accounts.request_verification(pricey, account_id=account_id)

    mod = await telegram_account(sctx, 9009, "Mod")
    await accounts.set_role(sctx, granted_by=None, account_id=mod.id)
    assert h.bot is not None
    with pytest.raises(Conflict, match="partly spent"):
        await stars.refund_stars_payment(
            sctx, moderator_id=mod.id, charge_id="stxSpent", refunder=TelegramStarsRefunder(h.bot)
        )
    assert fake_telegram.calls_of("refundStarPayment") == []


async def test_an_unmatched_payment_is_reported_to_the_payer(
    harness: BotHarness, fake_telegram: FakeTelegram, sctx: Context, alice_tg: TgUser
) -> None:
    await harness.say(alice_tg, "/start")
    before = len(fake_telegram.chat(alice_tg.id))
    await paid(harness, alice_tg, "bogus", 50, "stxBogus")
    (message,) = fake_telegram.chat(alice_tg.id)[before:]
    assert "stxBogus could not be matched" in message.text


async def test_a_stale_pack_button_is_answered_with_an_alert(
    harness: BotHarness, fake_telegram: FakeTelegram, alice_tg: TgUser
) -> None:
    replies = await harness.say(alice_tg, "/topup")
    message = with_button(replies, "100 credits")
    pressed = await harness.press(alice_tg, message, "stars:buy:100:1")
    assert pressed.alert is not None and "not offered" in pressed.alert
    assert fake_telegram.calls_of("sendInvoice") == []
