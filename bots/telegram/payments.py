"""Telegram Stars on the Bot API: the invoice of a credit pack, and refunds.

``send_stars_invoice`` sends ``sendInvoice`` in ``XTR`` (Stars take no payment provider, so
the provider token is empty). ``TelegramStarsRefunder`` is the ``core.credits.ports.StarsRefunder``
the moderators' ``/refund_stars`` uses.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import LabeledPrice, Message

from core.credits.stars_model import XTR, StarsInvoice, StarsRefundFailed
from handlers.i18n import Translator
from handlers.markup import to_plain

log = logging.getLogger(__name__)

TITLE_LIMIT = 32
DESCRIPTION_LIMIT = 255
#: Forwarded copies of an invoice get a deep link to the bot instead of a Pay button, so
#: nobody pays into someone else's account from a forwarded invoice.
START_PARAMETER = "topup"


async def send_stars_invoice(
    bot: Bot, chat_id: int, invoice: StarsInvoice, language: str | None
) -> Message:
    tr = Translator(language)
    return await bot.send_invoice(
        chat_id=chat_id,
        title=to_plain(tr("stars.invoice_title", credits=invoice.credits))[:TITLE_LIMIT],
        description=to_plain(tr("stars.invoice_description", credits=invoice.credits))[
            :DESCRIPTION_LIMIT
        ],
        payload=invoice.payload,
        currency=XTR,
        prices=[
            LabeledPrice(
                label=to_plain(tr("stars.invoice_label", credits=invoice.credits)),
                amount=invoice.stars,
            )
        ],
        provider_token="",
        start_parameter=START_PARAMETER,
    )


class TelegramStarsRefunder:
    """``refundStarPayment`` through the bot. A charge Telegram says is refunded already
    counts as done (an earlier attempt whose answer was lost)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def refund_star_payment(self, *, telegram_user_id: int, charge_id: str) -> None:
        try:
            await self.bot.refund_star_payment(
                user_id=telegram_user_id, telegram_payment_charge_id=charge_id
            )
        except TelegramBadRequest as exc:
            if "CHARGE_ALREADY_REFUNDED" in exc.message.upper():
                log.info("Stars charge %s was refunded already", charge_id)
                return
            raise StarsRefundFailed(
                f"Telegram refused the refund of {charge_id}: {exc.message}"
            ) from None
        except TelegramAPIError as exc:
            log.warning("refundStarPayment %s failed: %s", charge_id, exc)
            raise StarsRefundFailed(
                "Telegram could not be reached; nothing was changed. Try again."
            ) from None
