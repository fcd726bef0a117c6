"""The Telegram front end's plumbing, end to end: the real aiogram bot in long polling
against the fake Bot API server, with a stand-in conversation layer."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, LabeledPrice

from bots.telegram.app import build_bot, set_commands
from bots.telegram.pacing import Pacer
from core.accounts.model import Identity
from core.shared.context import Context
from core.shared.events import DomainEvent
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, VirtualTime, close_quickly
from tests.e2e.stub_app import StubChatApp
from tests.fakes import FakeStore


@pytest.fixture
def stub(ctx: Context) -> StubChatApp:
    return StubChatApp(ctx)


@pytest.fixture
async def harness(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, stub: StubChatApp
) -> AsyncIterator[BotHarness]:
    h = BotHarness(fake_telegram, ctx, stub, outbox=store.outbox)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()


async def test_first_contact_creates_the_account_and_maps_a_deep_link(
    harness: BotHarness, stub: StubChatApp, store: FakeStore, alice: TgUser
) -> None:
    replies = await harness.say(alice, "/start offer_12")
    assert [m.text for m in replies] == ["command start args offer_12"]
    incoming = stub.seen[-1]
    assert (incoming.command, incoming.args, incoming.chat_key) == (
        "start", "offer_12", f"telegram:{alice.id}"
    )
    assert incoming.is_private_chat and incoming.language == "en"
    identity = store.state.identities[("telegram", str(alice.id))]
    assert identity.account_id == incoming.actor_id
    assert store.state.accounts[incoming.actor_id].display_name == "Alice"
    # Second contact: the same account.
    await harness.say(alice, "/help@botgig_test_bot")
    assert stub.seen[-1].actor_id == incoming.actor_id
    assert stub.seen[-1].command == "help"
    assert len(store.state.accounts) == 1


async def test_user_html_is_shown_literally_and_replies_are_relay_targets(
    harness: BotHarness, stub: StubChatApp, alice: TgUser
) -> None:
    [reply] = await harness.say(alice, "<b>hi</b> & <script>")
    assert reply.text == "echo: <b>hi</b> & <script>"
    # The reply belonged to an order: a reply to it carries its id back.
    assert stub.relays[(str(alice.id), str(reply.message_id))] == 7
    [again] = await harness.say(alice, "more", reply_to=reply)
    assert stub.seen[-1].reply_to_ref == str(reply.message_id)
    assert again.text == f"echo: more (reply to {reply.message_id})"


async def test_commands_for_other_bots_in_groups_are_ignored(
    harness: BotHarness, stub: StubChatApp, alice: TgUser, store: FakeStore
) -> None:
    group = -100_555
    assert await harness.say(alice, "/offers@other_bot", chat_id=group) == []
    assert await harness.say(alice, "just chatting", chat_id=group) == []
    assert stub.seen == [] and store.state.accounts == {}
    [reply] = await harness.say(alice, "/offers data", chat_id=group)
    assert reply.text == "command offers args data"
    assert stub.seen[-1].is_private_chat is False


async def test_buttons_edit_the_card_and_foreign_or_stale_presses_change_nothing(
    harness: BotHarness, fake_telegram: FakeTelegram, alice: TgUser, mallory: TgUser
) -> None:
    [card] = await harness.say(alice, "/card")
    assert [b["text"] for b in card.buttons] == ["Bump", "Docs"]
    assert card.button("Docs")["url"] == "https://example.com/docs"
    stale_data = card.button("Bump")["callback_data"]

    pressed = await harness.click(alice, card, "Bump")
    assert pressed.answer is not None and pressed.alert is None  # answered, no popup
    assert pressed.messages == []  # edited in place
    assert card.text.endswith("1 bumps") and card.edits == 1

    foreign = await harness.click(mallory, card, "Bump")
    assert foreign.alert == "That card is not yours."
    stale = await harness.press(alice, card, stale_data)
    assert stale.alert == "This card is out of date."
    forged = await harness.press(alice, card, "x" * 10)
    assert forged.alert == "That button is no longer valid."
    assert card.text.endswith("1 bumps") and card.edits == 1
    # Every press was answered exactly once.
    assert len(fake_telegram.callback_answers) == 4


async def test_files_are_passed_by_file_id_and_sent_back_by_it(
    harness: BotHarness, stub: StubChatApp, fake_telegram: FakeTelegram, alice: TgUser
) -> None:
    document, [reply] = await harness.send_file(alice, "report.pdf")
    [attachment] = stub.seen[-1].attachments
    assert (attachment.ref, attachment.name) == (document["file_id"], "report.pdf")
    assert reply.text == "got file report.pdf"

    photo = fake_telegram.new_photo()
    await harness.say(alice, None, photo=photo, caption="/deliver 12")
    seen = stub.seen[-1]
    assert (seen.command, seen.args) == ("deliver", "12")
    assert seen.attachments[0].ref == photo[-1]["file_id"]  # the largest size

    [sent] = await harness.say(alice, f"/file {document['file_id']}")
    assert sent.document is not None and sent.document["file_id"] == document["file_id"]
    assert sent.text == "Your file"  # one message: the text is the caption


async def test_long_replies_are_split_never_truncated(
    harness: BotHarness, alice: TgUser
) -> None:
    parts = await harness.say(alice, "/long")
    assert len(parts) >= 3
    assert all(len(p.text) <= 4096 for p in parts)
    text = "\n".join(p.text for p in parts)
    assert text.count("line ") == 200 and "line 199: " in text


async def test_unexpected_errors_get_a_generic_answer(
    harness: BotHarness, alice: TgUser, caplog: pytest.LogCaptureFixture
) -> None:
    [reply] = await harness.say(alice, "/boom")
    assert reply.text == "Something went wrong on our side; try again."
    assert any("failed" in r.getMessage() and r.exc_info for r in caplog.records)
    [denied] = await harness.say(alice, "/denied")
    assert denied.text == "Only <moderators> can do that."


async def test_a_failing_button_gets_a_generic_alert_and_long_alerts_a_message(
    harness: BotHarness, alice: TgUser
) -> None:
    [card] = await harness.say(alice, "/card")
    failed = await harness.press(alice, card, "boom")
    assert failed.alert == "Something went wrong on our side; try again."
    essay = await harness.press(alice, card, "essay")
    assert essay.alert is not None and len(essay.alert) <= 200
    assert essay.alert.endswith("…")
    [full] = essay.messages
    assert full.text == ("A very long alert. " * 20).strip()


async def test_a_chat_s_updates_run_in_order_while_chats_run_side_by_side(
    harness: BotHarness, fake_telegram: FakeTelegram, alice: TgUser, bob: TgUser
) -> None:
    # Queued together, they arrive in one getUpdates batch.
    ids = [
        fake_telegram.user_message(alice, "/form"),
        fake_telegram.user_message(bob, "/form"),
        fake_telegram.user_message(alice, "Title A"),
        fake_telegram.user_message(bob, "Title B"),
        fake_telegram.user_message(alice, "10 USD"),
        fake_telegram.user_message(bob, "20 USD"),
    ]
    await fake_telegram.wait_handled(ids[-1])
    assert fake_telegram.chat(alice.id)[-1].text == "Form done: Title A for 10 USD"
    assert fake_telegram.chat(bob.id)[-1].text == "Form done: Title B for 20 USD"


async def test_unsupported_media_gets_a_notice(harness: BotHarness, alice: TgUser) -> None:
    sticker = {"file_id": "st1", "file_unique_id": "st1", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}
    [reply] = await harness.say(alice, None, extra={"sticker": sticker})
    assert "documents and photos" in reply.text


async def test_a_429_is_waited_out_and_the_message_delivered_once(
    harness: BotHarness, fake_telegram: FakeTelegram, alice: TgUser
) -> None:
    fake_telegram.fail_next("sendMessage", times=1, retry_after=1)
    since = len(fake_telegram.calls)
    [reply] = await harness.say(alice, "hello")
    assert reply.text == "echo: hello"
    sends = fake_telegram.calls_of("sendMessage", since)
    assert len(sends) == 2  # the refused one and the retry
    assert sends[1].at - sends[0].at >= 1.0
    assert [m.text for m in fake_telegram.chat(alice.id)] == ["echo: hello"]


async def test_a_flooding_user_is_slowed_with_one_notice(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, stub: StubChatApp,
    alice: TgUser, bob: TgUser
) -> None:
    h = BotHarness(fake_telegram, ctx, stub, flood_limit=3, flood_window=60)
    await h.start()
    try:
        answers = [await h.say(alice, f"m{i}") for i in range(6)]
        assert [len(a) for a in answers] == [1, 1, 1, 1, 0, 0]
        assert "too fast" in answers[3][0].text
        assert [i.text for i in stub.seen] == ["m0", "m1", "m2"]
        # Others are not affected.
        assert len(await h.say(bob, "hi")) == 1
    finally:
        await h.kill()


async def test_a_restart_mid_form_resumes_it_and_no_update_is_handled_twice(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, stub: StubChatApp,
    alice: TgUser
) -> None:
    h = BotHarness(fake_telegram, ctx, stub)
    await h.start()
    assert [m.text for m in await h.say(alice, "/form")] == ["Form: what is the title?"]
    # The bot handles the answer but dies before Telegram gets the acknowledgement.
    fake_telegram.hold_acks = True
    answer = fake_telegram.user_message(alice, "Scrape prices")
    await fake_telegram.wait_handled(answer)
    await h.kill()
    fake_telegram.hold_acks = False
    assert fake_telegram.confirmed_offset <= answer  # Telegram will serve it again

    await h.start()
    done = await h.say(alice, "500 USD")
    assert [m.text for m in done] == ["Form done: Scrape prices for 500 USD"]
    texts = [m.text for m in fake_telegram.chat(alice.id)]
    assert texts == [
        "Form: what is the title?",
        "Form: what is the budget?",
        "Form done: Scrape prices for 500 USD",
    ]
    assert [i.text for i in stub.seen if i.command is None] == ["Scrape prices", "500 USD"]
    await h.stop()
    # A graceful stop acknowledges everything it handled.
    assert fake_telegram.confirmed_offset > max(u["update_id"] for u in fake_telegram.updates)


async def test_notifications_reach_the_right_chats_feed_and_admin(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, stub: StubChatApp,
    alice: TgUser, bob: TgUser
) -> None:
    await harness.say(alice, "/start")
    await harness.say(bob, "/start")
    alice_id = store.state.identities[("telegram", str(alice.id))].account_id
    bob_id = store.state.identities[("telegram", str(bob.id))].account_id
    # Bob prefers Discord now: no Telegram DM for him.
    store.state.accounts[bob_id] = replace(store.state.accounts[bob_id], notify_platform="discord")
    store.state.identities[("discord", "42")] = Identity("discord", "42", bob_id)
    assert harness.notifier is not None
    await harness.notifier.deliver(
        DomainEvent(type="order.delivered", payload={"order_id": 9},
                    recipients=(alice_id, bob_id))
    )
    assert fake_telegram.chat(alice.id)[-1].text == f"Event order.delivered for #{alice_id}"
    assert fake_telegram.chat(bob.id)[-1].text.startswith("command start")
    assert stub.relays[(str(alice.id), str(fake_telegram.chat(alice.id)[-1].message_id))] == 9

    published = DomainEvent(type="offer.published", payload={"offer_id": 12},
                            channels=("feed", "admin"))
    await harness.notifier.deliver(published)
    [post] = fake_telegram.chat(-100_777)
    assert post.text == "New offer #12"
    assert post.button("Open")["url"] == "https://t.me/botgig_test_bot?start=offer_12"
    [notice] = fake_telegram.chat(-100_999)
    assert "offer.published" in notice.text and "offer_id: 12" in notice.text
    # A repeat of the same event (the dispatcher retrying) sends nothing twice.
    await harness.notifier.deliver(published)
    assert len(fake_telegram.chat(-100_777)) == 1


async def test_a_blocked_user_does_not_make_the_event_fail_forever(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, alice: TgUser
) -> None:
    await harness.say(alice, "/start")
    alice_id = store.state.identities[("telegram", str(alice.id))].account_id
    fake_telegram.blocked.add(alice.id)
    assert harness.notifier is not None
    await harness.notifier.deliver(
        DomainEvent(type="order.delivered", payload={}, recipients=(alice_id,))
    )


async def test_notifications_are_paced_per_chat(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, stub: StubChatApp,
    alice: TgUser, bob: TgUser
) -> None:
    # The pacer and the fake server share one virtual clock, so the gaps the server sees are
    # the pacer's decisions, whatever the load on the machine.
    t = VirtualTime()
    h = BotHarness(fake_telegram, ctx, stub,
                   pacer=Pacer(per_second=50, per_chat_interval=0.15, group_interval=0.3,
                               clock=t.clock, sleep=t.sleep))
    await h.start()
    try:
        await h.say(alice, "/start")
        await h.say(bob, "/start")
        ids = [store.state.identities[("telegram", str(u.id))].account_id for u in (alice, bob)]
        since = len(fake_telegram.calls)
        fake_telegram.clock = t.clock
        assert h.notifier is not None
        for n in range(3):
            await h.notifier.deliver(
                DomainEvent(type=f"t.{n}", payload={}, recipients=tuple(ids))
            )
        sends = fake_telegram.calls_of("sendMessage", since)
        assert len(sends) == 6
        per_chat: dict[str, list[float]] = {}
        for call in sends:
            per_chat.setdefault(call.params["chat_id"], []).append(call.at)
        assert len(per_chat) == 2
        for times in per_chat.values():
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert all(gap >= 0.15 - 1e-9 for gap in gaps), gaps
        # Every send after the first two waited for its chat's turn.
        assert t.slept
    finally:
        await h.kill()


async def test_the_fake_server_answers_what_payments_and_files_need(
    fake_telegram: FakeTelegram, alice: TgUser
) -> None:
    bot = build_bot(fake_telegram.token, fake_telegram.base_url)
    try:
        invoice = await bot.send_invoice(
            chat_id=alice.id, title="100 credits", description="Top up", payload="topup:100",
            currency="XTR", prices=[LabeledPrice(label="100 credits", amount=50)],
        )
        assert invoice.invoice is not None and invoice.invoice.total_amount == 50
        document = fake_telegram.new_file("a.pdf")
        file = await bot.get_file(document["file_id"])
        assert file.file_path
        sent = await bot.send_message(chat_id=alice.id, text="x", reply_markup=None)
        await bot.edit_message_reply_markup(
            chat_id=alice.id, message_id=sent.message_id,
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="c")]]
            ),
        )
        assert fake_telegram.chat(alice.id)[-1].buttons == [{"text": "b", "callback_data": "c"}]
    finally:
        await close_quickly(bot)


async def test_command_menu_is_set(fake_telegram: FakeTelegram, stub: StubChatApp) -> None:
    bot = build_bot(fake_telegram.token, fake_telegram.base_url)
    try:
        await set_commands(bot, stub, languages=("de",))
    finally:
        await close_quickly(bot)
    assert [c["command"] for c in fake_telegram.commands[""]] == ["start", "help", "offers"]
    assert "de" in fake_telegram.commands
