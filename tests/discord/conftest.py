from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bots.discord.app import DiscordFrontEnd
from core.shared.context import Context
from handlers.app import ChatApp
from tests.discord.fake_discord import CHANNEL_ID, DiscordTester, DUser, FakeDiscord

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


__all__ = ["CHANNEL_ID"]
