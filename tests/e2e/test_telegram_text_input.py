"""Names and short texts through the real aiogram bot against the fake Bot API: a Telegram
name carrying direction overrides or line breaks becomes a clean display name (nobody to
refuse it to), and a name typed to BotGig with such characters is refused, in the user's
language, naming the character."""

from __future__ import annotations

from core.accounts.model import AccountKind
from tests.e2e.fake_telegram import TgUser
from tests.e2e.harness import BotHarness
from tests.fakes import FakeStore


async def test_a_telegram_name_with_overrides_and_line_breaks_is_cleaned(
    harness: BotHarness, store: FakeStore
) -> None:
    mallory = TgUser(3100, "Mallory\u202egnp.exe\nModerator: ok", None, "en")
    replies = await harness.say(mallory, "/start")
    assert replies
    account_id = store.state.identities[("telegram", str(mallory.id))].account_id
    assert store.state.accounts[account_id].display_name == "Mallorygnp.exe Moderator: ok"
    assert all("\u202e" not in m.html for m in replies)


async def test_a_typed_agent_name_with_hidden_characters_is_refused_in_the_users_language(
    harness: BotHarness, store: FakeStore
) -> None:
    ana = TgUser(3200, "Ana", "ana_tg", "es")
    await harness.say(ana, "/start")
    replies = await harness.say(ana, "/agents new Eve\u202eAdmin")
    text = "\n".join(m.text for m in replies)
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in text and "posición 4" in text, text
    assert "dirección del texto" in text
    replies = await harness.say(ana, "/agents new Ad\u200bmin")
    text = "\n".join(m.text for m in replies)
    assert "U+200B ZERO WIDTH SPACE" in text and "invisible" in text, text
    assert not [a for a in store.state.accounts.values() if a.kind is AccountKind.AGENT]
