"""The admin channel on Telegram: a router for the moderators' group and the mention the
admin posts (dispute case cards, notices) call moderators with.

The admin app itself (``handlers.admin.AdminApp``) is platform-neutral; this module only maps
aiogram updates to ``Incoming`` and ``Reply`` lists to messages. It depends on the small
``handlers.contract.AdminConversation`` protocol, and the composition root wires the two.

The router goes into ``TelegramFrontEnd(extra_routers=...)`` so it sees updates before the
user routers: every message and button press in the admin chat, and admin commands or
``adm:`` buttons anywhere else (which the admin app refuses and logs). The admin chat's posts
go out through ``handlers.notifications.AdminPosts`` with a ``TelegramTransport`` and
``telegram_mention``: build the user notifier with ``admin_chat_id=None`` so an admin event is
posted once, not twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, Message

from bots.telegram.mapping import incoming_from_callback, incoming_from_message
from bots.telegram.render import TelegramSender
from core.accounts.model import Account, Identity
from core.shared.context import Context
from handlers import fmt
from handlers.contract import AdminConversation, ConversationApp
from handlers.markup import escape, link
from handlers.types import Incoming

log = logging.getLogger(__name__)


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
        message: Message, bot: Bot, chat_app: ConversationApp, account_id: int, language: str,
        ctx: Context,
    ) -> None:
        incoming = await _incoming(message, bot, account_id, language)
        if incoming is None:
            return
        replies = await admin_app.handle(incoming)
        # BotGig's stored files (evidence, copied deliveries) are uploaded.
        await TelegramSender(bot, chat_app, files=ctx.files).answer_message(message, replies)

    async def owns_callback(callback: CallbackQuery, account_id: int, language: str) -> bool:
        incoming = incoming_from_callback(callback, account_id=account_id, language=language)
        return admin_app.owns(incoming)

    async def on_callback(
        callback: CallbackQuery,
        bot: Bot,
        chat_app: ConversationApp,
        account_id: int,
        language: str,
        ctx: Context,
    ) -> None:
        incoming = incoming_from_callback(callback, account_id=account_id, language=language)
        replies = await admin_app.handle(incoming)
        await TelegramSender(bot, chat_app, files=ctx.files).answer_callback(callback, replies)

    r.message.register(on_message, owns_message)
    r.callback_query.register(on_callback, owns_callback)
    return r


async def _incoming(message: Message, bot: Bot, account_id: int, language: str) -> Incoming | None:
    me = await bot.me()
    return incoming_from_message(
        message, account_id=account_id, language=language, bot_username=me.username
    )
