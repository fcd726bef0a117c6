"""Telegram Stars top-ups: a pack button (``stars:buy:<credits>:<stars>``) → ``sendInvoice``;
``pre_checkout_query`` answered only after the core validated the pack, the price and the
account; ``successful_payment`` credited once per charge id (the core records it). The
``credits.topped_up`` event then tells the user through the notifier."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, Message, PreCheckoutQuery

from bots.telegram.payments import send_stars_invoice
from bots.telegram.render import shorten
from bots.telegram.texts import say
from core.credits import stars
from core.shared.context import Context
from core.shared.errors import Conflict, MarketplaceError
from handlers.actions import parse
from handlers.commands.topup import STARS_BUY, STARS_DOMAIN
from handlers.i18n import Translator
from handlers.markup import code, escape, to_plain

log = logging.getLogger(__name__)

ERROR_LIMIT = 255
BUY_PREFIX = f"{STARS_DOMAIN}:{STARS_BUY}:"


async def on_buy(
    callback: CallbackQuery, bot: Bot, ctx: Context, account_id: int, language: str
) -> None:
    action = parse(callback.data)
    credits_ = action.int_arg(0) if action else None
    price = action.int_arg(1) if action else None
    try:
        if credits_ is None or price is None:
            raise Conflict("That button is not valid any more; send /topup.")
        invoice = await stars.start_stars_purchase(
            ctx, account_id=account_id, credits=credits_, stars=price
        )
    except MarketplaceError as exc:
        await bot.answer_callback_query(
            callback_query_id=callback.id, text=shorten(to_plain(exc.message)), show_alert=True
        )
        return
    await bot.answer_callback_query(callback_query_id=callback.id)
    # The payer's private chat: an invoice in a group could be paid by anyone there.
    try:
        await send_stars_invoice(bot, callback.from_user.id, invoice, language)
    except (TelegramForbiddenError, TelegramBadRequest) as exc:
        log.info("cannot send a Stars invoice to %s: %s", callback.from_user.id, exc.message)
        if callback.message is not None:
            await send_stars_invoice(bot, callback.message.chat.id, invoice, language)


async def on_pre_checkout(query: PreCheckoutQuery, bot: Bot, ctx: Context) -> None:
    """Telegram waits 10 s for this answer; anything but ok cancels the payment."""
    try:
        await stars.check_stars_checkout(
            ctx,
            payload=query.invoice_payload,
            currency=query.currency,
            total_amount=query.total_amount,
            payer=("telegram", str(query.from_user.id)),
        )
    except MarketplaceError as exc:
        log.info("pre-checkout %s refused: %s", query.id, exc.message)
        await bot.answer_pre_checkout_query(
            pre_checkout_query_id=query.id,
            ok=False,
            error_message=to_plain(exc.message)[:ERROR_LIMIT],
        )
        return
    except Exception:
        log.exception("pre-checkout %s failed", query.id)
        await bot.answer_pre_checkout_query(
            pre_checkout_query_id=query.id,
            ok=False,
            error_message=say(query.from_user.language_code, "front.internal_error"),
        )
        return
    await bot.answer_pre_checkout_query(pre_checkout_query_id=query.id, ok=True)


async def on_successful_payment(message: Message, bot: Bot, ctx: Context, language: str) -> None:
    payment = message.successful_payment
    user = message.from_user
    if payment is None or user is None:
        return
    charge_id = payment.telegram_payment_charge_id
    try:
        outcome = await stars.record_stars_payment(
            ctx,
            charge_id=charge_id,
            payload=payment.invoice_payload,
            currency=payment.currency,
            total_amount=payment.total_amount,
            telegram_user_id=user.id,
        )
    except MarketplaceError as exc:
        log.error("Stars payment %s from %s not credited: %s", charge_id, user.id, exc.message)
        await bot.send_message(
            chat_id=message.chat.id,
            text=Translator(language)("stars.payment_unmatched", charge=code(escape(charge_id))),
        )
        return
    if not outcome.credited:
        log.info("Stars payment %s was credited before; repeat ignored", charge_id)


def router() -> Router:
    r = Router(name="payments")
    r.callback_query.register(on_buy, F.data.startswith(BUY_PREFIX))
    r.pre_checkout_query.register(on_pre_checkout)
    r.message.register(on_successful_payment, F.successful_payment)
    return r
