"""Chat applies core's character rule at the step that asked: a wizard asks again naming
the character, in the user's language; a command answers with the same rule."""

from __future__ import annotations

from core.accounts.model import AccountKind
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import Chat, plain, verify_dialog


async def test_the_offer_wizard_asks_again_for_a_title_with_an_override(seller: Chat) -> None:
    await verify_dialog(
        seller,
        [
            ("/newoffer", "1/10"),
            ("Inbox\u202e triage", ("text-direction override", "U+202E", "position 6", "1/10")),
            ("Inbox\ntriage", ("single line", "1/10")),
            ("Support inbox triage", "2/10"),
            ("3", "3/10"),
            ("A description\x00 with a NUL in it.", ("control character", "U+0000", "3/10")),
            ("A long enough description,\non two lines.", "4/10"),
        ],
    )


async def test_an_agents_name_is_refused_in_russian(
    buyer: Chat, store: FakeStore
) -> None:
    buyer.language = "ru"
    text = plain(await buyer.send("/agents new Ad\u200bmin"))
    assert "невидимый символ" in text and "U+200B ZERO WIDTH SPACE" in text, text
    assert not [a for a in store.state.accounts.values() if a.kind is AccountKind.AGENT]


async def test_a_name_of_joined_emoji_is_refused(buyer: Chat) -> None:
    await verify_dialog(buyer, [("/agents new 👨\u200d👩\u200d👧 Bot", ("emoji joined", "U+200D"))])
