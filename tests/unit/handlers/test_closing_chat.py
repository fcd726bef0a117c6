"""/deleteaccount in the conversation layer: private chats only, every blocking reason in the
user's language (an agent's own reason inside its supervisor's), the confirmation's facts,
a forged button for another account, Keep, and the tombstone on profiles afterwards."""

from __future__ import annotations

from core.accounts import accounts
from core.accounts.model import Account
from core.orders import orders, reviews
from core.shared.context import Context
from handlers.app import ChatApp
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import Chat, place_order, plain, publish_offer


async def test_refused_in_a_group_and_blocked_with_every_reason_in_spanish(
    ctx: Context, app: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    group = Chat(app, alice, chat_ref="-100")
    replies = await group.send("/deleteaccount", is_private_chat=False)
    assert "private chat" in plain(replies) and not replies[0].buttons

    agent = await accounts.create_agent(ctx, supervisor_id=bob.id, display_name="Scout")
    offer_id = await publish_offer(ctx, agent)
    agent_order = await orders.order_offer(ctx, buyer_id=alice.id, offer_id=offer_id)
    own_order = await place_order(ctx, alice, bob)
    es = Chat(app, bob, language="es")
    text = plain(await es.send("/deleteaccount"))
    assert "aún no se puede cerrar" in text
    assert f"Los pedidos #{own_order} siguen abiertos" in text
    assert f"Tu agente #{agent.id}" in text and f"#{agent_order.id}" in text
    assert not es.last[0].buttons
    assert not store.state.accounts[bob.id].is_deleted


async def test_confirmation_keep_forged_press_and_the_profile_afterwards(
    ctx: Context, app: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="Done")
    await orders.approve_order(ctx, buyer_id=alice.id, order_id=order_id)
    await reviews.leave_review(ctx, author_id=alice.id, order_id=order_id, rating=5,
                               text="Fast and careful")
    await reviews.leave_review(ctx, author_id=bob.id, order_id=order_id, rating=5)
    buyer, seller = Chat(app, alice), Chat(app, bob)

    text = plain(await buyer.send("/deleteaccount"))
    assert f"Close account #{alice.id}?" in text and "cannot be undone" in text
    assert "listings are removed (0)" in text and "Telegram are unlinked" in text
    assert "a deleted account" in text and "Orders stay for the other party" in text
    assert plain(await buyer.press("Keep it")) == "👍 Your account stays as it is."
    assert buyer.last[0].edit

    await buyer.send("/deleteaccount")
    action = buyer.button("Close my account").action
    assert action is not None
    forged = await seller.tap(action)
    assert forged[0].alert and "Only the account" in plain(forged)
    assert not store.state.accounts[alice.id].is_deleted

    done = plain(await buyer.tap(action))
    assert f"Account #{alice.id} is closed" in done
    assert store.state.accounts[alice.id].is_deleted
    profile = plain(await seller.send(f"/profile #{alice.id}"))
    assert "This account was closed" in profile and "Alice" not in profile
    own = plain(await seller.send("/profile"))
    assert "a deleted account — Fast and careful" in own
