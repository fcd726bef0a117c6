"""Discord notifications: DMs to the accounts that get them on Discord, the fallback when a
user's DMs are closed (403), and /inbox — no notification is lost and nothing private is
posted in the channel."""

from __future__ import annotations

from bots.discord.app import DiscordFrontEnd
from core.orders import orders
from core.shared.context import Context
from core.shared.events import DomainEvent
from tests.discord.conftest import NOTICE_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import place_order


def account_of(store: FakeStore, user: DUser) -> int:
    return store.state.identities[("discord", str(user.id))].account_id


async def deliver_all(front: DiscordFrontEnd, store: FakeStore, since: int = 0) -> int:
    for event in store.outbox[since:]:
        await front.notifier.deliver(event)
    return len(store.outbox)


async def test_a_dm_with_buttons_that_work(
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    store: FakeStore, ctx: Context, dana: DUser, erin: DUser,
) -> None:
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    seller = store.state.accounts[account_of(store, dana)]
    buyer = store.state.accounts[account_of(store, erin)]
    order_id = await place_order(ctx, buyer, seller)
    await deliver_all(front, store)
    [told] = fake_discord.dms(dana)
    assert f"#{order_id}" in told.text and told.embeds
    assert fake_discord.dms(erin) == []  # the buyer's own action is not notified
    opened = await discord_bot.press(dana, told, "Message")
    assert "Erin" in opened.text
    # In the DM, plain text goes to the order; replying to a relayed message too.
    ack = await discord_bot.dm(dana, "Starting now")
    assert "Sent" in ack.text
    since = len(store.outbox)
    await deliver_all(front, store, since - 1)
    [relayed] = [m for m in fake_discord.dms(erin) if "Starting now" in m.text]
    answer = await discord_bot.dm(erin, "Thanks!", reply_to=relayed)
    assert "Sent" in answer.text
    assert [m.text for m in store.state.messages] == ["Starting now", "Thanks!"]


async def test_closed_dms_fall_back_and_lose_nothing(
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    store: FakeStore, ctx: Context, dana: DUser, erin: DUser,
) -> None:
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    seller = store.state.accounts[account_of(store, dana)]
    buyer = store.state.accounts[account_of(store, erin)]
    fake_discord.closed_dms.add(dana.id)
    order_id = await place_order(ctx, buyer, seller)
    await orders.send_message(ctx, actor_id=buyer.id, order_id=order_id,
                              text="Private: the inbox password is in the vault")
    events = list(store.outbox)
    for event in events:
        await front.notifier.deliver(event)
    for event in events:
        await front.notifier.deliver(event)  # the dispatcher retrying repeats nothing
    assert fake_discord.dms(dana) == []
    mentions = fake_discord.in_channel(NOTICE_CHANNEL)
    assert len(mentions) == 2
    notice = mentions[0]
    assert notice.content.startswith(f"<@{dana.id}>")
    assert [int(u) for u in notice.data["allowed_mentions"]["users"]] == [dana.id]
    assert notice.data["allowed_mentions"]["parse"] == []
    assert all("vault" not in m.text and f"#{order_id}" not in m.text for m in mentions)

    # The next command reminds Dana; /inbox shows everything, privately, then forgets it.
    reminded = await discord_bot.slash(dana, "balance")
    assert "/inbox" in reminded.text
    # Erin pressing Dana's button sees her own (empty) inbox, never Dana's.
    other = await discord_bot.press(erin, notice, "Show my notifications")
    assert "No notifications" in other.text and "vault" not in other.text
    shown = await discord_bot.press(dana, notice, "Show my notifications")
    assert all(m.ephemeral for m in shown.messages)
    assert f"#{order_id}" in shown.text and "vault" in shown.text
    assert shown.last_with("Message")  # the buttons came along
    empty = await discord_bot.slash(dana, "inbox")
    assert "No notifications" in empty.text

    # DMs open again: notifications arrive as DMs.
    fake_discord.closed_dms.clear()
    await orders.cancel_order(ctx, actor_id=buyer.id, order_id=order_id, reason="changed plans")
    await deliver_all(front, store, len(events))
    assert fake_discord.dms(dana)


async def test_only_the_chosen_platform_is_notified(
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    store: FakeStore, dana: DUser,
) -> None:
    await discord_bot.slash(dana, "help")
    account_id = account_of(store, dana)
    from core.accounts.model import Identity

    store.state.identities[("telegram", "55")] = Identity("telegram", "55", account_id)
    store.state.accounts[account_id].notify_platform = "telegram"
    event = DomainEvent(type="credits.adjusted", payload={"account_id": account_id,
                                                           "amount": 5, "reason": "test"},
                        recipients=(account_id,))
    await front.notifier.deliver(event)
    assert fake_discord.dms(dana) == []
    store.state.accounts[account_id].notify_platform = "discord"
    await front.notifier.deliver(DomainEvent(type="credits.adjusted", payload=event.payload,
                                             recipients=(account_id,)))
    assert len(fake_discord.dms(dana)) == 1
