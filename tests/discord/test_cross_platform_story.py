"""Issue 3's story across platforms: the seller on Discord, the buyer on Telegram, one order.

Telegram is the real aiogram bot in long polling against ``FakeTelegram`` (tests/e2e);
Discord is the real discord.py bot fed raw interactions and DMs, with the webhook adapter
and the REST client recorded (tests/discord/fake_discord.py). Both run over one
``ChatApp`` and the core on the in-memory store; every event of the outbox goes to both
notifiers, as the dispatcher would, and each step checks who got what, where.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bots.discord.app import DiscordFrontEnd
from core.credits import credits
from core.orders.model import OrderStatus
from core.shared.context import Context
from handlers.app import ChatApp
from tests.discord.conftest import FEED_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord, Result, Sent, upload
from tests.e2e.fake_telegram import BotMessage, FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore

TG_FEED = -100_777


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def tg(telegram: FakeTelegram, ctx: Context, store: FakeStore) -> AsyncIterator[BotHarness]:
    harness = BotHarness(telegram, ctx, ChatApp(ctx), outbox=store.outbox, feed_chat_id=TG_FEED)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.kill()


class Dispatcher:
    """The outbox dispatcher's job: every new event to both notifiers."""

    def __init__(self, store: FakeStore, tg: BotHarness, front: DiscordFrontEnd) -> None:
        self.store, self.tg, self.front = store, tg, front
        self.position = 0

    async def run(self) -> None:
        assert self.tg.notifier is not None
        events = self.store.outbox[self.position :]
        self.position = len(self.store.outbox)
        for event in events:
            await self.tg.notifier.deliver(event)
            await self.front.notifier.deliver(event)


class Watch:
    """New messages since the last look: a Telegram chat, or a Discord user's DMs."""

    def __init__(self, telegram: FakeTelegram, fake: FakeDiscord) -> None:
        self.telegram, self.fake = telegram, fake
        self.tg_seen: dict[int, int] = {}
        self.dc_seen: dict[int, int] = {}

    def tg(self, chat: int) -> list[BotMessage]:
        messages = self.telegram.chat(chat)
        fresh = messages[self.tg_seen.get(chat, 0) :]
        self.tg_seen[chat] = len(messages)
        return fresh

    def dm(self, user: DUser) -> list[Sent]:
        messages = self.fake.dms(user)
        fresh = messages[self.dc_seen.get(user.id, 0) :]
        self.dc_seen[user.id] = len(messages)
        return fresh


def tg_text(messages: list[BotMessage]) -> str:
    return "\n---\n".join(m.text for m in messages)


def dc_text(messages: list[Sent]) -> str:
    return "\n---\n".join(m.text for m in messages)


def tg_last_with(messages: list[BotMessage], label: str) -> BotMessage:
    for message in reversed(messages):
        if message.has_button(label):
            return message
    raise AssertionError(f"no {label!r} button in {[m.text for m in messages]}")


def dc_last_with(messages: list[Sent], label: str) -> Sent:
    for message in reversed(messages):
        if message.has_button(label):
            return message
    raise AssertionError(f"no {label!r} button in {[m.text for m in messages]}")


async def tg_form(h: BotHarness, user: TgUser, *answers: str) -> list[BotMessage]:
    replies: list[BotMessage] = []
    for answer in answers:
        replies = await h.say(user, answer)
        assert replies and "⚠️" not in replies[0].text, replies[0].text if replies else answer
    return replies


def no_warning(result: Result) -> Result:
    assert "⚠️" not in result.text, result.text
    return result


