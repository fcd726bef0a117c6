"""Discord has no Mini Apps: a reply's web_app button (the Telegram catalog) is left out and
the other buttons stay."""

from __future__ import annotations

from bots.discord.render import views
from handlers.types import Button


async def test_a_web_app_button_is_left_out_on_discord() -> None:
    rows = (
        (Button("🔎 #1", action="off:view:1"),),
        (Button("🛍 Open the catalog", web_app="https://botgig.example/app/"),),
    )
    [view] = views(rows)
    labels = [getattr(getattr(item, "item", item), "label", None) for item in view.children]
    assert labels == ["🔎 #1"]
