"""/export on Discord: the archive comes back as a file on a private (ephemeral) answer, and
a large account's archive arrives as a DM when the background export is ready."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest

from bots.discord.app import DiscordFrontEnd
from core.accounts.export import EXPORT_READY
from core.accounts.export_model import ExportRules
from core.orders.timers import run_due_timers
from core.shared.context import Context
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord
from tests.fakes import FakeClock, FakeStore


def account_of(store: FakeStore, user: DUser) -> int:
    return store.state.identities[("discord", str(user.id))].account_id


def manifest(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        loaded: dict[str, object] = json.loads(archive.read("manifest.json"))
        return loaded


async def test_export_answers_privately_with_the_zip(
    discord_bot: DiscordTester, store: FakeStore, dana: DUser
) -> None:
    result = await discord_bot.slash(dana, "export")
    [answer] = result.messages
    assert answer.ephemeral
    assert "Your BotGig data" in answer.text
    [(name, data)] = answer.files
    assert name.startswith(f"botgig-export-{account_of(store, dana)}-") and name.endswith(".zip")
    assert manifest(data)["account_id"] == account_of(store, dana)


async def test_export_with_arguments_gets_the_usage(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    # The slash command takes no option; typed in a DM it goes through the same handler.
    result = await discord_bot.slash(dana, "export")
    assert result.messages[0].files
    await discord_bot.dm(dana, "/export everything")
    [usage] = [s for s in discord_bot.fake.dms(dana) if "Usage: /export" in s.text]
    assert usage.files == []


class TestALargeAccount:
    @pytest.fixture
    def ctx(self, store: FakeStore, clock: FakeClock) -> Context:
        """Every account counts as large here: exports go through the background job."""
        return replace(Context(uow=store, clock=clock), export=ExportRules(background_orders=-1))

    async def test_its_export_arrives_as_a_dm_with_the_file(
        self, discord_bot: DiscordTester, front: DiscordFrontEnd, fake_discord: FakeDiscord,
        store: FakeStore, ctx: Context, dana: DUser,
    ) -> None:
        result = await discord_bot.slash(dana, "export")
        [answer] = result.messages
        assert answer.ephemeral
        assert "being prepared" in answer.text and answer.files == []
        await run_due_timers(ctx)
        [ready] = [e for e in store.outbox if e.type == EXPORT_READY]
        await front.notifier.deliver(ready)
        [dm] = fake_discord.dms(dana)
        assert "Your data export is ready" in dm.text
        [(name, data)] = dm.files
        assert name.endswith(".zip")
        assert manifest(data)["account_id"] == account_of(store, dana)
