"""The one path from a Telegram message or button press to the conversation layer and back."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery, Message

from bots.telegram.mapping import incoming_from_callback, incoming_from_message
from bots.telegram.render import TelegramSender
from handlers.contract import ConversationApp


async def handle_message(
    message: Message, *, bot: Bot, chat_app: ConversationApp, account_id: int, language: str
) -> None:
    me = await bot.me()
    incoming = incoming_from_message(
        message, account_id=account_id, language=language, bot_username=me.username
    )
    if incoming is None:
        return
    replies = await chat_app.handle(incoming)
    await TelegramSender(bot, chat_app).answer_message(message, replies)


async def handle_callback(
    callback: CallbackQuery,
    *,
    bot: Bot,
    chat_app: ConversationApp,
    account_id: int,
    language: str,
) -> None:
    incoming = incoming_from_callback(callback, account_id=account_id, language=language)
    replies = await chat_app.handle(incoming)
    await TelegramSender(bot, chat_app).answer_callback(callback, replies)
