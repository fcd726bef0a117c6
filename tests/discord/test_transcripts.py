"""Issue 16 items tested on the handlers layer, played again through both front ends' fakes:
the real aiogram bot on the fake Bot API and the real discord.py bot on the Discord fake.

* ``/profile @name`` finds a user by their platform username (Telegram username, Discord
  name) when they have no BotGig username, from either platform;
* the delivery form's ◀ Back on its first step keeps the attached file ("✔ Keep it and go
  on"), and the delivery carries it;
* the confirm step names the button it shows;
* a buyer's profile counts the orders completed as buyer;
* the order card's "🕒 Full timeline" button shows every event and message.
"""

from __future__ import annotations

from core.accounts import accounts
from core.orders import orders
from core.shared.context import Context
from tests.discord.fake_discord import DiscordTester, DUser, upload
from tests.discord.test_file_copies import account, tg_with
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import place_order

CAROL = TgUser(3001, "Carol", "carol_tg", "en")
BOB = TgUser(3002, "Bob", "bob_tg", "en")


async def test_profile_by_platform_username_on_both_platforms(
    store: FakeStore, tg: BotHarness, discord_bot: DiscordTester, dana: DUser, erin: DUser
) -> None:
    await tg.say(CAROL, "/start")
    await discord_bot.slash(dana, "help")
    carol_id, dana_id = account(store, "telegram", CAROL.id), account(store, "discord", dana.id)
    assert store.state.accounts[carol_id].username is None
    assert store.state.accounts[dana_id].username is None

    # On Discord: a Discord member by their Discord name, and a Telegram user by theirs.
    found = await discord_bot.slash(erin, "profile", user="@dana")
    assert "Dana" in found.text and f"#{dana_id}" in found.text
    other = await discord_bot.slash(erin, "profile", user="@carol_tg")
    assert "Carol" in other.text and f"#{carol_id}" in other.text
    missing = await discord_bot.slash(erin, "profile", user="@nobody_here")
    assert "was not found" in missing.text

    # On Telegram: the same two.
    [by_discord] = await tg.say(BOB, "/profile @dana")
    assert "Dana" in by_discord.text and f"#{dana_id}" in by_discord.text
    [by_telegram] = await tg.say(BOB, "/profile @CAROL_TG")
    assert "Carol" in by_telegram.text and f"#{carol_id}" in by_telegram.text


async def test_delivery_back_keeps_the_file_on_telegram(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram
) -> None:
    await tg.say(BOB, "/start")
    await tg.say(CAROL, "/start")
    seller = store.state.accounts[account(store, "telegram", BOB.id)]
    buyer = store.state.accounts[account(store, "telegram", CAROL.id)]
    order_id = await place_order(ctx, buyer, seller)
    await tg.say(BOB, f"/deliver {order_id}")
    document = telegram.new_file("report.pdf")
    asked = await tg.say(BOB, None, document=document)
    assert "note" in asked[-1].text.lower()
    back = await tg.click(BOB, tg_with(asked, "Back"), "Back")
    step_one = tg_with(back.messages, "Keep it and go on")
    assert "report.pdf" in step_one.text and step_one.has_button("Cancel")
    kept = await tg.click(BOB, step_one, "Keep it and go on")
    skipped = await tg.click(BOB, tg_with(kept.messages, "Skip"), "Skip")
    confirm = tg_with(skipped.messages, "Deliver")
    assert "report.pdf" in confirm.text
    done = await tg.click(BOB, confirm, "Deliver")
    assert "Delivered" in "\n".join(m.text for m in done.messages)
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    assert delivery.attachment is not None and delivery.attachment.name == "report.pdf"
    assert delivery.attachment.ref == document["file_id"]
    assert not telegram._open_callbacks  # every press was answered


async def test_delivery_back_keeps_the_file_on_discord(
    ctx: Context, store: FakeStore, discord_bot: DiscordTester, dana: DUser, erin: DUser
) -> None:
    d = discord_bot
    await d.slash(dana, "help")
    await d.slash(erin, "help")
    seller = store.state.accounts[account(store, "discord", dana.id)]
    buyer = store.state.accounts[account(store, "discord", erin.id)]
    order_id = await place_order(ctx, buyer, seller)
    csv = upload("report.csv")
    asked = await d.slash(dana, "order deliver", order=order_id, file=csv)
    back = await d.press(dana, asked.last_with("Back"), "Back")
    step_one = back.last_with("Keep it and go on")
    assert "report.csv" in back.text and step_one.has_button("Cancel")
    kept = await d.press(dana, step_one, "Keep it and go on")
    skipped = await d.press(dana, kept.last_with("Skip"), "Skip")
    assert "report.csv" in skipped.text
    done = await d.press(dana, skipped.last_with("Deliver"), "Deliver")
    assert "Delivered" in done.text
    [delivery] = [x for x in store.state.deliveries.values() if x.order_id == order_id]
    assert delivery.attachment is not None and delivery.attachment.name == "report.csv"
    assert delivery.attachment.ref == csv["url"]


