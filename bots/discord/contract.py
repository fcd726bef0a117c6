"""What the Discord front end needs from the conversation layer.

``handlers.app.ChatApp`` satisfies this structurally; the front end depends on the protocol
so tests can drive it with a stand-in and the composition root passes the real one.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol

from core.events import DomainEvent
from handlers.types import Incoming, Notification, Reply


class ConversationApp(Protocol):
    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Replies to one user action; MarketplaceErrors are already mapped to replies."""

    async def render(self, event: DomainEvent) -> list[Notification]:
        """The event as one notification per recipient account, plus channel posts
        (``account_id`` 0, ``extra["channel"]`` "feed" or "admin")."""

    def render_feed(
        self, event: DomainEvent
    ) -> Notification | Awaitable[Notification | None] | None:
        """The event as a post for the feed channel, or None (plain or awaitable)."""

    async def remember_relay(
        self, platform: str, chat_ref: str, message_ref: str, order_id: int
    ) -> None:
        """Remember that ``message_ref`` in ``chat_ref`` belongs to an order."""

    def command_menu(self, language: str) -> list[tuple[str, str]]:
        """(command, description) pairs."""
