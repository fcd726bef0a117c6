"""The dispute story end to end on the local fake Telegram server: the real aiogram bot in
long polling with the admin router, the real conversation layer and admin app, the core on
the in-memory store, and the outbox delivered by the user notifier and the admin sink.

A buyer opens a dispute → the case card appears in the admin chat → two moderators press
Claim at once and one wins → a 30 % split with a note → both parties are notified → the
timeline records it all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from pydantic import SecretStr

from botgig.bootstrap import Container, sync_moderators
from botgig.settings import Settings
from bots.telegram.admin import admin_router, telegram_mention
from bots.telegram.app import build_bot, build_dispatcher, retry_middleware_of
from bots.telegram.polling import run_polling
from bots.telegram.transport import TelegramTransport, telegram_notifier
from core.listings import offers
from core.orders import orders
from core.orders.model import DisputeStatus, OrderStatus, TimerKind
from core.orders.timers import run_due_timers
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.app import ChatApp
from handlers.notifications import AdminPosts
from tests.admin.conftest import ADMIN_CHAT, ADMIN_KEY, draft
from tests.e2e.fake_telegram import BotMessage, FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeClock, FakeStore

MOD_A = TgUser(501, "Mod A", "mod_a", "en")
MOD_B = TgUser(502, "Mod B", "mod_b", "en")
STRANGER = TgUser(777, "Stranger", "stranger", "en")


class AdminHarness(BotHarness):
    """The bot as ``Container.telegram()`` wires it: the admin router first, the user
    notifier without an admin chat and the admin sink posting there."""

    def __init__(self, fake: FakeTelegram, ctx: Context, store: FakeStore) -> None:
        super().__init__(fake, ctx, ChatApp(ctx), outbox=store.outbox, admin_chat_id=None)
        self.admin_app = AdminApp(ctx, admin_chats=[ADMIN_KEY])
        self.admin_sink: AdminPosts | None = None

    async def start(self) -> None:
        self.bot = build_bot(self.fake.token, api_base=self.fake.base_url)
        self.dp = build_dispatcher(
            self.chat_app, self.ctx, flood_limit=1000,
            extra_routers=[admin_router(self.admin_app)],
        )
        self.notifier = telegram_notifier(
            self.ctx, self.chat_app, self.bot, feed_chat_id=None, admin_chat_id=None,
            pacer=self.pacer,
        )
        self.admin_sink = AdminPosts(
            self.admin_app,
            TelegramTransport(self.bot, self.chat_app, admin_chat_id=ADMIN_CHAT, pacer=self.pacer),
            telegram_mention,
        )
        retry = retry_middleware_of(self.bot)
        assert retry is not None
        self._stop = asyncio.Event()
        since = len(self.fake.calls)
        self._task = asyncio.create_task(
            run_polling(self.bot, self.dp, polling_timeout=1, stop=self._stop)
        )
        await self.fake.wait_for_call("getUpdates", since=since)

    async def deliver_outbox(self) -> list:  # type: ignore[type-arg]
        assert self.outbox is not None and self.notifier and self.admin_sink
        events = self.outbox[self.outbox_position :]
        self.outbox_position = len(self.outbox)
        for event in events:
            await self.notifier.deliver(event)
            await self.admin_sink.deliver(event)
        return events


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore
) -> AsyncIterator[AdminHarness]:
    h = AdminHarness(fake_telegram, ctx, store)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()


def texts(messages: list[BotMessage]) -> str:
    return "\n---\n".join(m.text for m in messages)


async def test_the_dispute_story(
    harness: AdminHarness,
    fake_telegram: FakeTelegram,
    store: FakeStore,
    ctx: Context,
    clock: FakeClock,
    alice: TgUser,
    bob: TgUser,
) -> None:
    h, fake = harness, fake_telegram
    # Moderators come from BOTGIG_MODERATORS, synced at start-up as `botgig run` does.
    settings = Settings(
        _env_file=None,
        moderators=f"telegram:{MOD_A.id},telegram:{MOD_B.id}",
        telegram_token=SecretStr(fake.token),
        telegram_admin_chat_id=ADMIN_CHAT,
    )
    await sync_moderators(Container(settings=settings, ctx=ctx))
    await h.say(alice, "/start")
    await h.say(bob, "/start")
    buyer, seller = account_of(store, alice), account_of(store, bob)
    offer = await offers.publish_offer(ctx, seller_id=seller, draft=draft())
    order = await orders.order_offer(ctx, buyer_id=buyer, offer_id=offer.id)
    await orders.send_message(ctx, actor_id=seller, order_id=order.id, text="On it today")
    await orders.deliver_order(ctx, actor_id=seller, order_id=order.id, note="Drafts are in")
    await h.deliver_outbox()

    # -- the buyer opens a dispute in chat; the case card lands in the admin chat ----------
    opened = await h.say(alice, f"/dispute {order.id} Half of the drafts are missing.")
    assert "dispute" in texts(opened).lower()
    assert store.state.orders[order.id].status is OrderStatus.DISPUTED
    await h.deliver_outbox()
    [card] = fake.chat(ADMIN_CHAT)
    for part in ("Case", f"order #{order.id}", "Half of the drafts are missing.", "Buyer",
                 "Seller", "trust", "Timeline", "open dispute", "Deliveries", "Drafts are in",
                 "Messages", "On it today", "unclaimed"):
        assert part in card.text, part
    assert [b["text"] for b in card.buttons] == [
        "👮 Claim", "✅ Release", "↩️ Refund", "➗ Split", "🔁 Resume"]

    # -- a stranger in the admin chat is refused, and it is logged ------------------------
    refused = await h.press(STRANGER, card, card.button("Claim")["callback_data"])
    assert refused.alert and "Only moderators" in refused.alert
    assert any(e.action == "admin.refused" for e in store.state.audit)

    # -- two moderators press Claim at once: one wins, the other is told -----------------
    claim = card.button("Claim")["callback_data"]
    first = fake.press(MOD_A, card, claim)
    second = fake.press(MOD_B, card, claim)
    await fake.wait_handled(first)
    await fake.wait_handled(second)
    answers = [fake.callback_answers.get(fake.callback_id_of(u)) for u in (first, second)]
    dispute = next(iter(store.state.disputes.values()))
    winner = MOD_A if dispute.claimed_by == account_of(store, MOD_A) else MOD_B
    loser = MOD_B if winner is MOD_A else MOD_A
    assert dispute.status is DisputeStatus.CLAIMED
    alerts = [a.get("text", "") for a in answers if a and a.get("show_alert") in ("true", True)]
    assert len(alerts) == 1 and "taken already" in alerts[0]
    assert "claimed by" in card.text and not card.has_button("Claim")  # the card, edited
    assert sum(e.action == "claim" for e in store.state.audit) == 1

    # The loser cannot rule on a case claimed by someone else.
    split = card.button("Split")["callback_data"]
    assert "claimed by" in ((await h.press(loser, card, split)).alert or "")

    # -- the winner rules a 30 % split; the note comes as a reply to the prompt ------------
    pressed = await h.press(winner, card, split)
    [prompt] = pressed.messages
    assert "percentage refunded to the buyer" in prompt.text
    bad = await h.say(winner, "150 too much", chat_id=ADMIN_CHAT, reply_to=prompt)
    assert "1 to 99" in texts(bad)
    assert store.state.disputes[dispute.id].status is DisputeStatus.CLAIMED
    ruled = await h.say(
        winner, "30 Only 70% of the drafts were delivered.", chat_id=ADMIN_CHAT, reply_to=prompt
    )
    assert "split 30% refunded to the buyer" in texts(ruled)
    resolved = store.state.disputes[dispute.id]
    assert (resolved.status, resolved.split_pct) == (DisputeStatus.RESOLVED, 30)
    assert resolved.note == "Only 70% of the drafts were delivered."
    assert store.state.orders[order.id].status is OrderStatus.COMPLETED

    # -- both parties are notified with the note -------------------------------------------
    before = {u.id: len(fake.chat(u.id)) for u in (alice, bob)}
    await h.deliver_outbox()
    for user in (alice, bob):
        news = texts(fake.chat(user.id)[before[user.id]:])
        assert "30% refunded to the buyer" in news and "Only 70% of the drafts" in news
    admin_posts = texts(fake.chat(ADMIN_CHAT))
    assert "claimed by" in admin_posts and "ruled" in admin_posts

    # -- the timeline records it all -------------------------------------------------------
    timeline = [(e.action, e.actor_role, e.note) for e in store.state.order_events
                if e.order_id == order.id]
    assert ("open_dispute", "buyer", "Half of the drafts are missing.") in timeline
    assert ("rule_split", "moderator", "Only 70% of the drafts were delivered.") in timeline
    trail = [(e.action, e.actor_id) for e in store.state.audit if e.subject == f"order:{order.id}"]
    assert trail == [("claim", resolved.claimed_by), ("rule:split", resolved.claimed_by)]
    shown = await h.say(winner, f"/case {dispute.id}", chat_id=ADMIN_CHAT)
    assert "resolved: split 30% refunded to the buyer" in texts(shown)
    assert "rule split" in texts(shown) and "Only 70% of the drafts" in texts(shown)
    audit = await h.say(winner, f"/audit order:{order.id}", chat_id=ADMIN_CHAT)
    assert "rule:split" in texts(audit) and "open dispute" in texts(audit)

    # Nothing of the admin channel leaked into a private chat; every press was answered.
    assert not fake._open_callbacks
    assert set(fake.chat_log) <= {alice.id, bob.id, ADMIN_CHAT, MOD_A.id, MOD_B.id, STRANGER.id}
    assert "Case" not in texts(fake.chat(alice.id)) + texts(fake.chat(bob.id))


async def test_an_unclaimed_case_is_posted_again_with_a_mention(
    harness: AdminHarness, fake_telegram: FakeTelegram, store: FakeStore, ctx: Context,
    clock: FakeClock, alice: TgUser, bob: TgUser,
) -> None:
    h, fake = harness, fake_telegram
    settings = Settings(_env_file=None, moderators=f"telegram:{MOD_A.id}")
    await sync_moderators(Container(settings=settings, ctx=ctx))
    await h.say(alice, "/start")
    await h.say(bob, "/start")
    buyer, seller = account_of(store, alice), account_of(store, bob)
    offer = await offers.publish_offer(ctx, seller_id=seller, draft=draft())
    order = await orders.order_offer(ctx, buyer_id=buyer, offer_id=offer.id)
    await h.say(alice, f"/dispute {order.id} Nothing was delivered at all.")
    await h.deliver_outbox()
    assert len(fake.chat(ADMIN_CHAT)) == 1
    [timer] = [t for t in store.state.timers.values() if t.kind is TimerKind.DISPUTE_UNCLAIMED]

    clock.advance(ctx.rules.dispute_repost_after + timedelta(minutes=1))
    await run_due_timers(ctx)
    await h.deliver_outbox()
    [_, again] = fake.chat(ADMIN_CHAT)
    assert "Still unclaimed" in again.text and again.has_button("Claim")
    assert f'<a href="tg://user?id={MOD_A.id}">' in again.html

    # Claimed, the next reminder finds nothing to do.
    await h.click(TgUser(MOD_A.id, "Mod A"), again, "Claim")
    clock.advance(ctx.rules.dispute_repost_after + timedelta(minutes=1))
    await run_due_timers(ctx)
    await h.deliver_outbox()
    assert not any("Still unclaimed" in m.text for m in fake.chat(ADMIN_CHAT)[2:])
    assert timer.id
