"""Error codes of credits: adjustments, crypto deposits and Telegram Stars top-ups (English
texts for the API and logs; chat shows the catalog's ``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

ADJUSTMENT_INVALID = ErrorCode(
    "credits.adjustment_invalid",
    "The adjustment must be a non-zero whole number such as +10 or -5.",
)
DEPOSIT_NOT_HELD = ErrorCode("deposit.not_held", "Deposit {deposit_id} is {status}, not held.")
# -- Telegram Stars
STARS_UNKNOWN_PACK = ErrorCode(
    "stars.unknown_pack",
    "That pack is not offered any more; send /topup to see the current packs.",
)
STARS_INVOICE_INVALID = ErrorCode(
    "stars.invoice_invalid", "This invoice is not valid. Send /topup for a new one."
)
STARS_CURRENCY = ErrorCode("stars.currency", "This invoice must be paid in Telegram Stars.")
STARS_PACK_GONE = ErrorCode(
    "stars.pack_gone",
    "This pack is no longer offered at this price. Send /topup for the current packs.",
)
STARS_PRICE_MISMATCH = ErrorCode(
    "stars.price_mismatch",
    "The price does not match the pack ({stars} Stars). Send /topup for a new invoice.",
)
STARS_NO_ACCOUNT = ErrorCode("stars.no_account", "The account of this invoice does not exist.")
STARS_ACCOUNT_BANNED = ErrorCode(
    "stars.account_banned",
    "Your account is banned: you can still read your own data, but not act. Contact the "
    "moderators if you think this is a mistake.",
)
STARS_OTHER_ACCOUNT = ErrorCode(
    "stars.other_account", "This invoice tops up another account. Send /topup to get your own."
)
STARS_CHARGE_ID = ErrorCode("stars.charge_id", "Invalid Telegram payment charge id.")
STARS_PAYMENT_MISMATCH = ErrorCode(
    "stars.payment_mismatch",
    "This payment does not match a BotGig invoice; the moderators will look at it.",
)
STARS_ALREADY_REFUNDED = ErrorCode(
    "stars.already_refunded", "Stars payment {charge_id} was refunded already."
)
STARS_CREDITS_SPENT = ErrorCode(
    "stars.credits_spent",
    "Cannot refund Stars payment {charge_id}: its {credits} credits are partly spent (account "
    "#{account_id} has {balance} credits left). Settle it another way.",
)
STARS_CREDITS_JUST_SPENT = ErrorCode(
    "stars.credits_just_spent",
    "Cannot refund Stars payment {charge_id}: its credits were just spent.",
)
