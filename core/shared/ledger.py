"""Double-entry ledger rules shared by credits and escrow money.

A transaction moves an integer amount of one asset (``credits`` or an ISO currency in cents)
between ledger accounts; its entries sum to zero, and its idempotency key is unique, so a
retried top-up or spend is applied once. Only the types below exist: there is deliberately no
type that moves credits from one user to another, and no rule that turns money into credits.

Ledger account names: ``user:<account id>`` (a user's credits, or their money wallet),
``escrow:<order id>``, ``payable:<account id>`` (money owed to a seller), and ``world:*``
accounts for value that enters or leaves the platform (top-ups, spends, the processor). Only
``world:*`` accounts may go negative; storage refuses any other balance below zero.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from core.shared.errors import ValidationFailed
from core.shared.input_errors import BAD_AMOUNT

CREDITS = "credits"


class TxType(enum.StrEnum):
    # credits
    WELCOME_GRANT = "welcome_grant"
    TOPUP_CRYPTO = "topup_crypto"
    TOPUP_STARS = "topup_stars"
    REFUND_STARS = "refund_stars"
    SPEND_PUBLISH = "spend_publish"
    SPEND_RENEW = "spend_renew"
    SPEND_BOOST = "spend_boost"
    SPEND_POST_REQUEST = "spend_post_request"
    SPEND_VERIFICATION = "spend_verification"
    SPEND_USERNAME = "spend_username"
    SPEND_API_ACCESS = "spend_api_access"
    ADJUSTMENT = "adjustment"
    #: The platform rewards a proofer's in-time scorecard (off-platform orders).
    PROOFER_REWARD = "proofer_reward"
    #: A closed account's remaining credits leave the platform (core.accounts.closing).
    FORFEIT_CLOSED = "forfeit_closed"
    # money (escrow, in cents)
    WALLET_DEPOSIT = "wallet_deposit"
    ESCROW_FUND = "escrow_fund"
    ESCROW_RELEASE = "escrow_release"
    ESCROW_REFUND = "escrow_refund"
    PAYOUT = "payout"
    #: An in-time proofer's fee, from the order's escrow to their payable balance.
    PROOFER_FEE = "proofer_fee"
    #: A card holder's bank took an order's payment back (a lost chargeback).
    CHARGEBACK = "chargeback"
    #: A payout taken back from the seller because of a chargeback.
    PAYOUT_REVERSAL = "payout_reversal"
    #: What the payment processor kept of a card charge (its balance transaction's fee).
    PROCESSING_FEE = "processing_fee"


CREDIT_TYPES = frozenset(
    {
        TxType.WELCOME_GRANT,
        TxType.TOPUP_CRYPTO,
        TxType.TOPUP_STARS,
        TxType.REFUND_STARS,
        TxType.SPEND_PUBLISH,
        TxType.SPEND_RENEW,
        TxType.SPEND_BOOST,
        TxType.SPEND_POST_REQUEST,
        TxType.SPEND_VERIFICATION,
        TxType.SPEND_USERNAME,
        TxType.SPEND_API_ACCESS,
        TxType.ADJUSTMENT,
        TxType.PROOFER_REWARD,
        TxType.FORFEIT_CLOSED,
    }
)
MONEY_TYPES = frozenset(TxType) - CREDIT_TYPES
TOPUP_TYPES = frozenset({TxType.TOPUP_CRYPTO, TxType.TOPUP_STARS})

WORLD_GRANTS = "world:grants"
WORLD_TOPUPS = "world:topups"
WORLD_SPENT = "world:spent"
WORLD_ADJUSTMENTS = "world:adjustments"
#: What the payment processor holds for the platform: card charges in, refunds out.
WORLD_PROCESSOR = "world:processor"
WORLD_PAYOUTS = "world:payouts"
#: Money card holders' banks took back from the platform (lost chargebacks).
WORLD_CHARGEBACKS = "world:chargebacks"
PLATFORM_FEES = "world:platform_fees"
#: The processor's fees on card charges, paid out of the platform's fee income (so that
#: income is net): ``world:platform_fees → world:processing_fees`` per charge.
WORLD_PROCESSING_FEES = "world:processing_fees"
#: Credits of closed accounts: not money, never moved to anyone, so they leave the platform.
WORLD_FORFEITED = "world:forfeited"


def user_account(account_id: int) -> str:
    return f"user:{account_id}"


def escrow_account(order_id: int) -> str:
    return f"escrow:{order_id}"


def payable_account(account_id: int) -> str:
    return f"payable:{account_id}"


def may_go_negative(ledger_account: str) -> bool:
    return ledger_account.startswith("world:")


@dataclass(frozen=True)
class Entry:
    ledger_account: str
    amount: int


@dataclass(frozen=True)
class LedgerTransaction:
    """A balanced set of entries; ``account_id`` is the user it is shown to in /history."""

    type: TxType
    asset: str
    idempotency_key: str
    entries: tuple[Entry, ...]
    memo: str = ""
    account_id: int | None = None
    actor_id: int | None = None
    created_at: datetime | None = None
    reference: str | None = None
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if sum(e.amount for e in self.entries) != 0:
            raise ValueError(f"ledger transaction {self.idempotency_key} does not balance")
        if any(not isinstance(e.amount, int) or isinstance(e.amount, bool) for e in self.entries):
            raise TypeError("ledger amounts are integers")
        if self.asset == CREDITS and self.type not in CREDIT_TYPES:
            raise ValueError(f"{self.type} is not a credit transaction type")
        if self.asset != CREDITS and self.type not in MONEY_TYPES:
            raise ValueError(f"{self.type} is not a money transaction type")
        users = {e.ledger_account for e in self.entries if e.ledger_account.startswith("user:")}
        if self.asset == CREDITS and len(users) > 1:
            # The one structural guarantee that credits never move between users.
            raise ValueError("credits never move between users")

    def delta_for(self, ledger_account: str) -> int:
        return sum(e.amount for e in self.entries if e.ledger_account == ledger_account)


def transfer(
    *,
    type: TxType,
    asset: str,
    source: str,
    destination: str,
    amount: int,
    idempotency_key: str,
    memo: str = "",
    account_id: int | None = None,
    actor_id: int | None = None,
    reference: str | None = None,
) -> LedgerTransaction:
    if amount <= 0:
        raise ValidationFailed(BAD_AMOUNT, field="amount")
    return LedgerTransaction(
        type=type,
        asset=asset,
        idempotency_key=idempotency_key,
        entries=(Entry(source, -amount), Entry(destination, amount)),
        memo=memo,
        account_id=account_id,
        actor_id=actor_id,
        reference=reference,
    )


@dataclass(frozen=True)
class PostedTransaction:
    """A transaction as stored, with the balance of ``account_id`` right after it."""

    id: int
    type: TxType
    asset: str
    amount: int
    memo: str
    created_at: datetime
    reference: str | None = None


@dataclass(frozen=True)
class PriceList:
    publish_offer: int = 10
    renew_offer: int = 5
    boost_per_day: int = 5
    post_request: int = 0
    verification: int = 50
    username_change: int = 20
    api_access: int = 20
    welcome_grant: int = 100
