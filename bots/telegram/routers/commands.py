"""Commands (``/offers data``, ``/start offer_12``): the conversation layer knows them all,
including unknown ones, which it answers with a pointer to /help."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import Message

from bots.telegram.conversation import handle_message
from bots.telegram.mapping import parse_command
from core.accounts.model import Account
from core.shared.context import Context
from handlers.contract import ConversationApp


def is_command(message: Message) -> bool:
    return (
        message.text is not None
        and message.document is None
        and not message.photo
        and parse_command(message.text) is not None
    )


async def on_command(
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
    r = Router(name="commands")
    r.message.register(on_command, is_command)
    return r
