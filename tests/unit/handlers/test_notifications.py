"""The notification pipeline (``handlers.notifications``) over an in-memory transport:
routing to the account's one platform, dedup of a retried event, feed and admin posts, the
inbox for closed DMs and the admin app's posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from core.accounts import accounts
from core.accounts.model import Account, Identity
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import i18n
from handlers.app import ChatApp
from handlers.contract import Mention
from handlers.notifications import (
    AdminPosts,
    Channel,
    NotificationFailed,
    Notifier,
    Unreachable,
)
from handlers.types import Notification, Reply
from tests.fakes import FakeStore


@dataclass
class MemoryTransport:
    """Records what it sends; ``refuse`` and ``fail`` make a user unreachable or flaky."""

    platform: str = "telegram"
    channels: frozenset[str] = frozenset({"feed", "admin"})
    direct: list[tuple[str, str, str]] = field(default_factory=list)
    posts: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    fail: set[str] = field(default_factory=set)

    def has_channel(self, channel: Channel) -> bool:
        return channel in self.channels

    async def send_direct(self, user_id: str, notification: Notification, language: str) -> None:
        if user_id in self.refuse:
            raise Unreachable("blocked")
        if user_id in self.fail:
            raise ConnectionError("timeout")
        self.direct.append((user_id, notification.text, language))

    async def post(
        self, channel: Channel, notification: Notification, pings: tuple[str, ...] = ()
    ) -> None:
        self.posts.append((channel, notification.text, pings))


async def user(ctx: Context, platform: str, external_id: str, name: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider=platform, external_id=external_id, display_name=name
    )
    return account


def adjusted(account_id: int, event_id: str = "e1") -> DomainEvent:
    return DomainEvent(
        type="credits.adjusted",
        payload={"account_id": account_id, "amount": 5, "reason": "test"},
        recipients=(account_id,),
        id=event_id,
    )


@pytest.fixture
def app(ctx: Context) -> ChatApp:
    return ChatApp(ctx)


async def test_each_account_is_notified_on_its_one_platform(
    ctx: Context, store: FakeStore, app: ChatApp
) -> None:
    alice = await user(ctx, "telegram", "10", "Alice")
    bob = await user(ctx, "discord", "20", "Bob")
    store.state.identities[("telegram", "11")] = Identity("telegram", "11", bob.id)
    store.state.accounts[bob.id].notify_platform = "discord"
    telegram, discord = MemoryTransport("telegram"), MemoryTransport("discord")
    platforms = {"telegram", "discord"}
    for transport in (telegram, discord):
        notifier = Notifier(ctx, app, transport, platforms=platforms)
        assert notifier.name == transport.platform
        await notifier.deliver(adjusted(alice.id, "a"))
        await notifier.deliver(adjusted(bob.id, "b"))
    assert [d[0] for d in telegram.direct] == ["10"]
    assert [d[0] for d in discord.direct] == ["20"]
    # Only running front ends count: without Discord, Bob hears on Telegram.
    alone = MemoryTransport("telegram")
    await Notifier(ctx, app, alone, platforms={"telegram"}).deliver(adjusted(bob.id, "c"))
    assert [d[0] for d in alone.direct] == ["11"]


async def test_a_notification_is_rendered_in_the_recipients_language(
    ctx: Context, store: FakeStore, app: ChatApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "de", {"n.account_unbanned": "✅ Wieder aktiv."})
    alice = await user(ctx, "telegram", "10", "Alice")
    bob = await user(ctx, "telegram", "20", "Bob")
    store.state.accounts[alice.id].language = "de"
    transport = MemoryTransport()
    event = DomainEvent(type="account.unbanned", payload={}, recipients=(alice.id, bob.id))
    await Notifier(ctx, app, transport).deliver(event)
    assert transport.direct == [
        ("10", "✅ Wieder aktiv.", "de"), ("20", "✅ Your account is active again.", "en"),
    ]


async def test_a_retried_event_repeats_nothing_that_went_out(
    ctx: Context, app: ChatApp
) -> None:
    alice = await user(ctx, "telegram", "10", "Alice")
    bob = await user(ctx, "telegram", "20", "Bob")
    transport = MemoryTransport(fail={"20"})
    notifier = Notifier(ctx, app, transport)
    event = DomainEvent(
        type="credits.adjusted", payload={"amount": 5, "reason": "test"},
        recipients=(alice.id, bob.id), id="e1",
    )
    with pytest.raises(NotificationFailed, match="user 20"):
        await notifier.deliver(event)
    transport.fail.clear()
    await notifier.deliver(event)
    await notifier.deliver(event)  # a duplicate delivery sends nothing more
    assert [d[0] for d in transport.direct] == ["10", "20"]


async def test_an_unreachable_user_is_skipped_not_retried(ctx: Context, app: ChatApp) -> None:
    alice = await user(ctx, "telegram", "10", "Alice")
    transport = MemoryTransport(refuse={"10"})
    notifier = Notifier(ctx, app, transport)
    await notifier.deliver(adjusted(alice.id))
    assert transport.direct == []


async def test_closed_dms_keep_the_notification_in_the_inbox(
    ctx: Context, app: ChatApp
) -> None:
    dana = await user(ctx, "discord", "20", "Dana")
    told: list[tuple[str, int]] = []

    async def notice(user_id: str, waiting: int, language: str) -> None:
        told.append((user_id, waiting))

    transport = MemoryTransport("discord", refuse={"20"})
    notifier = Notifier(ctx, app, transport, inbox_notice=notice)
    await notifier.deliver(adjusted(dana.id, "a"))
    await notifier.deliver(adjusted(dana.id, "a"))  # a retry keeps it once
    await notifier.deliver(adjusted(dana.id, "b"))
    assert told == [("20", 1), ("20", 2)]
    waiting = await notifier.inbox.pending(dana.id)
    assert [n.event_id for n in waiting] == ["a", "b"]
    await notifier.inbox.remove(dana.id, waiting[:1])
    assert await notifier.inbox.count(dana.id) == 1


async def test_feed_and_admin_posts_go_once_to_the_configured_channels(
    ctx: Context, app: ChatApp
) -> None:
    offer = DomainEvent(
        type="offer.published",
        payload={"offer_id": 3, "title": "Inbox triage", "category": "support-triage",
                 "price_cents": 15000},
        channels=("feed",), id="o",
    )
    unknown = DomainEvent(type="x.odd", payload={"order_id": 9}, channels=("admin",), id="x")
    transport = MemoryTransport()
    notifier = Notifier(ctx, app, transport)
    for event in (offer, unknown, offer, unknown):
        await notifier.deliver(event)
    assert [(c, "Inbox triage" in t or "x.odd" in t) for c, t, _ in transport.posts] == [
        ("feed", True), ("admin", True),
    ]
    quiet = MemoryTransport(channels=frozenset())
    await Notifier(ctx, app, quiet).deliver(offer)
    assert quiet.posts == []


@dataclass
class CallingAdmin:
    """An admin app calling every moderator it is given to a case."""

    moderators: Sequence[tuple[Account, Sequence[Identity]]]

    async def render(
        self, event: DomainEvent, *, mention: Mention | None = None, platform: str | None = None
    ) -> list[Reply]:
        assert mention is not None
        names = [m for a, i in self.moderators if (m := mention(a, i))]
        return [Reply("Case 1 " + " ".join(names)), Reply("evidence")]


async def test_admin_posts_ping_the_moderators_on_their_platform_once(ctx: Context) -> None:
    mod = await user(ctx, "discord", "30", "Mod")
    other = await user(ctx, "telegram", "40", "Other")
    moderators = [(mod, [Identity("discord", "30", mod.id)]),
                  (other, [Identity("telegram", "40", other.id)])]
    transport = MemoryTransport("discord", channels=frozenset({"admin"}))

    def mention(account: Account, identities: Sequence[Identity]) -> str | None:
        return f"@{account.display_name}" if identities[0].provider == "discord" else None

    sink = AdminPosts(CallingAdmin(moderators), transport, mention)  # type: ignore[arg-type]
    assert sink.name == "discord-admin"
    event = DomainEvent(type="dispute.unclaimed", payload={}, channels=("admin",), id="d")
    await sink.deliver(event)
    await sink.deliver(event)
    await sink.deliver(DomainEvent(type="x", payload={}, recipients=(1,), id="n"))
    assert transport.posts == [
        ("admin", "Case 1 @Mod", ("30",)), ("admin", "evidence", ("30",)),
    ]
