"""Issue 16 items tested on the handlers layer, played again through both front ends' fakes:
the real aiogram bot on the fake Bot API and the real discord.py bot on the Discord fake.

* ``/profile @name`` finds a user by their platform username (Telegram username, Discord
  name) when they have no BotGig username, from either platform;
* the delivery form's ◀ Back on its first step keeps the attached file ("✔ Keep it and go
  on"), and the delivery carries it.
"""

from __future__ import annotations

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
