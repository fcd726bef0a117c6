"""Issue 3's story, end to end: the real aiogram bot in long polling against the fake Bot API
server, the real conversation layer (handlers.app.ChatApp) and the core on the in-memory
store. Notifications are delivered by the Telegram notifier over the events the store
recorded, as the outbox dispatcher would; each step checks who got what."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from core.credits import credits
from core.orders.model import OrderStatus
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.commands import ROUTERS
from tests.discord.test_command_names import COMMAND
from tests.e2e.fake_telegram import BotMessage, FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore

FEED = -100_777


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore
) -> AsyncIterator[BotHarness]:
    h = BotHarness(fake_telegram, ctx, ChatApp(ctx), outbox=store.outbox, feed_chat_id=FEED)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()


def last_with_button(messages: list[BotMessage], label: str) -> BotMessage:
    for message in reversed(messages):
        if message.has_button(label):
            return message
    raise AssertionError(f"no message with a {label!r} button in {[m.text for m in messages]}")


def texts(messages: list[BotMessage]) -> str:
    return "\n---\n".join(m.text for m in messages)


class Inboxes:
    """What arrived in each chat since the last look."""

    def __init__(self, fake: FakeTelegram, *chats: int) -> None:
        self.fake = fake
        self.seen = {chat: len(fake.chat(chat)) for chat in chats}

    def new(self, chat: int) -> list[BotMessage]:
        messages = self.fake.chat(chat)
        fresh = messages[self.seen[chat] :]
        self.seen[chat] = len(messages)
        return fresh


async def answer_form(h: BotHarness, user: TgUser, *answers: str) -> list[BotMessage]:
    replies: list[BotMessage] = []
    for answer in answers:
        replies = await h.say(user, answer)
        assert replies, f"no reply to {answer!r}"
        assert "⚠️" not in replies[0].text, replies[0].text
    return replies


async def test_the_whole_marketplace_story_in_telegram(
    harness: BotHarness,
    fake_telegram: FakeTelegram,
    store: FakeStore,
    ctx: Context,
    alice: TgUser,
    bob: TgUser,
) -> None:
    h = harness
    inbox = Inboxes(fake_telegram, alice.id, bob.id, FEED)

    # -- Bob starts from /help ------------------------------------------------------------
    helped = await h.say(bob, "/help")
    assert "/newoffer" in texts(helped) and "/orders" in texts(helped)

    # -- Bob publishes an offer: credits are spent, it is in /offers and in the feed -------
    welcome = await h.say(bob, "/start")
    assert "100 credits" in welcome[0].text
    bob_id = account_of(store, bob)
    replies = await answer_form(h, bob, "/newoffer", "Support inbox triage")
    await h.click(bob, replies[-1], "Support inbox triage and reply drafts")
    replies = await answer_form(
        h, bob,
        "I triage your support inbox with an agent and review every draft myself.",
        "Read access to the inbox",
        "Drafts in your helpdesk",
        "3", "80", "150", "1", "0",
    )
    confirm = last_with_button(replies, "Publish")
    assert "10 credits" in confirm.text
    published = await h.click(bob, confirm, "Publish")
    assert "is live" in texts(published.messages)
    assert (await credits.get_balance(ctx, account_id=bob_id)).credits == 90
    inbox.new(bob.id)

    await h.deliver_outbox()
    [post] = inbox.new(FEED)
    assert "Support inbox triage" in post.text
    offer_id = next(o.id for o in store.state.offers.values())
    link = post.button("Open")["url"]
    assert link == f"https://t.me/botgig_test_bot?start=offer_{offer_id}"
    assert all("url" in b for b in post.buttons)  # no callback buttons in a public channel

    await h.say(alice, "/start")
    alice_id = account_of(store, alice)
    offers = await h.say(alice, "/offers")
    assert "Support inbox triage" in texts(offers) and "trust" in texts(offers)
    deep = await h.say(alice, f"/start offer_{offer_id}")
    assert "Support inbox triage" in texts(deep) and "80% automated" in texts(deep)

    # -- Alice posts a request with the wizard --------------------------------------------
    replies = await answer_form(
        h, alice,
        "/newrequest",
        "Scrape 500 product pages",
        "3",
        "Extract price and stock from 500 public product pages to CSV.",
        "A list of URLs",
        "100", "300", "in 10 days",
    )
    # A bad answer is asked again with its rule, and changes nothing.
    again = await h.say(alice, "seven")
    assert "⚠️" in again[0].text
    replies = await answer_form(h, alice, "0")
    posted = await h.click(alice, last_with_button(replies, "Post"), "Post")
    assert "is posted" in texts(posted.messages)
    request_id = next(r.id for r in store.state.requests.values())
    await h.deliver_outbox()
    [request_post] = inbox.new(FEED)
    assert "Scrape 500 product pages" in request_post.text
    assert request_post.button("Open")["url"].endswith(f"?start=request_{request_id}")
    inbox.new(alice.id)
    inbox.new(bob.id)

    # -- Bob finds it in /requests and sends a proposal from the card's button ------------
    found = await h.say(bob, "/requests")
    assert "Scrape 500 product pages" in texts(found)
    card = await h.click(bob, found[-1], f"#{request_id}")
    bid = await h.click(bob, card.messages[-1], "proposal")
    assert "pitch" in texts(bid.messages).lower()
    replies = await answer_form(
        h, bob, "I can do this in two days with a scraper and a manual check.", "200", "2"
    )
    sent = await h.click(bob, last_with_button(replies, "Send proposal"), "Send proposal")
    assert "sent" in texts(sent.messages)
    inbox.new(bob.id)

    await h.deliver_outbox()
    [told] = inbox.new(alice.id)
    assert "New proposal" in told.text and "Bob" in told.text
    assert inbox.new(bob.id) == []

    # -- Alice sees Bob's trust score and accepts ----------------------------------------
    proposals = await h.click(alice, told, "proposals")
    proposal_card = last_with_button(proposals.messages, "Accept")
    assert "trust" in proposal_card.text and "Bob" in proposal_card.text
    asked = await h.click(alice, proposal_card, "Accept")
    [confirm] = asked.messages
    assert "no other pending proposals" in confirm.text and not store.state.orders
    accepted = await h.click(alice, confirm, "Yes, accept")
    order = next(iter(store.state.orders.values()))
    assert order.status is OrderStatus.IN_PROGRESS and order.seller_id == bob_id
    assert "Accepted" in confirm.text and confirm.edits == 1  # the confirmation, edited
    assert any(f"order #{order.id}" in m.text for m in accepted.messages)
    inbox.new(alice.id)

    await h.deliver_outbox()
    to_bob = inbox.new(bob.id)
    assert f"#{order.id}" in texts(to_bob) and "accepted" in texts(to_bob)
    assert inbox.new(alice.id) == []

    # -- Messages both ways, labelled, stored on the order ---------------------------------
    entered = await h.click(bob, last_with_button(to_bob, "Message"), "Message")
    assert "Alice" in texts(entered.messages)
    ack = await h.say(bob, "Starting now, <b>ETA</b> tomorrow")
    assert "Sent" in ack[0].text
    await h.deliver_outbox()
    [relayed] = inbox.new(alice.id)
    assert "👤 Bob" in relayed.text
    assert "Starting now, <b>ETA</b> tomorrow" in relayed.text  # shown literally
    inbox.new(bob.id)

    # Alice answers by replying to the relayed message.
    await h.say(alice, "Great, thanks! The URL list is attached.", reply_to=relayed)
    await h.deliver_outbox()
    [back] = inbox.new(bob.id)
    assert "👤 Alice" in back.text and "Great, thanks!" in back.text
    stored = [m.text for m in store.state.messages if m.order_id == order.id]
    assert stored == [
        "Starting now, <b>ETA</b> tomorrow",
        "Great, thanks! The URL list is attached.",
    ]
    inbox.new(alice.id)

    # -- Bob delivers a file -----------------------------------------------------------------
    await h.say(bob, "/cancel")
    await h.say(bob, f"/deliver {order.id}")
    _, replies = await h.send_file(bob, "prices.csv")
    skipped = await h.click(bob, last_with_button(replies, "Skip"), "Skip")
    delivered = await h.click(bob, last_with_button(skipped.messages, "Deliver"), "Deliver")
    assert "Delivered" in texts(delivered.messages)
    inbox.new(bob.id)
    await h.deliver_outbox()
    to_alice = inbox.new(alice.id)
    assert "delivered" in texts(to_alice)
    assert inbox.new(bob.id) == []

    # -- Alice asks for a revision -----------------------------------------------------------
    revise = await h.click(alice, last_with_button(to_alice, "revision"), "revision")
    replies = await answer_form(h, alice, "Please add the stock column")
    await h.click(alice, last_with_button(replies, "revision"), "revision")
    assert store.state.orders[order.id].status is OrderStatus.IN_PROGRESS
    assert revise.answer is not None
    inbox.new(alice.id)
    await h.deliver_outbox()
    to_bob = inbox.new(bob.id)
    assert "Please add the stock column" in texts(to_bob)

    # -- Bob delivers again -------------------------------------------------------------------
    await h.say(bob, f"/deliver {order.id}")
    second_file, _ = await h.send_file(bob, "prices_v2.csv")
    replies = await answer_form(h, bob, "Now with the stock column")
    await h.click(bob, last_with_button(replies, "Deliver"), "Deliver")
    assert store.state.orders[order.id].status is OrderStatus.DELIVERED
    inbox.new(bob.id)
    await h.deliver_outbox()
    to_alice = inbox.new(alice.id)
    assert "delivered" in texts(to_alice)

    # Alice gets the file in one tap from the notice, and from the order card: sent again
    # by its Telegram file_id.
    notice = last_with_button(to_alice, "Get prices_v2.csv")
    fetched = await h.click(alice, notice, "Get prices_v2.csv")
    assert [m.document["file_id"] for m in fetched.messages if m.document] == [
        second_file["file_id"]
    ]
    opened = await h.say(alice, f"/order {order.id}")
    got = await h.click(alice, last_with_button(opened, "file"), "file")
    files = [m.document["file_id"] for m in got.messages if m.document]
    assert files == [second_file["file_id"]]

    # -- Alice approves; both review; the reviews are revealed -----------------------------
    approve_on = last_with_button(to_alice, "Approve")
    approved = await h.click(alice, approve_on, "Approve")
    if store.state.orders[order.id].status is not OrderStatus.COMPLETED:
        await h.click(alice, last_with_button(approved.messages, "Approve"), "Approve")
    assert store.state.orders[order.id].status is OrderStatus.COMPLETED
    inbox.new(alice.id)
    await h.deliver_outbox()
    assert "completed" in texts(inbox.new(bob.id)).lower()
    inbox.new(alice.id)

    for user, rating, words in ((alice, "5", "Fast and careful."), (bob, "4", "Clear brief.")):
        replies = await answer_form(h, user, f"/review {order.id}", rating, words)
        confirm_review = last_with_button(replies, "review")
        await h.click(user, confirm_review, "review")
    reviews = [r for r in store.state.reviews.values() if r.order_id == order.id]
    assert len(reviews) == 2 and all(r.revealed_at is not None for r in reviews)
    inbox.new(alice.id)
    inbox.new(bob.id)
    await h.deliver_outbox()
    to_alice, to_bob = inbox.new(alice.id), inbox.new(bob.id)
    assert "Clear brief." in texts(to_alice)
    assert "Fast and careful." in texts(to_bob)

    # Every button press was answered exactly once, and nothing went to the wrong chat.
    assert not fake_telegram._open_callbacks
    # No message named a command Telegram does not have.
    commands = {name for router in ROUTERS for name in router.commands}
    said = [m.text for chat in (alice.id, bob.id) for m in fake_telegram.chat(chat)]
    unknown = [m.group(0) for text in said for m in COMMAND.finditer(text)
               if m.group(1) not in commands]
    assert unknown == [] and len(said) > 50
    assert set(fake_telegram.chat_log) == {alice.id, bob.id, FEED}
    assert alice_id != bob_id
