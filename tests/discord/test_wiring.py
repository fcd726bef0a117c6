"""The Discord front end in the composition root: ``botgig run`` plans it when a token is
set, ``Container.discord()`` builds it with its notifier as an outbox sink, and the slash
commands are synced to the configured guild (instant) or globally."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from botgig.bootstrap import bootstrap
from botgig.run import plan
from botgig.settings import Settings
from bots.discord.app import DiscordFrontEnd, intents
from bots.discord.transport import DiscordTransport
from tests.fakes import FakeClock, FakeStore


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_plan_runs_discord_only_with_a_token() -> None:
    assert plan(settings(), None)["discord"] == "BOTGIG_DISCORD_TOKEN is not set"
    assert plan(settings(discord_token="x"), None)["discord"] is None
    assert plan(settings(discord_token="x"), "api")["discord"] == "--only api"
    assert plan(settings(discord_token="x"), "discord")["discord"] is None


async def test_container_builds_the_front_end_and_its_sink(
    store: FakeStore, clock: FakeClock
) -> None:
    container = bootstrap(
        settings(discord_token="x", discord_guild_id=5, discord_feed_channel_id=6,
                 discord_notice_channel_id=7, telegram_token="123:abc"),
        uow_factory=store,
        clock=clock,
    )
    front = container.discord()
    assert isinstance(front, DiscordFrontEnd)
    assert front.notifier in container.sinks and front.notifier.name == "discord"
    assert front.bot.guild_id == 5
    transport = front.notifier.transport
    assert isinstance(transport, DiscordTransport)
    assert transport.feed_channel_id == 6 and transport.fallback_channel_id == 7
    assert front.notifier.platforms == {"telegram", "discord"}
    assert container.chat_platforms() == {"telegram", "discord"}
    await front.close()
    await container.close()


def test_the_bot_needs_no_privileged_intent() -> None:
    wanted = intents()
    assert wanted.guilds and wanted.dm_messages
    assert not wanted.message_content and not wanted.members and not wanted.presences


@pytest.mark.parametrize("guild_id", [None, 42])
async def test_commands_sync_to_the_guild_or_globally(
    store: FakeStore, clock: FakeClock, guild_id: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.shared.context import Context
    from handlers.app import ChatApp

    ctx = Context(uow=store, clock=clock)
    front = DiscordFrontEnd(ctx, ChatApp(ctx), token="x", guild_id=guild_id,
                            sync_commands=False)
    bot = front.bot
    await bot._async_setup_hook()
    await bot.setup_hook()
    synced: list[Any] = []

    async def fake_sync(*, guild: discord.abc.Snowflake | None = None) -> list[Any]:
        synced.append(guild)
        return []

    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    await bot.sync_tree()
    if guild_id is None:
        assert synced == [None]
    else:
        assert [g.id for g in synced] == [42]
        assert {c.name for c in bot.tree.get_commands(guild=discord.Object(id=42))} >= {
            "offer", "order", "link"}
