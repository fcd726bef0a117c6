"""Issue 16 through the real aiogram bot and the fake Bot API: the buyer's delivery notice
names the delivered file and sends it in one tap, by the file_id the seller uploaded."""

from __future__ import annotations

from core.listings import offers
from core.listings.offers import OfferDraft
from core.orders import orders
from core.orders.model import Attachment
from core.shared.context import Context
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore


async def test_the_delivered_file_is_one_tap_from_the_buyers_notice(
    harness: BotHarness,
    fake_telegram: FakeTelegram,
    store: FakeStore,
    ctx: Context,
    alice: TgUser,
    bob: TgUser,
    mallory: TgUser,
) -> None:
    h = harness
    for user in (alice, bob, mallory):
        await h.say(user, "/start")
    offer = await offers.publish_offer(
        ctx,
        seller_id=account_of(store, bob),
        draft=OfferDraft(
            title="Support inbox triage",
            category="support-triage",
            description="I triage your support inbox with an agent and review every draft.",
            inputs="Read access to the inbox",
            output_format="Drafts in your helpdesk",
            delivery_days=3,
            bot_pct=80,
            price_cents=15000,
        ),
    )
    order = await orders.order_offer(ctx, buyer_id=account_of(store, alice), offer_id=offer.id)
    await h.deliver_outbox()

    await h.say(bob, f"/deliver {order.id}")
    document, replies = await h.send_file(bob, "prices.csv")
    skipped = await h.click(bob, next(m for m in reversed(replies) if m.has_button("Skip")), "Skip")
    confirm = next(m for m in reversed(skipped.messages) if m.has_button("Deliver"))
    await h.click(bob, confirm, "Deliver")

    before = len(fake_telegram.chat(alice.id))
    await h.deliver_outbox()
    [notice] = fake_telegram.chat(alice.id)[before:]
    assert "delivered" in notice.text and "prices.csv" in notice.text
    assert notice.has_button("Approve") and notice.has_button("Get prices.csv")

    got = await h.click(alice, notice, "Get prices.csv")
    files = [m.document["file_id"] for m in got.messages if m.document]
    assert files == [document["file_id"]]

    # The button carries ids a stranger can forge: the press is refused and sends nothing.
    data = notice.button("Get prices.csv")["callback_data"]
    before = len(fake_telegram.chat(mallory.id))
    refused = await h.press(mallory, fake_telegram.chat(mallory.id)[-1], data)
    assert refused.alert is not None
    assert not [m for m in fake_telegram.chat(mallory.id)[before:] if m.document]


async def test_profile_by_telegram_username_without_a_botgig_one(
    harness: BotHarness, store: FakeStore, alice: TgUser, bob: TgUser, mallory: TgUser
) -> None:
    h = harness
    await h.say(alice, "/start")
    await h.say(mallory, "/start")  # no Telegram username
    alice_id = account_of(store, alice)
    assert store.state.accounts[alice_id].username is None
    [found] = await h.say(bob, "/profile @alice_tg")
    assert "Alice" in found.text and f"#{alice_id}" in found.text
    [missing] = await h.say(bob, "/profile @mallory")
    assert "was not found" in missing.text


async def test_sending_a_file_shows_upload_document_first(
    harness: BotHarness,
    fake_telegram: FakeTelegram,
    store: FakeStore,
    ctx: Context,
    alice: TgUser,
    bob: TgUser,
) -> None:
    h = harness
    for user in (alice, bob):
        await h.say(user, "/start")
    offer = await offers.publish_offer(
        ctx,
        seller_id=account_of(store, bob),
        draft=OfferDraft(
            title="Support inbox triage",
            category="support-triage",
            description="I triage your support inbox with an agent and review every draft.",
            inputs="Read access to the inbox",
            output_format="Drafts in your helpdesk",
            delivery_days=3,
            bot_pct=80,
            price_cents=15000,
        ),
    )
    order = await orders.order_offer(ctx, buyer_id=account_of(store, alice), offer_id=offer.id)
    delivery = await orders.deliver_order(
        ctx,
        actor_id=account_of(store, bob),
        order_id=order.id,
        note="Here",
        attachment=Attachment(name="report.pdf", ref="BQACAgIAAx0-report", size=10),
    )
    [card] = await h.say(alice, f"/order {order.id}")
    since = len(fake_telegram.calls)
    await h.press(alice, card, f"ord:file:{order.id}:{delivery.id}")
    methods = [c.method for c in fake_telegram.calls[since:]]
    assert "sendChatAction" in methods and "sendDocument" in methods
    assert methods.index("sendChatAction") < methods.index("sendDocument")
    action = next(c for c in fake_telegram.calls[since:] if c.method == "sendChatAction")
    assert action.params["action"] == "upload_document"
    assert str(action.params["chat_id"]) == str(alice.id)
    # A plain command shows no indicator.
    since = len(fake_telegram.calls)
    await h.say(alice, "/help")
    assert "sendChatAction" not in [c.method for c in fake_telegram.calls[since:]]
