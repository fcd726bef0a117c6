"""Documents and photos: order deliveries and files in the order relay. The Telegram
``file_id`` is the reference; a caption may carry a command (``/deliver 12``)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import Message

from bots.telegram.conversation import handle_message
from bots.telegram.mapping import is_private, parse_command
from core.accounts.model import Account
from core.shared.context import Context
from handlers.contract import ConversationApp


def is_file_for_bot(message: Message) -> bool:
    return is_private(message.chat) or parse_command(message.caption) is not None


async def on_file(
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


def router() -> Router:
    r = Router(name="files")
    r.message.register(on_file, F.document | F.photo, is_file_for_bot)
    return r