async def completed_order(ctx: Context, buyer_id: int, seller_id: int) -> int:
    """An order delivered and approved through the use cases."""
    store_buyer = await accounts.find_account(ctx, reference=f"#{buyer_id}")
    store_seller = await accounts.find_account(ctx, reference=f"#{seller_id}")
    order_id = await place_order(ctx, store_buyer, store_seller)
    await orders.send_message(ctx, actor_id=buyer_id, order_id=order_id, text="Brief sent")
    for n in range(4):  # more than a card shows
        await orders.send_message(ctx, actor_id=seller_id, order_id=order_id, text=f"Step {n}")
    await orders.deliver_order(ctx, actor_id=seller_id, order_id=order_id, note="Done: rows")
    await orders.approve_order(ctx, buyer_id=buyer_id, order_id=order_id)
    return order_id


async def test_the_confirm_step_names_the_button_it_shows_on_both_platforms(
    ctx: Context, store: FakeStore, tg: BotHarness, discord_bot: DiscordTester,
    dana: DUser, erin: DUser,
) -> None:
    await tg.say(BOB, "/start")
    await tg.say(CAROL, "/start")
    tg_order = await place_order(
        ctx, store.state.accounts[account(store, "telegram", CAROL.id)],
        store.state.accounts[account(store, "telegram", BOB.id)],
    )
    await tg.say(BOB, f"/deliver {tg_order}")
    asked = await tg.say(BOB, "https://example.com/rows.csv")
    skipped = await tg.click(BOB, tg_with(asked, "Skip"), "Skip")
    confirm = tg_with(skipped.messages, "Deliver")
    [label] = [b["text"] for b in confirm.buttons if "Deliver" in b["text"]]
    [hint] = await tg.say(BOB, "maybe")
    assert f"Press {label} (or type yes)" in hint.text and hint.has_button(label)

    # On Discord, in the DM (where typing answers a form, as on Telegram).
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    dc_order = await place_order(
        ctx, store.state.accounts[account(store, "discord", erin.id)],
        store.state.accounts[account(store, "discord", dana.id)],
    )
    started = await discord_bot.slash(dana, "order deliver", order=dc_order)
    filled = await discord_bot.submit(dana, started.modal, work="https://example.com/rows.csv",
                                      note="")
    [shown] = [b["label"] for b in filled.last_with("Deliver").buttons()
               if "Deliver" in b["label"]]
    answer = await discord_bot.dm(dana, "maybe")
    assert f"Press **{shown}** (or type `yes`)" in answer.text
    assert answer.last_with(shown)


async def test_a_buyers_profile_counts_the_order_on_both_platforms(
    ctx: Context, store: FakeStore, tg: BotHarness, discord_bot: DiscordTester,
    dana: DUser, erin: DUser,
) -> None:
    await tg.say(CAROL, "/start")
    await discord_bot.slash(dana, "help")
    # Carol buys on Telegram from Dana, who sells on Discord.
    await completed_order(ctx, account(store, "telegram", CAROL.id),
                          account(store, "discord", dana.id))
    [mine] = await tg.say(CAROL, "/profile")
    assert "Completed orders: 0 as seller, 1 as buyer" in mine.text
    seen = await discord_bot.slash(erin, "profile", user="@carol_tg")
    assert "Completed orders: 0 as seller, 1 as buyer" in seen.text
    theirs = await discord_bot.slash(dana, "profile")
    assert "Completed orders: 1 as seller, 0 as buyer" in theirs.text


async def test_the_full_timeline_is_one_tap_from_the_card_on_both_platforms(
    ctx: Context, store: FakeStore, tg: BotHarness, discord_bot: DiscordTester, dana: DUser,
) -> None:
    await tg.say(CAROL, "/start")
    await discord_bot.slash(dana, "help")
    order_id = await completed_order(ctx, account(store, "telegram", CAROL.id),
                                     account(store, "discord", dana.id))
    card = await tg.say(CAROL, f"/order {order_id}")
    pressed = await tg.click(CAROL, tg_with(card, "Full timeline"), "Full timeline")
    full = "\n".join(m.text for m in pressed.messages)
    assert "full timeline" in full and "Brief sent" in full and "Step 3" in full
    assert "delivered · Dana" in full

    on_discord = await discord_bot.slash(dana, "order view", order=order_id)
    opened = await discord_bot.press(dana, on_discord.last_with("Full timeline"),
                                     "Full timeline")
    assert "full timeline" in opened.text and "Brief sent" in opened.text
