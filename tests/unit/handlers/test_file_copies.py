"""Issue 16 on the handlers layer: a chat delivery is copied into BotGig's file store when it
is submitted; a copy that cannot be made keeps the delivery with the platform's reference,
is made when a party asks for the file on the platform holding it, and elsewhere the reply
says where to get the file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.accounts.model import Account
from core.orders.files import FileOrigin, keep_delivery_copy, origin_of
from core.shared.context import Context
from core.shared.errors import PermissionDenied, ValidationFailed
from handlers.app import ChatApp
from handlers.types import IncomingAttachment, Platform
from tests.fakes import FakeStore
from tests.fakes_files import MemoryFiles, PlatformFilesFake
from tests.unit.handlers.conftest import Chat, make_user, place_order, plain


@pytest.fixture
def store_files() -> MemoryFiles:
    return MemoryFiles()


@pytest.fixture
def copying(ctx: Context, store_files: MemoryFiles) -> Context:
    return replace(ctx, files=store_files, file_copies=store_files)


@pytest.fixture
def telegram_files() -> PlatformFilesFake:
    return PlatformFilesFake(contents={"file-report.pdf": b"%PDF-1.7 report"})


def delivered(store: FakeStore, order_id: int) -> str:
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    assert delivery.attachment is not None
    return delivery.attachment.ref


async def deliver_file(seller: Chat, order_id: int) -> None:
    await seller.send(f"/deliver {order_id}")
    await seller.upload("report.pdf")
    await seller.send("skip")
    await seller.press("Deliver")
    assert "Delivered" in plain(seller.last)


async def test_a_delivered_file_is_copied_into_the_store(
    copying: Context, store: FakeStore, store_files: MemoryFiles,
    telegram_files: PlatformFilesFake, alice: Account, bob: Account,
) -> None:
    app = ChatApp(copying)
    order_id = await place_order(copying, alice, bob)
    await deliver_file(Chat(app, bob, files=telegram_files), order_id)
    ref = delivered(store, order_id)
    assert ref.startswith(f"file:order-{order_id}/") and telegram_files.fetched == [
        "file-report.pdf"
    ]
    assert store_files.stored[ref] == b"%PDF-1.7 report"
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    assert delivery.attachment is not None and delivery.attachment.size == 15

    # The buyer on Discord gets the stored file itself.
    buyer = Chat(app, alice, platform=Platform.DISCORD)
    await buyer.send(f"/order {order_id}")
    [reply] = await buyer.press("Get the file")
    assert [(a.ref, a.name) for a in reply.attachments] == [(ref, "report.pdf")]


async def test_a_message_file_is_copied_too(
    copying: Context, store: FakeStore, telegram_files: PlatformFilesFake,
    alice: Account, bob: Account,
) -> None:
    app = ChatApp(copying)
    order_id = await place_order(copying, alice, bob)
    sample = IncomingAttachment(ref="file-sample.csv", name="sample.csv", size=9)
    await Chat(app, bob, files=telegram_files).send(f"/msg {order_id} rows",
                                                   attachments=(sample,))
    [message] = [m for m in store.state.messages if m.order_id == order_id]
    assert message.text == "rows" and message.attachment is not None
    assert origin_of(message.attachment.ref) is FileOrigin.STORED


async def test_without_a_store_or_over_the_limit_nothing_is_fetched(
    ctx: Context, copying: Context, store: FakeStore, alice: Account, bob: Account,
) -> None:
    fetcher = PlatformFilesFake()
    order_id = await place_order(ctx, alice, bob)
    await deliver_file(Chat(ChatApp(ctx), bob, files=fetcher), order_id)
    assert delivered(store, order_id) == "file-report.pdf" and fetcher.fetched == []

    # The upload says 10 bytes; a platform that fetches at most 5 is not asked.
    small = PlatformFilesFake(limit=5)
    other = await place_order(copying, alice, bob)
    await deliver_file(Chat(ChatApp(copying), bob, files=small), other)
    assert delivered(store, other) == "file-report.pdf" and small.fetched == []


async def test_a_failed_copy_keeps_the_delivery_and_is_made_when_asked_on_telegram(
    copying: Context, store: FakeStore, telegram_files: PlatformFilesFake,
    alice: Account, bob: Account,
) -> None:
    app = ChatApp(copying)
    order_id = await place_order(copying, alice, bob)
    telegram_files.down = True
    seller = Chat(app, bob, files=telegram_files)
    await deliver_file(seller, order_id)
    assert delivered(store, order_id) == "file-report.pdf"  # the delivery stands

    # On Discord: where to get it, and no file.
    buyer = Chat(app, alice, platform=Platform.DISCORD)
    await buyer.send(f"/order {order_id}")
    [note] = await buyer.press("Get the file")
    assert note.attachments == ()
    text = plain([note])
    assert "report.pdf from order" in text and "kept on Telegram only" in text
    assert f"/api/orders/{order_id}/deliveries/" in text

    # Telegram answers again; the seller opens the file there: the copy is made and kept.
    telegram_files.down = False
    await seller.send(f"/order {order_id}")
    [sent] = await seller.press("Get the file")
    assert origin_of(delivered(store, order_id)) is FileOrigin.STORED
    assert [a.ref for a in sent.attachments] == [delivered(store, order_id)]
    await buyer.send(f"/order {order_id}")
    [reply] = await buyer.press("Get the file")
    assert [a.ref for a in reply.attachments] == [delivered(store, order_id)]


async def test_recording_a_copy_is_for_the_parties_and_idempotent(
    copying: Context, store: FakeStore, alice: Account, bob: Account,
) -> None:
    order_id = await place_order(copying, alice, bob)
    await deliver_file(Chat(ChatApp(copying), bob), order_id)
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    stranger = await make_user(copying, "9", "Mallory", "mallory")
    with pytest.raises(PermissionDenied):
        await keep_delivery_copy(copying, actor_id=stranger.id, order_id=order_id,
                                 delivery_id=delivery.id, ref="file:order-1/x", size=1)
    with pytest.raises(ValidationFailed):
        await keep_delivery_copy(copying, actor_id=alice.id, order_id=order_id,
                                 delivery_id=delivery.id, ref="https://evil.example/x", size=1)
    assert delivered(store, order_id) == "file-report.pdf"
    first = await keep_delivery_copy(copying, actor_id=alice.id, order_id=order_id,
                                     delivery_id=delivery.id, ref="file:order-1/a", size=3)
    again = await keep_delivery_copy(copying, actor_id=bob.id, order_id=order_id,
                                     delivery_id=delivery.id, ref="file:order-1/b", size=3)
    assert first.attachment == again.attachment
    assert delivered(store, order_id) == "file:order-1/a"
