"""The Telegram front end under the failures issue 3 names, with the real conversation layer:
a restart in the middle of a form (on a real SQLite database), stale and foreign button
presses, and the webhook mode of ``TelegramFrontEnd``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest

from bots.telegram.app import TelegramFrontEnd
from core.listings import proposals, requests
from core.listings.model import ProposalStatus
from core.listings.requests import RequestDraft
from core.orders.model import OrderStatus
from core.shared.context import Context
from handlers.app import ChatApp
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeClock, FakeStore
from tests.net import free_port


async def test_killed_mid_form_the_bot_resumes_it_and_handles_no_update_twice(
    fake_telegram: FakeTelegram, tmp_path: Path, clock: FakeClock, alice: TgUser
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}"
    await upgrade(url)

    async def boot() -> tuple[BotHarness, object]:
        # A new process: its own engine, conversation layer, bot and dispatcher.
        engine = create_engine(url)
        ctx = Context(uow=make_uow_factory(engine, clock), clock=clock)
        harness = BotHarness(fake_telegram, ctx, ChatApp(ctx))
        await harness.start()
        return harness, engine

    first, engine = await boot()
    await first.say(alice, "/newrequest")
    step2 = await first.say(alice, "Scrape 500 product pages")
    assert "2/8" in step2[-1].text
    # The category answer is handled, then the process dies before Telegram hears that.
    fake_telegram.hold_acks = True
    answered = fake_telegram.user_message(alice, "3")
    await fake_telegram.wait_handled(answered)
    assert "3/8" in fake_telegram.chat(alice.id)[-1].text
    await first.kill()
    await engine.dispose()  # type: ignore[attr-defined]
    fake_telegram.hold_acks = False
    chat_before = len(fake_telegram.chat(alice.id))

    second, engine = await boot()
    try:
        # Telegram served the unacknowledged update again; the new process skipped it.
        await fake_telegram.wait_handled(answered)
        assert fake_telegram.served[answered] == 2
        assert len(fake_telegram.chat(alice.id)) == chat_before
        # The form goes on where it was: step 3, the description.
        step4 = await second.say(alice, "Extract price and stock from 500 product pages.")
        assert "4/8" in step4[-1].text
        for answer in ("A list of URLs", "100", "300", "in 10 days", "0"):
            await second.say(alice, answer)
        confirm = fake_telegram.chat(alice.id)[-1]
        await second.click(alice, confirm, "Post")
        assert not any("⚠️" in m.text for m in fake_telegram.chat(alice.id))
        ctx = second.ctx
        async with ctx.uow() as uow:
            account = await uow.accounts.by_identity("telegram", str(alice.id))
            assert account is not None
            posted = await uow.requests.by_buyer(account.id)
        assert [(r.title, r.category) for r in posted] == [
            ("Scrape 500 product pages", "data-extraction")
        ]
    finally:
        await second.kill()
        await engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
async def market(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore
) -> AsyncIterator[BotHarness]:
    h = BotHarness(fake_telegram, ctx, ChatApp(ctx), outbox=store.outbox)
    await h.start()
    try:
        yield h
    finally:
        await h.kill()


async def test_stale_and_foreign_button_presses_change_nothing(
    market: BotHarness,
    fake_telegram: FakeTelegram,
    store: FakeStore,
    ctx: Context,
    clock: FakeClock,
    alice: TgUser,
    bob: TgUser,
    mallory: TgUser,
) -> None:
    h = market
    for user in (alice, bob, mallory):
        await h.say(user, "/start")
    request = await requests.post_request(
        ctx,
        buyer_id=account_of(store, alice),
        draft=RequestDraft(
            title="Scrape 500 product pages",
            category="data-extraction",
            description="Extract price and stock from 500 public product pages to CSV.",
            budget_min_cents=10_000,
            budget_max_cents=30_000,
            deadline=clock.now() + timedelta(days=10),
        ),
    )
    proposal = await proposals.submit_proposal(
        ctx,
        seller_id=account_of(store, bob),
        request_id=request.id,
        message="I can do this in two days.",
        price_cents=20_000,
        timeline_days=2,
    )
    listed = await h.say(alice, f"/proposals {request.id}")
    card = next(m for m in listed if m.has_button("Accept"))
    accept = card.button("Accept")["callback_data"]
    decline = card.button("Decline")["callback_data"]

    def snapshot() -> tuple[object, ...]:
        return (
            [(p.id, p.status) for p in store.state.proposals.values()],
            [(o.id, o.status) for o in store.state.orders.values()],
            card.text,
            card.edits,
        )

    before = snapshot()
    # Foreign: Mallory presses Alice's card (as in a group), and forges it in her own chat.
    foreign = await h.press(mallory, card, accept)
    assert foreign.alert and foreign.messages == []
    [own] = fake_telegram.chat(mallory.id)[-1:]
    forged = await h.press(mallory, own, accept)
    assert forged.alert and forged.messages == []
    assert snapshot() == before

    # Alice accepts once, confirming; the same buttons again (and Decline) are stale now.
    [confirm] = (await h.press(alice, card, accept)).messages
    assert snapshot() == before
    accept_ok = confirm.button("Yes, accept")["callback_data"]
    await h.press(alice, confirm, accept_ok)
    assert store.state.proposals[proposal.id].status is ProposalStatus.ACCEPTED
    [order] = store.state.orders.values()
    assert order.status is OrderStatus.IN_PROGRESS
    after = snapshot()
    chat = len(fake_telegram.chat(alice.id))
    for data in (accept, accept_ok, decline, "prop:accept:999999", "nonsense", "frm:ok:deadbeef"):
        stale = await h.press(alice, card, data)
        assert stale.alert, data
    assert snapshot() == after
    assert len(fake_telegram.chat(alice.id)) == chat
    assert not fake_telegram._open_callbacks  # every press was answered


async def test_webhook_mode_serves_updates_with_the_secret_only(
    fake_telegram: FakeTelegram, ctx: Context, alice: TgUser
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    front = TelegramFrontEnd(
        ctx, ChatApp(ctx), fake_telegram.token, fake_telegram.base_url, None, None,
        webhook_url=url, webhook_secret="s3cret", webhook_port=port,
    )
    assert front.mode == "webhook"
    running = asyncio.create_task(front.start())
    try:
        await fake_telegram.wait_for_call("setWebhook")
        assert fake_telegram.webhook is not None
        assert fake_telegram.webhook["url"] == url
        assert fake_telegram.webhook["secret_token"] == "s3cret"
        assert fake_telegram.commands[""]  # the command menu was set first

        update_id = fake_telegram.user_message(alice, "/balance")
        [update] = [u for u in fake_telegram.updates if u["update_id"] == update_id]
        async with aiohttp.ClientSession() as http:
            refused = await http.post(url, json=update,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            assert refused.status == 401
            assert fake_telegram.chat(alice.id) == []
            accepted = await http.post(url, json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            assert accepted.status == 200
            # Telegram re-sends an update it thinks failed: handled once only.
            again = await http.post(url, json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            assert again.status == 200
        [reply] = fake_telegram.chat(alice.id)
        assert "100" in reply.text  # the welcome grant on the balance
    finally:
        await front.close()
        await asyncio.wait_for(running, 5)


async def test_the_front_end_polls_until_closed(
    fake_telegram: FakeTelegram, ctx: Context, alice: TgUser
) -> None:
    front = TelegramFrontEnd(
        ctx, ChatApp(ctx), fake_telegram.token, fake_telegram.base_url, -100_777, None,
        polling_timeout=1,
    )
    assert front.mode == "polling"
    running = asyncio.create_task(front.start())
    try:
        await fake_telegram.wait_for_call("getUpdates")
        assert fake_telegram.calls_of("deleteWebhook")
        commands = [c["command"] for c in fake_telegram.commands[""]]
        assert {"start", "help", "offers", "newrequest", "cancel"} <= set(commands)
        update_id = fake_telegram.user_message(alice, "/help")
        await fake_telegram.wait_handled(update_id)
        assert "/offers" in fake_telegram.chat(alice.id)[0].text
    finally:
        await front.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(running, 5)
        await front.close()
    # A graceful stop acknowledged what it handled.
    assert fake_telegram.confirmed_offset > update_id
