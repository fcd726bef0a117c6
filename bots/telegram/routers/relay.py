"""Plain text in a private chat: a form answer, or a message for the order the user is in
(or replies to), which the conversation layer relays to the other party with its 🤖/👤
label. Media Telegram cannot hand over as a file get a short notice."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType, ContentType
from aiogram.types import Message

from bots.telegram.conversation import handle_message
from bots.telegram.texts import say
from core.accounts.model import Account
from core.shared.context import Context
from handlers.contract import ConversationApp

#: User content we cannot pass on: the user is asked to send it as a file instead.
UNSUPPORTED = {
    ContentType.STICKER,
    ContentType.VOICE,
    ContentType.VIDEO,
    ContentType.VIDEO_NOTE,
    ContentType.AUDIO,
    ContentType.ANIMATION,
    ContentType.LOCATION,
    ContentType.CONTACT,
    ContentType.VENUE,
    ContentType.POLL,
    ContentType.DICE,
}


async def on_text(
    message: Message,
    bot: Bot,
    chat_app: ConversationApp,
    account_id: int,
    language: str,
    ctx: Context,
    account: Account | None = None,
) -> None:
    await handle_message(
        message,
        bot=bot,
        chat_app=chat_app,
        account_id=account_id,
        language=language,
        stored=ctx.files,
        account=account,
    )


async def on_unsupported(message: Message, bot: Bot, language: str) -> None:
    await bot.send_message(chat_id=message.chat.id, text=say(language, "front.unsupported"))


def router() -> Router:
    r = Router(name="relay")
    private = F.chat.type == ChatType.PRIVATE
    r.message.register(on_text, private, F.text)
    r.message.register(on_unsupported, private, F.content_type.in_(UNSUPPORTED))
    return r
