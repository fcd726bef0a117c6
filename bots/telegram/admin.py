"""The admin channel on Telegram: a router for the moderators' group and the sink that
posts admin events (dispute case cards, notices) there.

The admin app itself (``admin_bot.app.AdminApp``) is platform-neutral; this module only maps
aiogram updates to ``Incoming`` and ``Reply`` lists to messages. It depends on the small
``AdminConversation`` protocol, not on admin_bot, and the composition root wires the two.

The router goes into ``TelegramFrontEnd(extra_routers=...)`` so it sees updates before the
user routers: every message and button press in the admin chat, and admin commands or
``adm:`` buttons anywhere else (which the admin app refuses and logs). ``TelegramAdminSink``
owns the admin chat: build the user notifier with ``admin_chat_id=None`` so an admin event
is posted once, not twice.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bots.telegram.contract import ConversationApp
from bots.telegram.mapping import incoming_from_callback, incoming_from_message
from bots.telegram.pacing import Pacer
from bots.telegram.render import TelegramSender
from core.events import DomainEvent
from core.model import Account, Identity
from handlers import fmt
from handlers.markup import escape, link
from handlers.types import Incoming, Reply

log = logging.getLogger(__name__)


class Mention(Protocol):
    def __call__(self, account: Account, identities: Sequence[Identity]) -> str | None: ...


class AdminConversation(Protocol):
    """What the Telegram admin channel needs from ``admin_bot.app.AdminApp``."""

    def owns(self, incoming: Incoming) -> bool:
        """Whether the update is the admin app's (the admin chat, or an admin command)."""

    async def handle(self, incoming: Incoming) -> list[Reply]: ...

    async def render(self, event: DomainEvent, *, mention: Mention | None = None) -> list[Reply]:
        """The admin channel's post for an event (empty when none)."""


def telegram_mention(account: Account, identities: Sequence[Identity]) -> str | None:
    """A mention that notifies the moderator in a group (a ``tg://user`` link)."""
    telegram = next((i for i in identities if i.provider == "telegram"), None)
    if telegram is None:
        return None
    return link(f"tg://user?id={telegram.external_id}", escape(fmt.handle(account)))


def admin_router(admin_app: AdminConversation) -> Router:
    """The admin channel's router; the admin app decides which updates are its own."""
    r = Router(name="admin")

    async def owns_message(message: Message, bot: Bot, account_id: int, language: str) -> bool:
        incoming = await _incoming(message, bot, account_id, language)
        return incoming is not None and admin_app.owns(incoming)

    async def on_message(
        message: Message, bot: Bot, chat_app: ConversationApp, account_id: int, language: str
    ) -> None:
        incoming = await _incoming(message, bot, account_id, language)
        if incoming is None:
            return
        replies = await admin_app.handle(incoming)
        await TelegramSender(bot, chat_app).answer_message(message, replies)

    async def owns_callback(callback: CallbackQuery, account_id: int, language: str) -> bool:
        incoming = incoming_from_callback(callback, account_id=account_id, language=language)
        return admin_app.owns(incoming)

    async def on_callback(
        callback: CallbackQuery,
        bot: Bot,
        chat_app: ConversationApp,
        account_id: int,
        language: str,
    ) -> None:
        incoming = incoming_from_callback(callback, account_id=account_id, language=language)
        replies = await admin_app.handle(incoming)
        await TelegramSender(bot, chat_app).answer_callback(callback, replies)

    r.message.register(on_message, owns_message)
    r.callback_query.register(on_callback, owns_callback)
    return r


async def _incoming(message: Message, bot: Bot, account_id: int, language: str) -> Incoming | None:
    me = await bot.me()
    return incoming_from_message(
        message, account_id=account_id, language=language, bot_username=me.username
    )


class TelegramAdminSink:
    """``core.ports.EventSink`` posting admin-channel events to the admin chat.

    One post per event: the user notifier is built without an admin chat. Posts are paced
    with the notifier's pacer (a group takes about 20 messages a minute); a post that went
    out is remembered for its event, so a retry after a failure does not repeat it.
    """

    name = "telegram-admin"

    def __init__(
        self,
        admin_app: AdminConversation,
        bot: Bot,
        chat_app: ConversationApp,
        admin_chat_id: int,
        *,
        pacer: Pacer | None = None,
        memory: int = 10_000,
    ) -> None:
        self.admin_app = admin_app
        self.admin_chat_id = admin_chat_id
        self.sender = TelegramSender(bot, chat_app, pacer=pacer or Pacer())
        self._memory = memory
        self._sent: OrderedDict[str, None] = OrderedDict()

    async def deliver(self, event: DomainEvent) -> None:
        if "admin" not in event.channels:
            return
        replies = await self.admin_app.render(event, mention=telegram_mention)
        for index, reply in enumerate(replies):
            key = f"{event.id}:{index}"
            if key in self._sent:
                continue
            await self.sender.send_reply(self.admin_chat_id, reply)
            self._sent[key] = None
            while len(self._sent) > self._memory:
                self._sent.popitem(last=False)
