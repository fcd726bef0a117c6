"""Issue 16: a file delivered on one chat platform is a real file on the other.

The seller delivers on Telegram (the real aiogram bot against ``FakeTelegram``) or on
Discord (the real discord.py bot on the Discord fake); the bot fetches the file from its
platform (``getFile`` + download; the attachment's CDN bytes) into BotGig's file store, so
the buyer on the other platform gets it uploaded from the delivery notice in one tap, and
the API serves it. A copy that is too large or fails keeps the delivery (with the
platform's reference and the name), says where to get it, and is made when a party asks
for the file on the platform holding it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.files import FileStore
from bots.discord.app import DiscordFrontEnd
from bots.telegram import files as telegram_files
from core.orders.files import FileOrigin, origin_of
from core.shared.context import Context
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord, Sent, upload
from tests.e2e.fake_telegram import BotMessage, FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import place_order

BOB = TgUser(2002, "Bob", "bob_tg", "en")
ALICE = TgUser(2001, "Alice", "alice_tg", "en")
MB = 1024 * 1024


@pytest.fixture
def file_store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "uploads", max_bytes=50 * MB)


@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock, file_store: FileStore) -> Context:
    """One deployment: both front ends share BotGig's file store (BOTGIG_DATA_DIR)."""
    return Context(uow=store, clock=clock, files=file_store, file_copies=file_store)


async def dispatch(
    store: FakeStore, tg: BotHarness, front: DiscordFrontEnd, seen: list[int]
) -> None:
    """The outbox dispatcher's job: every new event to both notifiers."""
    assert tg.notifier is not None
    events = store.outbox[seen[0] :]
    seen[0] = len(store.outbox)
    for event in events:
        await tg.notifier.deliver(event)
        await front.notifier.deliver(event)


def account(store: FakeStore, provider: str, user_id: int) -> int:
    return store.state.identities[(provider, str(user_id))].account_id


def tg_with(messages: list[BotMessage], label: str) -> BotMessage:
    found = [m for m in messages if m.has_button(label)]
    assert found, [m.text for m in messages]
    return found[-1]


def dc_with(messages: list[Sent], label: str) -> Sent:
    found = [m for m in messages if m.has_button(label)]
    assert found, [m.text for m in messages]
    return found[-1]


async def telegram_seller_order(
    ctx: Context, store: FakeStore, tg: BotHarness, d: DiscordTester, buyer: DUser
) -> int:
    await tg.say(BOB, "/start")
    await d.slash(buyer, "help")
    seller = store.state.accounts[account(store, "telegram", BOB.id)]
    customer = store.state.accounts[account(store, "discord", buyer.id)]
    return await place_order(ctx, customer, seller)


async def telegram_delivers(tg: BotHarness, order_id: int, document: dict[str, object]) -> None:
    await tg.say(BOB, f"/deliver {order_id}")
    replies = await tg.say(BOB, None, document=document)
    skipped = await tg.click(BOB, tg_with(replies, "Skip"), "Skip")
    done = await tg.click(BOB, tg_with(skipped.messages, "Deliver"), "Deliver")
    assert "Delivered" in "\n".join(m.text for m in done.messages)


def delivered_ref(store: FakeStore, order_id: int) -> str:
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    assert delivery.attachment is not None
    return delivery.attachment.ref


