"""Telegram Stars top-ups: credit packs priced in Stars, the invoice payload, and the payments.

Telegram requires digital goods sold inside a bot to be paid in Stars (currency ``XTR``). A
pack is ``credits:stars`` (``BOTGIG_STARS_PACKS``). The invoice's payload names the account
and the pack; pre-checkout accepts it only while the pack is still offered at that price and
the account may top up. A successful payment credits once per Telegram charge id (ledger key
``stars:<charge id>``) and is recorded (``StarsPayment``) so a moderator can refund it while
its credits are unspent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.shared.errors import MarketplaceError

#: The currency code of Telegram Stars.
XTR = "XTR"
#: Telegram's limit on a single Stars invoice.
MAX_STARS_PER_INVOICE = 10_000
MAX_PACKS = 8

_PAYLOAD = re.compile(r"bgs1:(?P<account>[1-9][0-9]{0,17}):(?P<credits>[1-9][0-9]{0,8}):"
                      r"(?P<stars>[1-9][0-9]{0,8})\Z")
_CHARGE_ID = re.compile(r"[A-Za-z0-9_\-.:]{1,200}\Z")


class StarsPaymentStatus(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"


@dataclass(frozen=True, order=True)
class StarsPack:
    """``credits`` credits for ``stars`` Telegram Stars."""

    credits: int
    stars: int

    def __post_init__(self) -> None:
        if isinstance(self.credits, bool) or not isinstance(self.credits, int):
            raise TypeError("a pack's credits are a whole number")
        if isinstance(self.stars, bool) or not isinstance(self.stars, int):
            raise TypeError("a pack's price in Stars is a whole number")
        if not 1 <= self.credits <= 10**9:
            raise ValueError(f"a pack holds 1 to 1000000000 credits, not {self.credits}")
        if not 1 <= self.stars <= MAX_STARS_PER_INVOICE:
            raise ValueError(
                f"a pack costs 1 to {MAX_STARS_PER_INVOICE} Stars (Telegram's limit per "
                f"invoice), not {self.stars}"
            )


def parse_packs(text: str) -> tuple[StarsPack, ...]:
    """``"100:50,500:225"`` → packs of 100 credits for 50 Stars and 500 for 225, ordered by
    credits. Empty text means no packs. Raises ``ValueError`` naming the bad item."""
    packs: list[StarsPack] = []
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        credits, sep, stars = (part.strip() for part in item.partition(":"))
        if not sep or not credits.isdigit() or not stars.isdigit():
            raise ValueError(
                f"{item!r} is not a pack; write credits:stars pairs separated by commas, "
                "e.g. 100:50,500:225"
            )
        try:
            pack = StarsPack(int(credits), int(stars))
        except ValueError as exc:
            raise ValueError(f"{item!r}: {exc}") from None
        if any(p.credits == pack.credits for p in packs):
            raise ValueError(f"{item!r}: two packs of {pack.credits} credits")
        packs.append(pack)
    if len(packs) > MAX_PACKS:
        raise ValueError(f"at most {MAX_PACKS} packs, got {len(packs)}")
    return tuple(sorted(packs))


@dataclass(frozen=True)
class StarsPurchase:
    """What an invoice sells: ``pack`` for ``account_id``."""

    account_id: int
    pack: StarsPack

    @property
    def payload(self) -> str:
        """The invoice payload (at most 46 bytes; Telegram allows 128)."""
        return f"bgs1:{self.account_id}:{self.pack.credits}:{self.pack.stars}"


def decode_payload(payload: str | None) -> StarsPurchase | None:
    """The purchase an invoice payload names; None for anything not made by ``payload``."""
    match = _PAYLOAD.match(payload or "")
    if match is None:
        return None
    try:
        pack = StarsPack(int(match["credits"]), int(match["stars"]))
    except ValueError:
        return None
    return StarsPurchase(int(match["account"]), pack)


def valid_charge_id(charge_id: str) -> bool:
    return bool(_CHARGE_ID.match(charge_id or ""))


def ledger_key(charge_id: str) -> str:
    """The ledger idempotency key of a Stars payment's credit."""
    return f"stars:{charge_id}"


def refund_key(charge_id: str) -> str:
    return f"stars-refund:{charge_id}"


@dataclass
class StarsPayment:
    """A successful Stars payment, recorded once per Telegram charge id."""

    id: int
    charge_id: str
    account_id: int
    #: The payer's Telegram user id (what refundStarPayment needs).
    telegram_user_id: int
    credits: int
    stars: int
    status: StarsPaymentStatus
    paid_at: datetime
    refunded_at: datetime | None = None
    refunded_by: int | None = None


@dataclass(frozen=True)
class StarsInvoice:
    """What the Telegram front end puts in ``sendInvoice`` (currency ``XTR``)."""

    purchase: StarsPurchase

    @property
    def payload(self) -> str:
        return self.purchase.payload

    @property
    def stars(self) -> int:
        return self.purchase.pack.stars

    @property
    def credits(self) -> int:
        return self.purchase.pack.credits


class StarsUnavailable(MarketplaceError):
    code = "credits.stars_unavailable"
    status = 503
    default_message = "Telegram Stars top-ups are not offered on this BotGig."


class StarsCheckoutRefused(MarketplaceError):
    """Pre-checkout says no (the message is shown to the payer by Telegram)."""

    code = "stars.checkout_refused"
    status = 409


class StarsRefundFailed(MarketplaceError):
    """Telegram did not refund the Stars; nothing was changed."""

    code = "stars.refund_failed"
    status = 502
