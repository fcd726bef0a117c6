"""/deleteaccount on Discord through raw interaction payloads against the real discord.py bot:
the private confirmation, a stranger's press refused, the owner's press closing the account,
and the same Discord user coming back as a new account."""

from __future__ import annotations

from tests.discord.fake_discord import DiscordTester, DUser
from tests.fakes import FakeStore


def account_of(store: FakeStore, user: DUser) -> int:
    return store.state.identities[("discord", str(user.id))].account_id


async def test_deleteaccount_confirm_refuses_others_then_closes(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore
) -> None:
    await discord_bot.slash(erin, "help")
    started = await discord_bot.slash(dana, "deleteaccount")
    dana_id = account_of(store, dana)
    [confirm] = started.messages
    assert confirm.ephemeral and f"Close account #{dana_id}?" in confirm.text
    assert "Discord" in confirm.text and "cannot be undone" in confirm.text

    foreign = await discord_bot.press(erin, confirm, "🗑 Close my account")
    assert foreign.messages[0].ephemeral
    assert "Only the account this confirmation was shown to" in foreign.messages[0].content
    assert not store.state.accounts[dana_id].is_deleted

    kept = await discord_bot.press(dana, confirm, "Keep it")
    assert "stays as it is" in (kept.edited + kept.messages)[-1].text
    assert not store.state.accounts[dana_id].is_deleted

    assert not confirm.buttons()  # the kept confirmation loses its buttons
    [confirm] = (await discord_bot.slash(dana, "deleteaccount")).messages
    closed = await discord_bot.press(dana, confirm, "🗑 Close my account")
    assert f"Account #{dana_id} is closed" in (closed.edited + closed.messages)[-1].text
    assert store.state.accounts[dana_id].is_deleted
    assert ("discord", str(dana.id)) not in store.state.identities

    await discord_bot.slash(dana, "balance")
    assert account_of(store, dana) != dana_id
