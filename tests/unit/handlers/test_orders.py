"""Orders in chat: cards, the workflow buttons, stale and foreign presses, the relay of
messages both ways with bot/human labels, reviews."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.orders import orders, reviews
from core.orders.model import OrderStatus
from core.shared.context import Context
from core.shared.errors import Conflict
from handlers.app import ChatApp
from handlers.types import Platform
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import (
    Chat,
    Press,
    Tap,
    Upload,
    buttons,
    make_user,
    place_order,
    plain,
    publish_offer,
    verify_dialog,
)


def labels(chat: Chat) -> list[str]:
    return [b.label for b in buttons(chat.last)]


async def test_order_card_shows_terms_countdown_trust_timeline_and_actions(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account, clock: FakeClock
) -> None:
    order_id = await place_order(ctx, alice, bob)
    clock.advance(timedelta(hours=20))
    await verify_dialog(
        buyer,
        [
            (
                f"/order {order_id}",
                (
                    f"Support inbox triage · order #{order_id}",
                    "in progress",
                    "$150.00 · paid off-platform",
                    "due in 2d 4h",
                    "Seller: 👤 @bob · trust",
                    "Buyer: 👤 @alice · trust",
                    "🤖 80% automated · 👤 20% human review",
                    "Revisions used: 0 of 1",
                    "Timeline",
                    "ordered · @alice",
                ),
            )
        ],
    )
    assert "📦 Deliver" not in labels(buyer)
    assert {"✖ Cancel order", "⚠️ Dispute", "💬 Message"} <= set(labels(buyer))
    await seller.send(f"/order {order_id}")
    assert {"📦 Deliver", "✖ Cancel order", "⚠️ Dispute", "💬 Message"} <= set(labels(seller))
    clock.advance(timedelta(days=3))
    await verify_dialog(seller, [(f"/order {order_id}", "overdue by 20h")])
    await verify_dialog(buyer, [("/orders", ("1 active", f"#{order_id}", "you are the buyer"))])


async def test_deliver_revise_deliver_approve_review(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await verify_dialog(
        seller,
        [
            (f"/deliver {order_id}", ("Delivery · 1/", "a file, a link")),
            ("   ", ("Send a file, a link or a note", "1/")),
            ("https://x.io/result.csv", "Add a note"),
            ("All 500 pages", ("Result: https://x.io/result.csv", "Note: All 500 pages")),
            (Press("Deliver"), ("Delivered order", "delivered", "Latest delivery by 👤 @bob")),
        ],
    )
    await verify_dialog(
        buyer,
        [
            (f"/order {order_id}", ("x.io/result.csv", "All 500 pages")),
            (Press("Request revision"), "What should change?"),
            ("Add the stock column please", "check and confirm"),
            (Press("Request revision"), ("Revision requested", "in progress", "1 of 1")),
        ],
    )
    await verify_dialog(
        seller,
        [
            (Tap(f"ord:deliver:{order_id}"), "1/"),
            (Upload("stock.csv", "Now with stock"), ("Add a note", "Optional: up to 4000")),
            (Press("Skip"), ("📎 stock.csv", "Note: skipped")),
            ("yes", ("Delivered order", "📎 stock.csv")),
        ],
    )
    await buyer.send(f"/order {order_id}")
    assert "🔁 Request revision" not in labels(buyer)
    await verify_dialog(
        buyer,
        [
            (Press("Get the file"), "stock.csv"),
            (Tap(f"ord:revise:{order_id}"), "included revision of order"),
            (f"/revise {order_id} more please", "included revision(s) are used"),
            (f"/approve {order_id}", ("approved and completed", "completed")),
        ],
    )
    assert buyer.last[0].attachments == ()
    assert "⭐ Leave a review" in labels(buyer)
    await verify_dialog(
        buyer,
        [
            (Press("Leave a review"), ("Review order", "1 to 5 stars")),
            ("6", "not one of the options"),
            (Press("⭐⭐⭐⭐⭐"), "A few words"),
            ("Fast and <precise>", ("Rating: ⭐⭐⭐⭐⭐", "Review: Fast and <precise>")),
            (Press("Submit review"), "double-blind"),
            (f"/review {order_id}", "reviewed order"),
        ],
    )
    await verify_dialog(seller, [(f"/review {order_id} 4 Clear brief", "double-blind")])
    revealed = await reviews.reviews_about(ctx, account_id=bob.id)
    assert [r.rating for r, _ in revealed] == [5]


async def test_file_button_sends_the_attachment(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await seller.send(f"/deliver {order_id}")
    await seller.upload("report.pdf")
    await seller.send("skip")
    await seller.send("yes")
    await buyer.send(f"/order {order_id}")
    replies = await buyer.press("Get the file")
    assert replies[0].attachments[0].ref == "file-report.pdf"
    assert replies[0].attachments[0].name == "report.pdf"


async def test_stale_buttons_alert_and_change_nothing(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="Done")
    await buyer.send(f"/order {order_id}")
    approve = buyer.button("Approve").action
    revise = buyer.button("Request revision").action
    assert approve and revise
    await buyer.tap(approve)
    events = len(store.outbox)
    for action in (approve, revise, f"ord:deliver:{order_id}", f"ord:dispute:{order_id}"):
        replies = await buyer.tap(action)
        assert replies[0].alert, action
        assert "completed" in plain(replies), action
    for action in (f"ord:deliver:{order_id}", f"ord:cancel:{order_id}"):
        replies = await seller.tap(action)
        assert replies[0].alert
    assert len(store.outbox) == events
    assert buyer.app is seller.app


async def test_foreign_buttons_and_commands_change_nothing(
    ctx: Context, app: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    mallory = Chat(app, await make_user(ctx, "66", "Mallory", "mallory"))
    events = len(store.outbox)
    for action in (
        f"ord:open:{order_id}",
        f"ord:approve:{order_id}",
        f"ord:deliver:{order_id}",
        f"ord:msg:{order_id}",
        f"ord:cancelok:{order_id}",
        f"ord:signoff:{order_id}",
        f"ord:review:{order_id}",
        f"ord:file:{order_id}:1",
    ):
        replies = await mallory.tap(action)
        assert replies[0].alert, action
        assert "not a party" in plain(replies) or "Only" in plain(replies), action
    for command in (f"/order {order_id}", f"/msg {order_id} hi", f"/approve {order_id}"):
        assert "not a party" in plain(await mallory.send(command)), command
    assert len(store.outbox) == events
    order = await orders.get_order(ctx, order_id=order_id, viewer_id=alice.id)
    assert order.order.status is OrderStatus.IN_PROGRESS
    assert await mallory.send("hello") == mallory.last
    assert "I did not get that" in plain(mallory.last)


async def test_malformed_button_is_no_longer_valid(buyer: Chat) -> None:
    for action in ("garbage", "ord:approve", "ord:approve:abc", "zzz:yyy:1", "x" * 70):
        replies = await buyer.tap(action)
        assert replies[0].alert
        assert "This button is no longer valid" in replies[0].text


async def test_dispute_and_cancel(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await verify_dialog(
        buyer,
        [
            (Tap(f"ord:cancel:{order_id}"), "Work in progress is cancelled only when both"),
            (Press("Yes, cancel"), ("asked to cancel", "@alice asked to cancel")),
            (f"/cancelorder {order_id}", "You asked to cancel already"),
        ],
    )
    await verify_dialog(seller, [(f"/cancelorder {order_id} fine by me", "is cancelled")])
    second = await place_order(ctx, alice, bob)
    await verify_dialog(
        buyer,
        [
            (f"/dispute {second}", "What went wrong?"),
            ("too short", "at least 10 characters"),
            ("The seller stopped answering for days.", "check and confirm"),
            (Press("Open dispute"), ("Dispute opened", "disputed", "Dispute opened by @alice")),
            (f"/dispute {second} again and again", "is ⚠️ disputed"),
        ],
    )
    disputed = [e for e in store.outbox if e.type == "order.disputed"]
    assert disputed and disputed[0].channels == ("admin",)
    third = await place_order(ctx, alice, bob)
    await verify_dialog(
        seller, [(f"/dispute {third} Buyer never sent the access", "Dispute opened")]
    )


async def test_relay_both_ways_with_labels(
    ctx: Context,
    app: ChatApp,
    buyer: Chat,
    seller: Chat,
    alice: Account,
    bob: Account,
    store: FakeStore,
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await buyer.send(f"/order {order_id}")
    await verify_dialog(
        buyer,
        [
            (Press("Message"), ("in order", "anything you type goes to @bob")),
            ("Hi Bob, the <inbox> is ready", f"Sent to order #{order_id}"),
        ],
    )
    event = store.outbox[-1]
    assert event.type == "message.received"
    notes = await app.render(event)
    assert [n.account_id for n in notes] == [bob.id]
    note = notes[0]
    assert note.order_id == order_id
    assert "👤 @alice" in note.text and "the &lt;inbox&gt; is ready" in note.text
    # Bob's front end sent it as message 555 in his chat and remembers it.
    await app.remember_relay("telegram", seller.chat_ref, "555", order_id)
    await verify_dialog(seller, [("Thanks, starting now", "I did not get that")])
    replies = await seller.send("Thanks, starting now", reply_to_ref="555")
    assert f"Sent to order #{order_id}" in plain(replies)
    back = await app.render(store.outbox[-1])
    assert back[0].account_id == alice.id and "👤 @bob" in back[0].text
    assert "Thanks, starting now" in back[0].text
    # Leaving the order chat: /order or /cancel.
    await verify_dialog(buyer, [("/order", "You left order"), ("still there?", "I did not get")])
    await buyer.tap(f"ord:msg:{order_id}")
    await verify_dialog(buyer, [("/cancel", "You left order"), ("/cancel", "nothing to cancel")])
    # A relay reference from another chat is not this chat's.
    other_chat = Chat(app, bob, chat_ref="777")
    await verify_dialog(other_chat, [("hello?", "I did not get that")])
    assert (await other_chat.send("hello?", reply_to_ref="555")) == other_chat.last
    assert "I did not get" in plain(other_chat.last)


async def test_relay_warns_about_redacted_secrets_and_relays_files(
    ctx: Context, buyer: Chat, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await buyer.tap(f"ord:msg:{order_id}")
    await verify_dialog(
        buyer,
        [
            ("my password: hunter2", ("Sent", "Removed before delivery: password")),
            (f"/msg {order_id} key sk_live_abcdefghijklmnop", "API key"),
            (Upload("brief.pdf", "The brief"), "Sent"),
        ],
    )
    messages = [e for e in store.outbox if e.type == "message.received"]
    assert "hunter2" not in messages[0].payload["text"]
    assert messages[-1].payload["attachment"] == "brief.pdf"


async def test_messages_on_a_cancelled_order_are_closed(
    ctx: Context, buyer: Chat, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await orders.cancel_order(ctx, actor_id=alice.id, order_id=order_id)
    await orders.cancel_order(ctx, actor_id=bob.id, order_id=order_id)
    await verify_dialog(buyer, [(Tap(f"ord:msg:{order_id}"), "messages are closed")])
    assert buyer.last[0].alert
    await verify_dialog(buyer, [(f"/msg {order_id} hello", "messages are closed")])


async def test_agent_delivery_signed_off_by_the_supervisor(
    ctx: Context,
    app: ChatApp,
    buyer: Chat,
    seller: Chat,
    alice: Account,
    bob: Account,
    store: FakeStore,
) -> None:
    agent = await accounts.create_agent(ctx, supervisor_id=bob.id, display_name="Scout")
    offer_id = await publish_offer(ctx, agent, requires_signoff=True, bot_pct=95)
    order = await orders.order_offer(ctx, buyer_id=alice.id, offer_id=offer_id)
    await orders.send_message(ctx, actor_id=agent.id, order_id=order.id, text="Working on it")
    note = await app.render(store.outbox[-1])
    assert {n.account_id for n in note} == {alice.id, bob.id}
    assert all("🤖 agent Scout · supervised by @bob" in n.text for n in note)
    await orders.deliver_order(ctx, actor_id=agent.id, order_id=order.id, note="First pass")
    await verify_dialog(
        seller,
        [
            (f"/order {order.id}", ("awaiting supervisor sign-off", "Not yet reviewed by a human")),
            (Press("Send back"), "What must the agent fix"),
            ("Check the totals", "check and confirm"),
            (Press("Send back"), ("sent back", "in progress")),
        ],
    )
    await orders.deliver_order(ctx, actor_id=agent.id, order_id=order.id, note="Second pass")
    await verify_dialog(
        seller,
        [(Tap(f"ord:signoff:{order.id}"), ("signed off", "Reviewed by the supervisor"))],
    )
    await verify_dialog(
        buyer,
        [
            (
                f"/order {order.id}",
                ("🤖 agent Scout · supervised by @bob", "Second pass", "delivered"),
            )
        ],
    )
    await verify_dialog(buyer, [(Tap(f"ord:signoff:{order.id}"), "not possible")])


async def test_discord_and_telegram_share_the_order(
    ctx: Context, app: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    discord = Chat(app, bob, platform=Platform.DISCORD, chat_ref="dm-9")
    await app.remember_relay("discord", "dm-9", "m1", order_id)
    replies = await discord.send("Hello from Discord", reply_to_ref="m1")
    assert "Sent" in plain(replies)
    assert store.outbox[-1].payload["text"] == "Hello from Discord"


async def test_review_needs_a_completed_order(
    ctx: Context, buyer: Chat, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await verify_dialog(buyer, [(f"/review {order_id}", "reviews open once it is completed")])


async def test_new_process_serves_the_in_order_state(
    ctx: Context, store: FakeStore, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await Chat(ChatApp(ctx), alice).tap(f"ord:msg:{order_id}")
    restarted = Chat(ChatApp(Context(uow=store, clock=FakeClock())), alice)
    await verify_dialog(restarted, [("still here", f"Sent to order #{order_id}")])


@pytest.mark.parametrize("included", [0, 1])
async def test_the_revision_button_shows_exactly_when_the_engine_accepts_a_revision(
    ctx: Context, buyer: Chat, alice: Account, bob: Account, included: int
) -> None:
    offer_id = await publish_offer(ctx, bob, revisions_included=included)
    order = await orders.order_offer(ctx, buyer_id=alice.id, offer_id=offer_id)
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, note="All done")
    await buyer.send(f"/order {order.id}")
    shown = "🔁 Request revision" in labels(buyer)
    try:
        await orders.request_revision(ctx, buyer_id=alice.id, order_id=order.id, note="More")
        accepted = True
    except Conflict:
        accepted = False
    assert shown is accepted is (included > 0)
