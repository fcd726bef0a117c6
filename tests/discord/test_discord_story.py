"""Issue 16's "done when", on Discord alone: two new users go from /help to a completed order
— an offer published with the modals, ordered in one tap from the feed card, delivered as a
file that the buyer gets uploaded from the delivery notice in one tap, approved — and no
message on the way names a command Discord does not have, or answers a button with "no
longer valid"."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.files import FileStore
from bots.discord.app import DiscordFrontEnd
from core.orders.model import OrderStatus
from core.shared.context import Context
from tests.discord.conftest import FEED_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord, Result, upload
from tests.discord.test_command_names import discord_commands, missing_on_discord
from tests.fakes import FakeClock, FakeStore


@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock, tmp_path: Path) -> Context:
    files = FileStore(tmp_path / "uploads", max_bytes=20 * 1024 * 1024)
    return Context(uow=store, clock=clock, files=files, file_copies=files)


def ok(result: Result) -> Result:
    assert "⚠️" not in result.text and "no longer valid" not in result.text, result.text
    return result


async def test_from_help_to_a_completed_order_on_discord(
    ctx: Context, store: FakeStore, discord_bot: DiscordTester, front: DiscordFrontEnd,
    fake_discord: FakeDiscord, dana: DUser, erin: DUser,
) -> None:
    d = discord_bot
    seen = 0

    async def dispatch() -> None:
        nonlocal seen
        events = store.outbox[seen:]
        seen = len(store.outbox)
        for event in events:
            await front.notifier.deliver(event)

    # -- Dana (seller) starts from /help and publishes an offer -----------------------------
    helped = ok(await d.slash(dana, "help"))
    assert "/offer new" in helped.text
    started = await d.slash(dana, "offer new")
    filled = ok(await d.submit(
        dana, started.modal,
        title="Support inbox triage",
        description="I triage your support inbox with an agent and review every draft myself.",
        inputs="Read access to the inbox",
        output_format="Drafts in your helpdesk",
        delivery_days="3",
    ))
    picked = ok(await d.press(dana, filled.messages[-1], "Support inbox triage"))
    modal = (await d.press(dana, picked.last_with("Answer"), "Answer")).modal
    rest = ok(await d.submit(dana, modal, bot_pct="80", price="150", revisions_included="1",
                             proofers=""))
    published = ok(await d.press(dana, rest.last_with("Publish"), "Publish"))
    assert "is live" in published.text
    await dispatch()
    [card] = fake_discord.in_channel(FEED_CHANNEL)

    # -- Erin (buyer) starts from /help, orders from the feed card in one tap -------------
    ok(await d.slash(erin, "help"))
    asked = ok(await d.press(erin, card, "Order"))
    placed = ok(await d.press(erin, asked.last_with("Place order"), "Place order"))
    [order] = store.state.orders.values()
    assert order.status is OrderStatus.IN_PROGRESS and f"#{order.id}" in placed.text
    await dispatch()

    # -- Dana delivers a file -------------------------------------------------------------
    csv = upload("triage.csv", size=30)
    fake_discord.cdn[csv["url"]] = b"ticket,draft\n1,Thanks for writing\n"
    delivering = ok(await d.slash(dana, "order deliver", order=order.id, file=csv))
    skipped = ok(await d.press(dana, delivering.last_with("Skip"), "Skip"))
    ok(await d.press(dana, skipped.last_with("Deliver"), "Deliver"))
    await dispatch()

    # -- Erin gets the file in one tap from the notice, then approves ---------------------
    [notice] = [m for m in fake_discord.dms(erin) if m.has_button("Get triage.csv")]
    got = ok(await d.press(erin, notice, "Get triage.csv"))
    [file] = [m for m in got.messages if m.files]
    assert file.files == [("triage.csv", b"ticket,draft\n1,Thanks for writing\n")]
    approved = ok(await d.press(erin, notice, "Approve"))
    if store.state.orders[order.id].status is not OrderStatus.COMPLETED:
        ok(await d.press(erin, approved.last_with("Approve"), "Approve"))
    assert store.state.orders[order.id].status is OrderStatus.COMPLETED
    await dispatch()
    assert any("completed" in m.text.lower() for m in fake_discord.dms(dana))

    # -- Nothing named a command Discord lacks ---------------------------------------------
    tree = await discord_commands(d.bot, "en")
    said = {f"{m.kind}:{m.message_id}": [m.text] for m in fake_discord.log}
    assert len(said) > 15
    assert missing_on_discord(said, tree) == []
