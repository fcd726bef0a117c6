"""Who may act in the admin channel: every admin command and button × a moderator in the
admin chat, a member of the admin chat who is not a moderator, a moderator in a private chat
and a banned moderator. Every refusal is answered, changes nothing and is logged."""

from __future__ import annotations

import pytest

from core.moderation.admin import REFUSED
from core.orders.model import DisputeStatus
from handlers.admin.commands import ADMIN_COMMANDS as USAGE
from tests.admin.conftest import World, text_of

#: Each admin command with arguments that would work for a moderator.
COMMANDS = {
    "disputes": "/disputes",
    "case": "/case {dispute}",
    "claim": "/claim {dispute}",
    "rule": "/rule {dispute} refund Nothing usable was delivered.",
    "hold": "/hold {order} Checking a chargeback",
    "unhold": "/unhold {order}",
    "release": "/release {order}",
    "reverse": "/reverse {order} Approved by mistake",
    "refund": "/refund {order} Fraud found after release",
    "ban": "/ban #{seller} Spam in every message",
    "unban": "/unban #{seller}",
    "warn": "/warn #{seller} Keep it civil",
    "hide": "/hide offer:{offer} Misleading title",
    "unhide": "/unhide offer:{offer}",
    "verifications": "/verifications",
    "verify_ok": "/verify_ok #{seller}",
    "verify_no": "/verify_no #{seller} Documents unreadable",
    "credit": "/credit #{seller} +20 Refund of a boost",
    "reports": "/reports",
    "stats": "/stats 7",
    "audit": "/audit order:{order}",
    "mod": "/mod add #{buyer}",
    # Added by the Telegram Stars top-ups (no refunder in these tests: it says so).
    "refund_stars": "/refund_stars ch_test_1 Paid twice",
}
BUTTONS = ["adm:case:{dispute}", "adm:claim:{dispute}", "adm:rule:{dispute}:split",
           "adm:vok:{seller}", "adm:vno:{seller}", "adm:rclose:1"]


def test_the_matrix_covers_every_admin_command() -> None:
    assert set(COMMANDS) == set(USAGE) - {"help", "cancel"}


def fill(world: World, template: str) -> str:
    return template.format(
        dispute=world.dispute.id, order=world.order.id, seller=world.seller.id,
        buyer=world.buyer.id, offer=world.order.offer_id,
    )


def snapshot(world: World) -> tuple[object, ...]:
    s = world.store.state
    return (
        {k: (v.status, v.claimed_by) for k, v in s.disputes.items()},
        {k: v.status for k, v in s.orders.items()},
        {k: (v.status, v.roles, v.verification) for k, v in s.accounts.items()},
        {k: v.status for k, v in s.offers.items()},
        dict(s.balances),
    )


ACTORS = ["outsider", "moderator_in_private", "banned_moderator"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
async def test_refused_commands_change_nothing_and_are_logged(
    world: World, command: str, actor: str
) -> None:
    text = fill(world, COMMANDS[command])
    before = snapshot(world)
    refusals = len(world.audit(REFUSED))
    if actor == "outsider":
        replies = await world.say(world.outsider, text)
        expected, who = "Only moderators", world.outsider
    elif actor == "moderator_in_private":
        replies = await world.say(world.mod, text, private=True)
        expected, who = "only in the moderators' admin channel", world.mod
    else:
        replies = await world.say(world.banned_mod, text)
        expected, who = "banned", world.banned_mod
    assert expected in text_of(replies)
    assert snapshot(world) == before
    logged = world.audit(REFUSED)
    assert len(logged) == refusals + 1
    assert logged[-1].actor_id == who.id and logged[-1].note == f"/{command}"  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", sorted(COMMANDS))
async def test_a_moderator_in_the_admin_chat_is_served(world: World, command: str) -> None:
    actor = world.owner if command == "mod" else world.mod  # /mod is the owners'
    if command in ("unhold",):
        await world.say(actor, fill(world, "/hold {order} Checking a chargeback"))
    if command in ("verify_ok", "verify_no"):
        from core.accounts import accounts

        await accounts.request_verification(world.ctx, account_id=world.seller.id)
    if command == "unban":
        await world.say(actor, fill(world, "/ban #{seller} Spam in every message"))
    if command == "unhide":
        await world.say(actor, fill(world, "/hide offer:{offer} Misleading title"))
    replies = await world.say(actor, fill(world, COMMANDS[command]))
    text = text_of(replies)
    assert "⛔" not in text and "Usage" not in text and "Unknown" not in text, text
    assert world.audit(REFUSED) == []


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("button", BUTTONS)
async def test_refused_buttons_change_nothing(world: World, button: str, actor: str) -> None:
    action = fill(world, button)
    before = snapshot(world)
    if actor == "outsider":
        replies = await world.press(world.outsider, action)
    elif actor == "moderator_in_private":
        replies = await world.press(world.mod, action, private=True)
    else:
        replies = await world.press(world.banned_mod, action)
    assert replies and all(r.alert for r in replies) and "⛔" in text_of(replies)
    assert snapshot(world) == before
    assert world.audit(REFUSED)[-1].note == f"button {action}"  # type: ignore[attr-defined]


async def test_only_owners_change_moderators(world: World) -> None:
    replies = await world.say(world.mod, f"/mod add #{world.buyer.id}")
    assert "Only the owners" in text_of(replies)
    assert not world.store.state.accounts[world.buyer.id].is_moderator
    await world.say(world.owner, f"/mod add #{world.buyer.id}")
    assert world.store.state.accounts[world.buyer.id].is_moderator
    replies = await world.say(world.owner, f"/mod remove #{world.owner.id}")
    assert "owner" in text_of(replies) and world.store.state.accounts[world.owner.id].is_moderator
    await world.say(world.owner, f"/mod remove #{world.buyer.id}")
    assert not world.store.state.accounts[world.buyer.id].is_moderator
    assert [e.action for e in world.store.state.audit if e.subject == f"account:{world.buyer.id}"
            ][-2:] == ["role.add", "role.remove"]


async def test_a_moderator_cannot_act_on_an_order_they_are_a_party_to(world: World) -> None:
    await world.say(world.owner, f"/mod add #{world.seller.id}")
    before = snapshot(world)
    for text in (f"/claim {world.dispute.id}", f"/rule {world.dispute.id} release Looks fine",
                 f"/hold {world.order.id} Just checking"):
        replies = await world.say(world.seller, text)
        assert "You are a party to order" in text_of(replies)
    assert snapshot(world) == before
    assert world.store.state.disputes[world.dispute.id].status is DisputeStatus.OPEN


async def test_non_admin_commands_in_private_chats_are_not_the_admin_apps(world: World) -> None:
    for text in ("/help", "/cancel", "/offers", "hello"):
        assert not world.app.owns(world.incoming(world.mod, text, private=True))
    assert world.app.owns(world.incoming(world.mod, "/stats", private=True))
    assert world.app.owns(world.incoming(world.outsider, "anything at all"))