async def test_seller_on_discord_buyer_on_telegram(
    tg: BotHarness,
    telegram: FakeTelegram,
    discord_bot: DiscordTester,
    front: DiscordFrontEnd,
    fake_discord: FakeDiscord,
    store: FakeStore,
    ctx: Context,
    dana: DUser,
) -> None:
    alice = TgUser(1001, "Alice", "alice_tg", "en")
    d = discord_bot
    dispatch = Dispatcher(store, tg, front)
    watch = Watch(telegram, fake_discord)

    # -- Dana publishes an offer on Discord: modal, category button, modal, confirm ---------
    started = await d.slash(dana, "offer new")
    filled = no_warning(await d.submit(
        dana, started.modal,
        title="Support inbox triage",
        description="I triage your support inbox with an agent and review every draft myself.",
        inputs="Read access to the inbox",
        output_format="Drafts in your helpdesk",
        delivery_days="3",
    ))
    picked = await d.press(dana, filled.messages[-1], "Support inbox triage")
    modal = (await d.press(dana, picked.last_with("Answer"), "Answer")).modal
    # Discord sends an optional text input left empty as "".
    rest = no_warning(await d.submit(dana, modal, bot_pct="80", price="150",
                                     revisions_included="1", proofers=""))
    published = await d.press(dana, rest.last_with("Publish"), "Publish")
    assert "is live" in published.text
    dana_id = store.state.identities[("discord", str(dana.id))].account_id
    assert (await credits.get_balance(ctx, account_id=dana_id)).credits == 90
    offer_id = next(iter(store.state.offers))

    await dispatch.run()
    [tg_post] = watch.tg(TG_FEED)
    assert "Support inbox triage" in tg_post.text
    assert tg_post.button("Open")["url"].endswith(f"?start=offer_{offer_id}")
    [dc_post] = fake_discord.in_channel(FEED_CHANNEL)
    assert "Support inbox triage" in dc_post.text and dc_post.buttons()

    # -- Alice (Telegram) sees it and posts a request ----------------------------------------
    welcome = await tg.say(alice, "/start")
    assert "100 credits" in welcome[0].text
    alice_id = store.state.identities[("telegram", str(alice.id))].account_id
    assert "Support inbox triage" in tg_text(await tg.say(alice, "/offers"))
    replies = await tg_form(
        tg, alice, "/newrequest", "Scrape 500 product pages", "3",
        "Extract price and stock from 500 public product pages to CSV.",
        "A list of URLs", "100", "300", "in 10 days", "0",
    )
    posted = await tg.click(alice, tg_last_with(replies, "Post"), "Post")
    assert "is posted" in tg_text(posted.messages)
    request_id = next(iter(store.state.requests))
    await dispatch.run()
    watch.tg(TG_FEED)
    watch.tg(alice.id)
    assert len(fake_discord.in_channel(FEED_CHANNEL)) == 2

    # -- Dana (Discord) finds it and sends a proposal ---------------------------------------
    found = await d.slash(dana, "request list")
    assert "Scrape 500 product pages" in found.text
    card = await d.press(dana, found.last_with(f"#{request_id}"), f"#{request_id}")
    bid = await d.press(dana, card.last_with("proposal"), "proposal")
    modal = (await d.press(dana, bid.last_with("Answer"), "Answer")).modal
    values = {"message": "I can do this in two days with a scraper and a manual check.",
              "price": "200", "timeline_days": "2"}
    confirm = no_warning(await d.submit_values(dana, modal, {k: values[k] for k in modal.ids()}))
    if not any(m.has_button("Send proposal") for m in confirm.messages):
        confirm = await d.press(dana, confirm.messages[-1], "2")
    sent = await d.press(dana, confirm.last_with("Send proposal"), "Send proposal")
    assert "sent" in sent.text

    await dispatch.run()
    [told] = watch.tg(alice.id)
    assert "New proposal" in told.text and "Dana" in told.text
    assert watch.dm(dana) == []  # Dana's own action: no notification

    # -- Alice accepts on Telegram; Dana hears it on Discord ---------------------------------
    proposals = await tg.click(alice, told, "proposals")
    proposal_card = tg_last_with(proposals.messages, "Accept")
    assert "trust" in proposal_card.text and "Dana" in proposal_card.text
    asked = await tg.click(alice, proposal_card, "Accept")
    await tg.click(alice, tg_last_with(asked.messages, "Yes, accept"), "Yes, accept")
    order = next(iter(store.state.orders.values()))
    assert order.status is OrderStatus.IN_PROGRESS and order.seller_id == dana_id
    assert order.buyer_id == alice_id
    watch.tg(alice.id)
    await dispatch.run()
    to_dana = watch.dm(dana)
    assert f"#{order.id}" in dc_text(to_dana) and "accepted" in dc_text(to_dana)
    assert watch.tg(alice.id) == []

    # -- Messages both ways, across platforms, with the 👤 label ----------------------------
    entered = await d.press(dana, dc_last_with(to_dana, "Message"), "Message")
    assert "Alice" in entered.text
    ack = await d.dm(dana, "Starting now, <b>ETA</b> tomorrow @everyone")
    assert "Sent" in ack.text and ack.messages[0].kind == "dm"
    watch.dm(dana)
    await dispatch.run()
    [relayed] = watch.tg(alice.id)
    assert "👤 Dana" in relayed.text
    assert "Starting now, <b>ETA</b> tomorrow" in relayed.text  # shown literally
    await tg.say(alice, "Great, thanks! The URL list is attached.", reply_to=relayed)
    watch.tg(alice.id)
    await dispatch.run()
    [back] = watch.dm(dana)
    assert "👤 Alice" in back.text and "Great, thanks!" in back.text
    # Dana answers by replying to the relayed DM.
    await d.dm(dana, "Got it.", reply_to=back)
    watch.dm(dana)
    await dispatch.run()
    [got_it] = watch.tg(alice.id)
    assert "👤 Dana" in got_it.text and "Got it." in got_it.text
    stored = [m.text for m in store.state.messages if m.order_id == order.id]
    assert stored == [
        "Starting now, <b>ETA</b> tomorrow @everyone",
        "Great, thanks! The URL list is attached.",
        "Got it.",
    ]
    watch.tg(alice.id)
    watch.dm(dana)

    # -- Dana delivers a file from Discord; Alice gets it on Telegram ----------------------
    await d.slash(dana, "cancel")
    delivered = await d.slash(dana, "order deliver", order=order.id, file=upload("prices.csv"))
    skipped = await d.press(dana, delivered.last_with("Skip"), "Skip")
    done = await d.press(dana, skipped.last_with("Deliver"), "Deliver")
    assert "Delivered" in done.text
    await dispatch.run()
    to_alice = watch.tg(alice.id)
    assert "delivered" in tg_text(to_alice)
    assert watch.dm(dana) == []
    opened = await tg.say(alice, f"/order {order.id}")
    got = await tg.click(alice, tg_last_with(opened, "file"), "file")
    files = [m.document["file_id"] for m in got.messages if m.document]
    assert len(files) == 1 and files[0].startswith("https://cdn.discordapp.com/")
    assert files[0].endswith("/prices.csv")

    # -- Alice asks for a revision on Telegram; Dana redelivers with a link ----------------
    await tg.click(alice, tg_last_with(to_alice, "revision"), "revision")
    replies = await tg_form(tg, alice, "Please add the stock column")
    await tg.click(alice, tg_last_with(replies, "revision"), "revision")
    assert store.state.orders[order.id].status is OrderStatus.IN_PROGRESS
    await dispatch.run()
    assert "Please add the stock column" in dc_text(watch.dm(dana))
    again = await d.slash(dana, "order deliver", order=order.id)
    confirm = no_warning(await d.submit(dana, again.modal, work="https://example.com/v2.csv",
                                        note="Now with the stock column"))
    await d.press(dana, confirm.last_with("Deliver"), "Deliver")
    assert store.state.orders[order.id].status is OrderStatus.DELIVERED
    watch.tg(alice.id)
    await dispatch.run()
    to_alice = watch.tg(alice.id)
    assert "delivered" in tg_text(to_alice)

    # -- Alice approves on Telegram; both review; the reviews are revealed -----------------
    approved = await tg.click(alice, tg_last_with(to_alice, "Approve"), "Approve")
    if store.state.orders[order.id].status is not OrderStatus.COMPLETED:
        await tg.click(alice, tg_last_with(approved.messages, "Approve"), "Approve")
    assert store.state.orders[order.id].status is OrderStatus.COMPLETED
    watch.tg(alice.id)
    await dispatch.run()
    assert "completed" in dc_text(watch.dm(dana)).lower()

    replies = await tg_form(tg, alice, f"/review {order.id}", "5", "Fast and careful.")
    await tg.click(alice, tg_last_with(replies, "review"), "review")
    review = await d.slash(dana, "order review", order=order.id, rating=4, text="Clear brief.")
    assert "⚠️" not in review.text
    reviews = [r for r in store.state.reviews.values() if r.order_id == order.id]
    assert len(reviews) == 2 and all(r.revealed_at is not None for r in reviews)
    watch.tg(alice.id)
    watch.dm(dana)
    await dispatch.run()
    assert "Clear brief." in tg_text(watch.tg(alice.id))
    assert "Fast and careful." in dc_text(watch.dm(dana))

    # Nothing went to the wrong place: Telegram only talked to Alice and its feed, Discord
    # only DMed Dana; every Telegram button press was answered.
    assert set(telegram.chat_log) == {alice.id, TG_FEED}
    assert {m.user_id for m in fake_discord.log if m.kind == "dm"} == {dana.id}
    assert not telegram._open_callbacks
