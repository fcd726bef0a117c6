"""Button presses. The action string is user-controlled, so the conversation layer re-checks
who may press it; a stale or foreign button comes back as an alert and changes nothing."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery

from bots.telegram.conversation import handle_callback
from core.accounts.model import Account
from core.shared.context import Context
from handlers.contract import ConversationApp


async def on_button(
    callback: CallbackQuery,
    bot: Bot,
    chat_app: ConversationApp,
    account_id: int,
    language: str,
    ctx: Context,
    account: Account | None = None,
) -> None:
    await handle_callback(
        callback,
        bot=bot,
        chat_app=chat_app,
        account_id=account_id,
        language=language,
        stored=ctx.files,
        account=account,
    )


async def on_dataless(callback: CallbackQuery, bot: Bot) -> None:
    await bot.answer_callback_query(callback_query_id=callback.id)


def router() -> Router:
    r = Router(name="callbacks")
    r.callback_query.register(on_button, F.data)
    r.callback_query.register(on_dataless)
    return r
