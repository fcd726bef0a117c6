"""The error codes of escrow, and its errors that carry more than a code."""

from __future__ import annotations

from core.shared.errors import Conflict, ErrorCode, InsufficientCredits, MarketplaceError
from core.shared.money import major_text

ESCROW_UNAVAILABLE = ErrorCode(
    "payment.escrow_unavailable",
    "Escrow is not available on this BotGig: no payment processor is configured. Orders are "
    "paid off-platform.",
)
INVALID_SIGNATURE = ErrorCode(
    "payment.invalid_signature", "The payment processor's signature does not verify."
)
BUYER_ONLY = ErrorCode("payment.buyer_only", "Only the buyer of order {order_id} can pay for it.")
NOT_ESCROW = ErrorCode("order.not_escrow", "Order {order_id} is not an escrow order.")
NOT_AWAITING_FUNDING = ErrorCode(
    "order.not_awaiting_funding", "Order {order_id} is {status}; it cannot be funded now."
)
WALLET_INSUFFICIENT = ErrorCode(
    "payment.wallet_insufficient",
    "Your wallet holds {balance} {currency}; the order needs {needed}. Deposit money or pay "
    "by card.",
)
NOT_RELEASED = ErrorCode("order.not_released", "Order {order_id} is not a completed escrow order.")
NOTHING_RELEASED = ErrorCode("order.nothing_released", "Nothing of order {order_id} was released.")
REFUNDED_ALREADY = ErrorCode("order.refunded", "Order {order_id} was refunded already.")
CHARGEBACK_OPEN = ErrorCode(
    "payment.chargeback_open",
    "Order {order_id} has a card chargeback open at the bank: its money stays where the "
    "chargeback put it until the bank decides. Try again once the chargeback is closed.",
)
CHARGEBACK_LOST = ErrorCode(
    "payment.chargeback_lost",
    "The card holder's bank took order {order_id}'s payment back already (a lost "
    "chargeback): a refund would pay the buyer twice. What the bank kept is in the order's "
    "timeline and the admin channel.",
)
OWN_ORDER = ErrorCode(
    "payment.own_order",
    "You are a party to order {order_id}; another moderator must act on it.",
)
PAYOUT_IN_FLIGHT = ErrorCode(
    "payment.in_flight",
    "The payout of order {order_id} is being sent right now; try again in a minute.",
)
PAYOUT_CHANGED = ErrorCode(
    "payment.changed", "The payout of order {order_id} changed meanwhile; try again."
)
SELLER_CANNOT_RECEIVE = ErrorCode(
    "payment.payout_account_not_ready",
    "The seller's payout account cannot receive payouts yet (/payouts).",
)
NO_PAYOUT_TO_REVERSE = ErrorCode(
    "payment.no_payout_to_reverse", "The payout of order {order_id} to reverse is not recorded."
)
NOTHING_TO_RELEASE = ErrorCode(
    "payment.nothing_to_release", "Order {order_id} has no payout waiting to be sent."
)
CHECKOUT_DECLINED = ErrorCode(
    "payment.card_declined",
    "The payment processor declined the payment of order {order_id}: {reason} Try another "
    "card (pay again for a new link) or cancel the order.",
)
CHECKOUT_REFUSED = ErrorCode(
    "payment.checkout_refused",
    "The payment processor refused a payment link for order {order_id}: {reason} The order "
    "waits unfunded; cancel it or pay again once this is fixed.",
)
CHECKOUT_UNAVAILABLE = ErrorCode(
    "payment.checkout_unavailable",
    "The payment processor could not make a payment link for order {order_id} right now; "
    "try again in a minute (pay again) or cancel the order.",
)
BELOW_MINIMUM = ErrorCode(
    "payment.amount_below_minimum",
    "Escrow needs at least {minimum}; this order costs {amount}. Raise the price or pay "
    "off-platform.",
)
EMAIL_UNVERIFIED = ErrorCode(
    "payment.email_unverified",
    "Verify your email first (POST /api/auth/verify-email with the token we sent), then set "
    "up payouts again: money is paid out only to verified accounts.",
)
NO_CARD_PAYMENT = ErrorCode(
    "payment.no_card_payment", "The card payment of order {order_id} is not recorded."
)


class EscrowUnavailable(Conflict):
    code = ESCROW_UNAVAILABLE.code

    def __init__(self) -> None:
        super().__init__(ESCROW_UNAVAILABLE)


class InvalidSignature(MarketplaceError):
    """A webhook whose signature does not verify (or is too old: a replay). ``detail`` is
    logged, not shown."""

    code = INVALID_SIGNATURE.code
    status = 400

    def __init__(self, detail: str = "") -> None:
        super().__init__(INVALID_SIGNATURE)
        self.detail = detail


class GatewayError(MarketplaceError):
    """The payment processor refused or failed a call; ``retryable`` when trying again
    later may succeed (network, rate limit, a balance not yet available). The adapter's
    message is the processor's own words (English only)."""

    code = "payment.gateway_error"
    default_message = "The payment processor did not accept the request."
    status = 502

    def __init__(
        self,
        message: ErrorCode | str,
        *,
        code: str | None = None,
        retryable: bool = True,
        declined: bool = False,
        **params: object,
    ) -> None:
        super().__init__(message, code=code, **params)
        self.retryable = retryable
        #: The buyer's card was refused (a card error), not the request.
        self.declined = declined


class CheckoutFailed(MarketplaceError):
    """No checkout link for an escrow order: the card was declined (402), the processor
    refused the request (422), or it is unreachable (503). The order stays unfunded and
    cancellable; ``reason`` is the processor's own words."""

    code = CHECKOUT_REFUSED.code

    def __init__(self, order_id: int, cause: GatewayError) -> None:
        if cause.declined:
            message, self.status = CHECKOUT_DECLINED, 402
        elif cause.retryable:
            message, self.status = CHECKOUT_UNAVAILABLE, 503
        else:
            message, self.status = CHECKOUT_REFUSED, 422
        # The adapter prefixes the processor's name; the buyer reads its words only.
        reason = cause.message.split(": ", 1)[-1].rstrip(".") + "."
        if "{reason}" in message.template:
            super().__init__(message, order_id=order_id, reason=reason)
        else:
            super().__init__(message, order_id=order_id)
        self.processor_code = cause.code


class WalletInsufficient(InsufficientCredits):
    """The buyer's wallet holds less money than the order costs (cents)."""

    code = WALLET_INSUFFICIENT.code

    def __init__(self, needed: int, balance: int, currency: str) -> None:
        self.needed = needed
        self.balance = balance
        MarketplaceError.__init__(
            self,
            WALLET_INSUFFICIENT,
            balance=major_text(balance, currency),
            currency=currency.upper(),
            needed=major_text(needed, currency),
        )
