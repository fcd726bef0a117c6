"""Issue 16 on Discord: buttons that always answer, the moderators' command hidden from
members, autocomplete for ids, one-tap ordering from the feed, real uploads."""

from __future__ import annotations

from tests.discord.fake_discord import DiscordTester, DUser, Modal


async def test_a_button_the_bot_does_not_know_answers_privately(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    [card] = (await discord_bot.slash(dana, "balance")).messages
    for custom_id in ("old-format-button", "ord:nonsense:1", "x" * 90):
        result = await discord_bot.press_id(dana, card, custom_id)
        [answer] = result.messages
        assert answer.ephemeral
        assert "This button is no longer valid." in answer.text


async def test_an_unknown_button_answers_in_the_users_language(
    discord_bot: DiscordTester,
) -> None:
    ana = DUser(700_000_000_000_000_041, "Ana", locale="es-ES")
    [card] = (await discord_bot.slash(ana, "balance")).messages
    [answer] = (await discord_bot.press_id(ana, card, "v1/legacy")).messages
    assert answer.ephemeral and "Este botón ya no es válido." in answer.text


async def test_a_modal_the_bot_does_not_know_answers_privately(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    stray = Modal("legacy-modal", "Old", [], dana.id)
    [answer] = (await discord_bot.submit_values(dana, stray, {"x": "y"})).messages
    assert answer.ephemeral and "This button is no longer valid." in answer.text


def progress(text: str) -> str:
    """The form's step counter line ("New offer · 2/9")."""
    return next(line for line in text.splitlines() if " · " in line and "/" in line)


async def test_the_step_counter_keeps_its_total_across_modals_and_errors(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    modal = (await discord_bot.slash(dana, "offer new")).modal
    filled = await discord_bot.submit(
        dana, modal, title="Support inbox triage", description="short",
        inputs="Read access to the inbox", output_format="Drafts in your helpdesk",
        delivery_days="3",
    )
    [question] = filled.messages
    # The category is the second of the ten questions whatever the modal answered.
    assert progress(question.text).endswith("· 2/10")
    category = await discord_bot.press(dana, question, "Support inbox triage")
    ask = category.last_with("Answer")
    assert progress(ask.text).endswith("· 3/10")  # the description, asked again
    # Asked again through the Answer button: the same counter, not a new count.
    again = await discord_bot.press(dana, ask, "Answer")
    assert again.modal.ids()[:1] == ["description"]
