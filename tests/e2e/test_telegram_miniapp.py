"""The Telegram side of the Mini App on the fake Bot API: the menu button opens it, /offers
carries a web_app button to it only over HTTPS, and an order placed in it is confirmed in
the buyer's chat by the bot (and announced to the seller, as any order)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bots.telegram.app import TelegramFrontEnd
from bots.web import miniapp
from core.accounts.accounts import ensure_chat_account
from core.accounts.model import Account
from core.shared.context import Context
from handlers.app import ChatApp
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore
from tests.unit import builders as b
from tests.unit.web.signing import BOT_TOKEN, sign_init_data

WEB_APP = "https://botgig.example/app/"


@contextlib.asynccontextmanager
async def bot_on(fake: FakeTelegram, ctx: Context, store: FakeStore) -> AsyncIterator[BotHarness]:
    harness = BotHarness(fake, ctx, ChatApp(ctx), outbox=store.outbox)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.kill()


def web_app_buttons(fake: FakeTelegram, chat_id: int) -> list[str]:
    return [
        button["web_app"]["url"]
        for message in fake.chat(chat_id)
        for button in message.buttons
        if "web_app" in button
    ]


@pytest.mark.parametrize(
    ("web_app_url", "menu"),
    [
        (WEB_APP, {"type": "web_app", "text": "Catalog", "web_app": {"url": WEB_APP}}),
        # Without an HTTPS address the button goes back to Telegram's default.
        (None, {"type": "default"}),
    ],
)
async def test_the_bot_sets_its_menu_button_when_it_starts(
    fake_telegram: FakeTelegram, ctx: Context, web_app_url: str | None, menu: dict[str, Any]
) -> None:
    ctx = replace(ctx, web_app_url=web_app_url)
    front = TelegramFrontEnd(
        ctx, ChatApp(ctx), fake_telegram.token, fake_telegram.base_url, None, None,
        polling_timeout=1,
    )
    running = asyncio.create_task(front.start())
    try:
        await fake_telegram.wait_for_call("getUpdates")
        assert fake_telegram.menu_button == menu
        assert fake_telegram.calls_of("setChatMenuButton")
    finally:
        await front.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(running, 5)
        await front.close()


async def test_offers_carries_the_web_app_button_only_with_an_https_url(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, alice: TgUser, bob: TgUser
) -> None:
    seller = await b.human(ctx, "sam")
    await b.publish(ctx, seller)
    async with bot_on(fake_telegram, replace(ctx, web_app_url=WEB_APP), store) as h:
        await h.say(alice, "/offers")
    assert web_app_buttons(fake_telegram, alice.id) == [WEB_APP]
    async with bot_on(fake_telegram, ctx, store) as h:
        await h.say(bob, "/offers")
    assert web_app_buttons(fake_telegram, bob.id) == []
    assert "#" in fake_telegram.chat(bob.id)[-1].text  # the listing itself is still there


async def test_an_order_from_the_mini_app_is_confirmed_in_the_buyers_chat(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, alice: TgUser, bob: TgUser
) -> None:
    async with bot_on(fake_telegram, ctx, store) as h:
        await h.say(bob, "/start")
        await h.say(alice, "/start")
        offer = await b.publish(ctx, await _account_of(ctx, bob), title="Inbox triage")
        await h.deliver_outbox()
        app = FastAPI()
        app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN))
        init_data = sign_init_data(
            auth_date=ctx.clock.now(),
            user={"id": alice.id, "first_name": alice.first_name, "username": alice.username},
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            placed = await client.post(
                f"/app/api/offers/{offer.id}/order",
                headers={"Authorization": f"tma {init_data}"},
            )
        assert placed.status_code == 201, placed.text
        order_id = placed.json()["id"]
        alice_before = len(fake_telegram.chat(alice.id))
        bob_before = len(fake_telegram.chat(bob.id))
        await h.deliver_outbox()
    to_buyer = [m.text for m in fake_telegram.chat(alice.id)[alice_before:]]
    to_seller = [m.text for m in fake_telegram.chat(bob.id)[bob_before:]]
    assert any(f"Order #{order_id} placed" in text for text in to_buyer), to_buyer
    assert any("New" in text and str(order_id) in text for text in to_seller), to_seller



async def _account_of(ctx: Context, user: TgUser) -> Account:
    account, _ = await ensure_chat_account(
        ctx, provider="telegram", external_id=str(user.id), display_name=user.first_name
    )
    return account


async def test_a_bid_from_the_mini_app_is_confirmed_in_the_sellers_chat(
    fake_telegram: FakeTelegram, ctx: Context, store: FakeStore, alice: TgUser, bob: TgUser
) -> None:
    async with bot_on(fake_telegram, ctx, store) as h:
        await h.say(bob, "/start")
        await h.say(alice, "/start")
        request = await b.post(ctx, await _account_of(ctx, bob))
        await h.deliver_outbox()
        app = FastAPI()
        app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN))
        init_data = sign_init_data(
            auth_date=ctx.clock.now(),
            user={"id": alice.id, "first_name": alice.first_name, "username": alice.username},
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            sent = await client.post(
                f"/app/api/requests/{request.id}/bid",
                headers={"Authorization": f"tma {init_data}"},
                json={"message": "I will do it by Friday.", "price_cents": 20_000,
                      "timeline_days": 4},
            )
        assert sent.status_code == 201, sent.text
        proposal_id = sent.json()["id"]
        alice_before = len(fake_telegram.chat(alice.id))
        bob_before = len(fake_telegram.chat(bob.id))
        await h.deliver_outbox()
    to_seller = [m.text for m in fake_telegram.chat(alice.id)[alice_before:]]
    to_buyer = [m.text for m in fake_telegram.chat(bob.id)[bob_before:]]
    assert any(f"Proposal #{proposal_id} sent" in text for text in to_seller), to_seller
    assert any("proposal" in text.lower() for text in to_buyer), to_buyer
