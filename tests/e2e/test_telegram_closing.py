"""Closing an account on Telegram, end to end: the real aiogram bot in long polling against the
fake Bot API. Alice's open order blocks /deleteaccount with its id; once it is done she gets
the confirmation naming what happens, Bob pressing her button is refused, her press closes the
account, and her next message starts a new one."""

from __future__ import annotations

from core.orders import orders
from core.shared.context import Context
from tests.e2e.fake_telegram import TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import publish_offer


async def test_deleteaccount_blocks_confirms_refuses_others_and_closes(
    harness: BotHarness, store: FakeStore, ctx: Context, alice: TgUser, bob: TgUser,
) -> None:
    await harness.say(alice, "/start")
    await harness.say(bob, "/start")
    buyer_id, seller_id = account_of(store, alice), account_of(store, bob)
    offer_id = await publish_offer(ctx, store.state.accounts[seller_id])
    order = await orders.order_offer(ctx, buyer_id=buyer_id, offer_id=offer_id)

    [refused] = await harness.say(alice, "/deleteaccount")
    assert "cannot be closed yet" in refused.text and f"#{order.id}" in refused.text
    assert not refused.buttons

    await orders.deliver_order(ctx, actor_id=seller_id, order_id=order.id, note="Done")
    await orders.approve_order(ctx, buyer_id=buyer_id, order_id=order.id)
    [confirm] = await harness.say(alice, "/deleteaccount")
    assert f"Close account #{buyer_id}?" in confirm.text and "cannot be undone" in confirm.text
    assert "Your 100 credits are forfeited" in confirm.text
    assert "a deleted account" in confirm.text and "Telegram" in confirm.text

    foreign = await harness.click(bob, confirm, "🗑 Close my account")
    assert foreign.alert == "Only the account this confirmation was shown to can press it."
    assert not store.state.accounts[buyer_id].is_deleted

    pressed = await harness.click(alice, confirm, "🗑 Close my account")
    assert pressed.messages == [] and confirm.edits == 1
    assert f"Account #{buyer_id} is closed" in confirm.text
    assert store.state.accounts[buyer_id].is_deleted
    assert ("telegram", str(alice.id)) not in store.state.identities

    [welcome] = await harness.say(alice, "/start")
    assert account_of(store, alice) != buyer_id
    assert "Alice" in welcome.text
    [card] = await harness.say(bob, f"/order {order.id}")
    assert "a deleted account" in card.text