async def test_a_telegram_delivery_reaches_the_discord_buyer_as_an_uploaded_file(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    file_store: FileStore, erin: DUser,
) -> None:
    order_id = await telegram_seller_order(ctx, store, tg, discord_bot, erin)
    document = telegram.new_file("prices.csv", size=40, mime="text/csv")
    await telegram_delivers(tg, order_id, document)
    # The bot fetched it from Telegram (getFile, then the file) into BotGig's store.
    assert [c.params["file_id"] for c in telegram.calls_of("getFile")] == [document["file_id"]]
    ref = delivered_ref(store, order_id)
    assert origin_of(ref) is FileOrigin.STORED
    content = b"fake file content: documents/" + str(document["file_id"]).encode()
    assert file_store.read(ref, MB) == content

    await dispatch(store, tg, front, [0])
    notice = dc_with(fake_discord.dms(erin), "Get prices.csv")
    assert "prices.csv" in notice.text
    since = len(fake_discord.calls)
    got = await discord_bot.press(erin, notice, "Get prices.csv")
    [file] = [m for m in got.messages if m.files]
    assert file.files == [("prices.csv", content)]
    assert "another platform" not in got.text and "kept on Telegram" not in got.text
    # The press showed "thinking…" first (the file is a slow reply).
    callbacks = [c.payload for c in fake_discord.calls[since:] if c.path.endswith("/callback")]
    assert [c["type"] for c in callbacks] == [5]

    # The seller still gets it on Telegram: uploaded from the store.
    card = await tg.say(BOB, f"/order {order_id}")
    again = await tg.click(BOB, tg_with(card, "file"), "file")
    [sent] = [m for m in again.messages if m.document]
    assert telegram.uploads[sent.document["file_id"]] == content  # type: ignore[index]


async def test_a_discord_delivery_reaches_the_telegram_buyer_as_an_uploaded_file(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    dana: DUser,
) -> None:
    await discord_bot.slash(dana, "help")
    await tg.say(ALICE, "/start")
    seller = store.state.accounts[account(store, "discord", dana.id)]
    buyer = store.state.accounts[account(store, "telegram", ALICE.id)]
    order_id = await place_order(ctx, buyer, seller)
    csv = upload("rows.csv", size=24)
    fake_discord.cdn[csv["url"]] = b"sku,price\nA1,9.99\nB2,4\n"
    started = await discord_bot.slash(dana, "order deliver", order=order_id, file=csv)
    skipped = await discord_bot.press(dana, started.last_with("Skip"), "Skip")
    done = await discord_bot.press(dana, skipped.last_with("Deliver"), "Deliver")
    assert "Delivered" in done.text
    assert origin_of(delivered_ref(store, order_id)) is FileOrigin.STORED

    await dispatch(store, tg, front, [0])
    notice = tg_with(telegram.chat(ALICE.id), "Get rows.csv")
    got = await tg.click(ALICE, notice, "Get rows.csv")
    [sent] = [m for m in got.messages if m.document]
    # Uploaded through the Bot API (multipart), not a Discord URL Telegram would fetch.
    file_id = sent.document["file_id"]  # type: ignore[index]
    assert telegram.uploads[file_id] == b"sku,price\nA1,9.99\nB2,4\n"
    assert telegram.calls_of("sendChatAction")  # "sending a file…" first


async def test_a_file_too_large_to_copy_stays_on_telegram_and_says_where_to_get_it(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    erin: DUser,
) -> None:
    order_id = await telegram_seller_order(ctx, store, tg, discord_bot, erin)
    # Over the 20 MB a bot may download: no getFile at all, the delivery keeps the file id.
    document = telegram.new_file("footage.zip", size=25 * MB, mime="application/zip")
    await telegram_delivers(tg, order_id, document)
    assert telegram.calls_of("getFile") == []
    assert delivered_ref(store, order_id) == document["file_id"]

    await dispatch(store, tg, front, [0])
    got = await discord_bot.press(erin, dc_with(fake_discord.dms(erin), "Get footage.zip"),
                                  "Get footage.zip")
    assert [m for m in got.messages if m.files] == []
    assert "footage.zip from order" in got.text and "kept on Telegram only" in got.text
    assert f"/api/orders/{order_id}/deliveries/" in got.text
    # On Telegram the file id still works.
    card = await tg.say(BOB, f"/order {order_id}")
    again = await tg.click(BOB, tg_with(card, "file"), "file")
    sent = [m.document["file_id"] for m in again.messages if m.document]
    assert sent == [document["file_id"]]


