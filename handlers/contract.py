"""What the chat front ends need from the conversation layer, in one place.

``handlers.app.ChatApp`` satisfies ``ConversationApp`` and ``handlers.admin.AdminApp``
satisfies ``AdminConversation`` structurally; the front ends depend on these protocols so
tests can drive them with stand-ins and the composition root passes the real ones.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from typing import Protocol

from core.accounts.model import Account, Identity
from core.shared.events import DomainEvent
from handlers.types import ChatActions, Incoming, Notification, PlatformFiles, Reply


class EventRenderer(Protocol):
    """Domain events as notifications (``handlers.render`` behind ``ChatApp``)."""

    async def render(
        self, event: DomainEvent, platform: str | None = None
    ) -> list[Notification]:
        """The event as one notification per recipient account, plus channel posts
        (``account_id`` 0, ``extra["channel"]`` "feed" or "admin") where it renders them;
        commands named as typed on ``platform``."""

    def render_feed(
        self, event: DomainEvent, *, platform: str | None = None
    ) -> Notification | Awaitable[Notification | None] | None:
        """The event as a post for the feed channel, or None (plain or awaitable)."""


class ConversationApp(EventRenderer, Protocol):
    async def handle(
        self,
        incoming: Incoming,
        actions: ChatActions | None = None,
        files: PlatformFiles | None = None,
    ) -> list[Reply]:
        """Replies to one user action; MarketplaceErrors are already mapped to replies.
        ``actions`` shows the client's busy indicator before a slow reply is prepared;
        ``files`` fetches files sent on the platform (copied into BotGig's store)."""

    async def remember_relay(
        self, platform: str, chat_ref: str, message_ref: str, order_id: int
    ) -> None:
        """Remember that ``message_ref`` in ``chat_ref`` belongs to an order, so a reply to
        it is relayed to the other party."""

    def command_menu(self, language: str) -> list[tuple[str, str]]:
        """(command, description) pairs for the client's command menu."""


class Mention(Protocol):
    """The front end's way to mention a moderator (a Telegram ``tg://user`` link, a Discord
    ``@name``); None when it cannot reach that account."""

    def __call__(self, account: Account, identities: Sequence[Identity]) -> str | None: ...


class AdminConversation(Protocol):
    """What an admin channel needs from ``handlers.admin.AdminApp``."""

    def owns(self, incoming: Incoming) -> bool:
        """Whether the update is the admin app's (the admin chat, or an admin command)."""

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Replies to one moderator action; usage and marketplace errors become replies."""

    async def render(
        self, event: DomainEvent, *, mention: Mention | None = None, platform: str | None = None
    ) -> list[Reply]:
        """The admin channel's post for an event (empty when none), naming the admin
        commands as typed on ``platform`` (the admin channel's)."""
