from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bots.discord.app import DiscordFrontEnd
from core.shared.context import Context
from handlers.app import ChatApp
from tests.discord.fake_discord import CHANNEL_ID, DiscordTester, DUser, FakeDiscord
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore

FEED_CHANNEL = 900_000_000_000_000_300
ADMIN_CHANNEL = 900_000_000_000_000_400
NOTICE_CHANNEL = 900_000_000_000_000_500


@pytest.fixture
def fake_discord() -> FakeDiscord:
    return FakeDiscord()


@pytest.fixture
async def front(ctx: Context) -> DiscordFrontEnd:
    return DiscordFrontEnd(
        ctx,
        ChatApp(ctx),
        token="test-token",
        guild_id=None,
        feed_channel_id=FEED_CHANNEL,
        admin_channel_id=ADMIN_CHANNEL,
        fallback_channel_id=NOTICE_CHANNEL,
        sync_commands=False,
    )


@pytest.fixture
async def discord_bot(front: DiscordFrontEnd, fake_discord: FakeDiscord) -> AsyncIterator[
    DiscordTester
]:
    tester = DiscordTester(front.bot, fake_discord)
    await tester.start()
    try:
        yield tester
    finally:
        await tester.close()


@pytest.fixture
def dana() -> DUser:
    return DUser(700_000_000_000_000_001, "Dana")


@pytest.fixture
def erin() -> DUser:
    return DUser(700_000_000_000_000_002, "Erin")


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API, for tests with users on both platforms."""
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
async def tg(telegram: FakeTelegram, ctx: Context, store: FakeStore) -> AsyncIterator[BotHarness]:
    """The real aiogram bot polling the fake Bot API, on the same core as the Discord bot."""
    harness = BotHarness(telegram, ctx, ChatApp(ctx), outbox=store.outbox, feed_chat_id=None,
                         admin_chat_id=None)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.kill()


__all__ = ["CHANNEL_ID"]
