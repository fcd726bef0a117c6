"""The admin channel speaks the catalog: a moderator's replies in their language, the
channel's posts (read by every moderator) in the default one, usage lines from
``admin.usage.<command>``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.shared import events as ev
from core.shared.events import DomainEvent
from handlers import i18n
from handlers.types import Incoming
from tests.admin.conftest import World

GERMAN = {
    "admin.disputes_title": "⚖️ <b>Offene Fälle</b> ({count})",
    "admin.usage": "Aufruf: {usage}",
    "admin.usage.claim": "/claim &lt;id&gt; — einen Fall übernehmen",
    "admin.card.timeline": "Verlauf",
}


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "de", GERMAN)


async def test_a_moderator_is_answered_in_their_language(world: World, german: None) -> None:
    def in_german(text: str) -> Incoming:
        return replace(world.incoming(world.mod, text), language="de")

    [listing] = await world.app.handle(in_german("/disputes"))
    assert "Offene Fälle" in listing.text
    [usage] = await world.app.handle(in_german("/claim"))
    assert usage.text == "Aufruf: /claim &lt;id&gt; — einen Fall übernehmen"
    [card] = await world.app.handle(in_german(f"/case {world.dispute.id}"))
    assert "Verlauf" in card.text and "Claim" in card.buttons[0][0].label
    english = await world.say(world.mod, "/disputes")
    assert "Open cases" in english[0].text


async def test_the_channels_case_card_is_in_the_default_language(
    world: World, german: None
) -> None:
    world.store.state.accounts[world.mod.id].language = "de"
    event = DomainEvent(type=ev.ORDER_DISPUTED, payload={"order_id": world.order.id},
                        channels=("admin",))
    [post] = await world.app.render(event)
    assert "Timeline" in post.text and "Verlauf" not in post.text
