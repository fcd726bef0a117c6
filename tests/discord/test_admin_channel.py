"""The admin channel on Discord: ``/mod`` for moderators in the admin channel only, the case
card's buttons routed to the admin app, the ruling note modal, and case cards posted once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bots.discord.app import DiscordFrontEnd
from core.accounts import accounts
from core.orders.model import DisputeStatus
from core.shared import events as ev
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.app import ChatApp
from tests.admin.conftest import World, build_world
from tests.discord.conftest import ADMIN_CHANNEL, FEED_CHANNEL, NOTICE_CHANNEL
from tests.discord.fake_discord import CHANNEL_ID, DiscordTester, DUser, FakeDiscord
from tests.fakes import FakeClock, FakeStore

MOD = DUser(700_000_000_000_000_011, "Moderator")
OUTSIDER = DUser(700_000_000_000_000_012, "Mallory")


@pytest.fixture
async def world(ctx: Context, store: FakeStore, clock: FakeClock) -> World:
    return await build_world(ctx, store, clock)


@pytest.fixture
async def admin_front(ctx: Context) -> DiscordFrontEnd:
    admin_app = AdminApp(ctx, admin_chats=[f"discord:{ADMIN_CHANNEL}"])
    return DiscordFrontEnd(
        ctx,
        ChatApp(ctx),
        token="test-token",
        feed_channel_id=FEED_CHANNEL,
        admin_channel_id=ADMIN_CHANNEL,
        fallback_channel_id=NOTICE_CHANNEL,
        admin_app=admin_app,
        sync_commands=False,
    )


@pytest.fixture
async def bot(admin_front: DiscordFrontEnd) -> AsyncIterator[DiscordTester]:
    tester = DiscordTester(admin_front.bot, FakeDiscord())
    await tester.start()
    try:
        yield tester
    finally:
        await tester.close()


@pytest.fixture
async def moderator(ctx: Context, world: World) -> DUser:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id=str(MOD.id), display_name=MOD.name
    )
    await accounts.set_role(ctx, granted_by=None, account_id=account.id)
    return MOD


async def test_a_moderator_lists_the_open_cases(bot: DiscordTester, moderator: DUser,
                                                world: World) -> None:
    result = await bot.slash(moderator, "mod", channel_id=ADMIN_CHANNEL, command="disputes")
    assert "Open cases" in result.text
    assert f"{world.dispute.id}" in result.text
    assert not result.messages[0].ephemeral  # the other moderators see it


async def test_a_non_moderator_is_refused(bot: DiscordTester, world: World,
                                          store: FakeStore) -> None:
    result = await bot.slash(OUTSIDER, "mod", channel_id=ADMIN_CHANNEL, command="disputes")
    assert "Only moderators" in result.text
    assert "Open cases" not in result.text
    assert any(e.action == "admin.refused" for e in store.state.audit)


async def test_the_command_elsewhere_is_refused(bot: DiscordTester, moderator: DUser) -> None:
    result = await bot.slash(moderator, "mod", channel_id=CHANNEL_ID, command="disputes")
    assert "only in the moderators' admin channel" in result.text
    assert result.messages[0].ephemeral
    assert "Open cases" not in result.text


async def test_claim_on_a_case_card_claims_the_case(
    bot: DiscordTester, moderator: DUser, world: World, store: FakeStore
) -> None:
    shown = await bot.slash(moderator, "mod", channel_id=ADMIN_CHANNEL,
                            command=f"case {world.dispute.id}")
    card = shown.last_with("Claim")
    pressed = await bot.press(moderator, card, "Claim")
    dispute = store.state.disputes[world.dispute.id]
    assert dispute.status is DisputeStatus.CLAIMED
    assert dispute.claimed_by is not None
    assert pressed.edited and not pressed.edited[-1].has_button("Claim")


async def test_a_ruling_takes_its_note_in_a_modal(
    bot: DiscordTester, moderator: DUser, world: World, store: FakeStore
) -> None:
    shown = await bot.slash(moderator, "mod", channel_id=ADMIN_CHANNEL,
                            command=f"claim {world.dispute.id}")
    assert "is yours" in shown.text
    card = (await bot.slash(moderator, "mod", channel_id=ADMIN_CHANNEL,
                            command=f"case {world.dispute.id}")).last_with("Refund")
    asked = await bot.press(moderator, card, "Refund")
    ruled = await bot.submit(moderator, asked.modal, channel_id=ADMIN_CHANNEL,
                             note="Half of the drafts were missing.")
    assert "ruled" in ruled.text
    assert store.state.disputes[world.dispute.id].status is DisputeStatus.RESOLVED


async def test_a_dispute_posts_one_case_card_in_the_admin_channel(
    admin_front: DiscordFrontEnd, bot: DiscordTester, world: World, store: FakeStore
) -> None:
    disputed = [e for e in store.outbox if e.type == ev.ORDER_DISPUTED]
    assert disputed and admin_front.admin_sink is not None
    assert not admin_front.notifier.transport.has_channel("admin")
    for event in disputed:
        await admin_front.notifier.deliver(event)
        await admin_front.admin_sink.deliver(event)
        await admin_front.admin_sink.deliver(event)  # a retry posts nothing new
    posted = bot.fake.in_channel(ADMIN_CHANNEL)
    assert len(posted) == 1
    assert posted[0].has_button("Claim") and posted[0].has_button("Split")


async def test_mod_is_hidden_from_members_and_still_checked(
    bot: DiscordTester, world: World
) -> None:
    [mod] = [c.to_dict(bot.bot.tree) for c in bot.bot.tree.get_commands() if c.name == "mod"]
    # Manage Messages (1 << 13): members without it do not see /mod; servers may grant it.
    assert mod["default_member_permissions"] == 1 << 13
    assert mod["contexts"] == [0]  # servers only (no DMs, no private channels)
    # A member the server let see it is still refused without the moderator role.
    result = await bot.slash(OUTSIDER, "mod", channel_id=ADMIN_CHANNEL, command="disputes")
    assert "Only moderators" in result.text


async def test_mod_suggests_the_admin_commands(bot: DiscordTester, moderator: DUser) -> None:
    choices = await bot.autocomplete(moderator, "mod", focused="command", current="un")
    assert [c["value"] for c in choices] == ["unhold", "unban", "unhide"]
    everything = await bot.autocomplete(moderator, "mod", focused="command")
    assert len(everything) == 25  # Discord's most
    assert {"disputes", "case", "rule", "help"} <= {c["value"] for c in everything}
    note = await bot.autocomplete(moderator, "mod", focused="command", current="no")
    assert [c["value"] for c in note] == ["note"]
