"""The error router: the one place where failures become answers.

``MarketplaceError``s are mapped by the conversation layer already; one that escapes (from
the identity middleware, say) is answered with its message, as an alert on a button press.
Anything else is logged with the update's context and answered generically, so the user is
never left with a spinning button or silence.
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.types import ErrorEvent

from bots.telegram.render import shorten
from bots.telegram.texts import say
from core.shared.errors import MarketplaceError
from handlers.markup import escape, to_plain

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    exc = event.exception
    update = event.update
    callback = update.callback_query
    message = update.message
    user = callback.from_user if callback else (message.from_user if message else None)
    chat_id = (
        callback.message.chat.id if callback and callback.message
        else message.chat.id if message
        else user.id if user else None
    )
    if isinstance(exc, TelegramForbiddenError):
        log.info("update %s: the bot may not write to chat %s: %s", update.update_id, chat_id,
                 exc.message)
        return True
    if isinstance(exc, MarketplaceError):
        log.info("update %s: %r escaped the handlers", update.update_id, exc)
        text = escape(exc.message)
    else:
        log.error(
            "update %s (%s) from user %s in chat %s failed",
            update.update_id, update.event_type, user.id if user else None, chat_id,
            exc_info=exc,
        )
        text = say(user.language_code if user else None, "front.internal_error")
    try:
        if callback is not None:
            try:
                await bot.answer_callback_query(
                    callback_query_id=callback.id,
                    text=shorten(to_plain(text)),
                    show_alert=True,
                )
                return True
            except TelegramBadRequest:
                pass  # answered already, or too old: say it in the chat instead
        if chat_id is not None:
            await bot.send_message(chat_id=chat_id, text=text)
    except TelegramAPIError as api_error:
        log.warning("could not tell chat %s about the failure: %s", chat_id, api_error)
    return True


def router() -> Router:
    r = Router(name="errors")
    r.errors.register(on_error)
    return r