async def test_a_failed_copy_is_made_by_the_telegram_notifier_moments_later(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    erin: DUser,
) -> None:
    order_id = await telegram_seller_order(ctx, store, tg, discord_bot, erin)
    document = telegram.new_file("report.pdf", size=300)
    file_id = str(document["file_id"])
    # Telegram does not know the file for a moment: getFile fails when it is delivered.
    real = telegram.files.pop(file_id)
    await telegram_delivers(tg, order_id, document)
    assert delivered_ref(store, order_id) == file_id  # the delivery stands, with its name
    telegram.files[file_id] = real

    # The Telegram notifier sends the delivery's event and copies the file first.
    await dispatch(store, tg, front, [0])
    assert origin_of(delivered_ref(store, order_id)) is FileOrigin.STORED
    got = await discord_bot.press(erin, dc_with(fake_discord.dms(erin), "Get report.pdf"),
                                  "Get report.pdf")
    [file] = [m for m in got.messages if m.files]
    assert file.files == [("report.pdf", b"fake file content: documents/" + file_id.encode())]


async def test_a_copy_failing_for_longer_is_made_when_asked_on_telegram(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    erin: DUser,
) -> None:
    order_id = await telegram_seller_order(ctx, store, tg, discord_bot, erin)
    document = telegram.new_file("report.pdf", size=300)
    file_id = str(document["file_id"])
    real = telegram.files.pop(file_id)
    await telegram_delivers(tg, order_id, document)
    await dispatch(store, tg, front, [0])  # still failing: the notice goes out anyway
    assert delivered_ref(store, order_id) == file_id
    telegram.files[file_id] = real

    notice = dc_with(fake_discord.dms(erin), "Get report.pdf")
    first = await discord_bot.press(erin, notice, "Get report.pdf")
    assert "kept on Telegram only" in first.text and not any(m.files for m in first.messages)

    # The seller opens the file on Telegram: the copy is made then, and recorded.
    card = await tg.say(BOB, f"/order {order_id}")
    await tg.click(BOB, tg_with(card, "file"), "file")
    assert origin_of(delivered_ref(store, order_id)) is FileOrigin.STORED
    second = await discord_bot.press(erin, notice, "Get report.pdf")
    [file] = [m for m in second.messages if m.files]
    assert file.files == [("report.pdf", b"fake file content: documents/" + file_id.encode())]


async def test_a_stored_file_over_telegrams_upload_limit_is_named_with_the_limit(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    dana: DUser, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await discord_bot.slash(dana, "help")
    await tg.say(ALICE, "/start")
    seller = store.state.accounts[account(store, "discord", dana.id)]
    buyer = store.state.accounts[account(store, "telegram", ALICE.id)]
    order_id = await place_order(ctx, buyer, seller)
    video = upload("demo.mp4", size=4096)
    fake_discord.cdn[video["url"]] = b"v" * 4096
    started = await discord_bot.slash(dana, "order deliver", order=order_id, file=video)
    skipped = await discord_bot.press(dana, started.last_with("Skip"), "Skip")
    await discord_bot.press(dana, skipped.last_with("Deliver"), "Deliver")
    # Telegram takes 50 MB from a bot; a smaller limit stands in for a larger file.
    monkeypatch.setattr(telegram_files, "UPLOAD_LIMIT", 1024)
    await dispatch(store, tg, front, [0])
    got = await tg.click(ALICE, tg_with(telegram.chat(ALICE.id), "Get demo.mp4"), "Get demo.mp4")
    assert not any(m.document for m in got.messages)
    text = "\n".join(m.text for m in got.messages)
    assert "demo.mp4 is larger than the" in text and "through the API" in text


async def test_a_file_relayed_into_a_discord_dm_shows_typing_first(
    ctx: Context, store: FakeStore, tg: BotHarness, telegram: FakeTelegram,
    discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
    erin: DUser,
) -> None:
    order_id = await telegram_seller_order(ctx, store, tg, discord_bot, erin)
    await tg.say(BOB, f"/msg {order_id} the sample")
    sample = telegram.new_file("sample.txt", size=20, mime="text/plain")
    await tg.say(BOB, None, document=sample, caption=f"/msg {order_id} first rows")
    await dispatch(store, tg, front, [0])
    [relayed] = [m for m in fake_discord.dms(erin) if m.files]
    assert relayed.files[0][0] == "sample.txt"
    assert fake_discord.typing == [relayed.channel_id]
