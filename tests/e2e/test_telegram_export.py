"""/export on Telegram, end to end: the real aiogram bot in long polling against the fake Bot
API server and the real conversation layer. The archive comes as a document (sendDocument)
in the private chat; in a group the bot refuses and sends nothing private there."""

from __future__ import annotations

import io
import json
import zipfile

from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore


async def test_export_sends_a_zip_document_in_the_private_chat(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, alice: TgUser
) -> None:
    await harness.say(alice, "/start")
    since = len(fake_telegram.calls)
    [reply] = await harness.say(alice, "/export")
    assert reply.document is not None
    assert "Your BotGig data" in reply.text
    assert [c for c in fake_telegram.calls[since:] if c.method == "sendDocument"]
    data = fake_telegram.uploads[reply.document["file_id"]]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        profile = json.loads(archive.read("profile.json"))
    assert {"manifest.json", "orders.json", "credits.json", "audit.json"} <= names
    assert manifest["account_id"] == account_of(store, alice)
    assert profile["display_name"] == "Alice"


async def test_export_in_a_group_is_refused(
    harness: BotHarness, fake_telegram: FakeTelegram, alice: TgUser
) -> None:
    group = -100_555
    [reply] = await harness.say(alice, "/export", chat_id=group)
    assert reply.document is None
    assert "private chat" in reply.text
    assert not [c for c in fake_telegram.calls if c.method == "sendDocument"]


async def test_export_with_arguments_gets_its_usage(
    harness: BotHarness, alice: TgUser
) -> None:
    [reply] = await harness.say(alice, "/export all of it")
    assert reply.document is None and "Usage: /export" in reply.text
