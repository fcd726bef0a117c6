"""The one path from a Telegram message or button press to the conversation layer and back."""

from __future__ import annotations

import logging
from dataclasses import replace

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bots.telegram.files import TelegramFiles
from bots.telegram.mapping import incoming_from_callback, incoming_from_message
from bots.telegram.render import TelegramSender
from core.accounts.model import Account
from core.accounts.ports import FileContents
from handlers.contract import ConversationApp
from handlers.types import Busy

log = logging.getLogger(__name__)


class TelegramChatActions:
    """``sendChatAction`` for one chat: Telegram shows "sending a photo…" for about five
    seconds or until the bot's next message there."""

    def __init__(self, bot: Bot, chat_id: int, thread_id: int | None = None) -> None:
        self.bot, self.chat_id, self.thread_id = bot, chat_id, thread_id

    async def busy(self, kind: Busy) -> None:
        try:
            await self.bot.send_chat_action(
                chat_id=self.chat_id, action=kind.value, message_thread_id=self.thread_id
            )
        except TelegramAPIError as error:
            # Only an indicator: the reply itself still goes out.
            log.info("chat action %s in %s failed: %s", kind.value, self.chat_id, error)


async def handle_message(
    message: Message,
    *,
    bot: Bot,
    chat_app: ConversationApp,
    account_id: int,
    language: str,
    stored: FileContents | None = None,
    account: Account | None = None,
) -> None:
    """``stored`` is BotGig's file store (``Context.files``): its files are uploaded."""
    me = await bot.me()
    incoming = incoming_from_message(
        message, account_id=account_id, language=language, bot_username=me.username
    )
    if incoming is None:
        return
    # The account IdentityMiddleware read for this update: the conversation layer need not
    # read it again.
    incoming = replace(incoming, account=account)
    actions = TelegramChatActions(bot, message.chat.id, message.message_thread_id)
    replies = await chat_app.handle(incoming, actions, TelegramFiles(bot))
    await TelegramSender(bot, chat_app, files=stored).answer_message(message, replies)


async def handle_callback(
    callback: CallbackQuery,
    *,
    bot: Bot,
    chat_app: ConversationApp,
    account_id: int,
    language: str,
    stored: FileContents | None = None,
    account: Account | None = None,
) -> None:
    incoming = incoming_from_callback(callback, account_id=account_id, language=language)
    incoming = replace(incoming, account=account)
    chat = callback.message.chat.id if callback.message is not None else callback.from_user.id
    replies = await chat_app.handle(incoming, TelegramChatActions(bot, chat), TelegramFiles(bot))
    await TelegramSender(bot, chat_app, files=stored).answer_callback(callback, replies)
