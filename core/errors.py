"""The one error tree of BotGig.

Services raise these; every edge (aiogram error router, discord.py ``tree.on_error``, the
FastAPI exception handler) maps them once. ``code`` is stable and dotted so clients can branch
on it; ``message`` is written for the person who has to fix the input.
"""

from __future__ import annotations


class MarketplaceError(Exception):
    """Base of every error a user can cause and fix."""

    code: str = "marketplace.error"
    default_message: str = "Something in the request is not allowed."
    #: HTTP-ish status the edges use; the API maps it directly, chat ignores it.
    status: int = 400

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ValidationFailed(MarketplaceError):
    """Input that breaks a rule; the message states the rule."""

    code = "validation.failed"
    default_message = "The input is not valid."
    status = 422

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        self.field = field
        super().__init__(message, code=code or (f"validation.{field}" if field else None))


class NotFound(MarketplaceError):
    code = "not_found"
    default_message = "Nothing was found with that id."
    status = 404

    def __init__(self, what: str, ident: object) -> None:
        self.what = what
        super().__init__(f"{what.capitalize()} {ident} was not found.", code=f"{what}.not_found")


class PermissionDenied(MarketplaceError):
    code = "permission_denied"
    default_message = "You are not allowed to do that."
    status = 403


class AccountBanned(PermissionDenied):
    code = "account.banned"
    default_message = (
        "Your account is banned: you can still read your own data, but not act. "
        "Contact the moderators if you think this is a mistake."
    )


class AccountUnverified(PermissionDenied):
    code = "account.unverified"
    default_message = "Verify your email first: open the link we sent you, then try again."


class Conflict(MarketplaceError):
    code = "conflict"
    default_message = "That conflicts with the current state; reload and try again."
    status = 409


class InvalidTransition(Conflict):
    code = "order.invalid_transition"

    def __init__(self, order_id: int, status: str, action: str) -> None:
        self.order_id = order_id
        self.state = status
        self.action = action
        super().__init__(
            f"Order {order_id} is {status.replace('_', ' ')}: "
            f"'{action.replace('_', ' ')}' is not possible now."
        )


class ConcurrentUpdate(Conflict):
    """Someone else changed the same record first (optimistic locking)."""

    code = "conflict.concurrent_update"
    default_message = "Someone changed this at the same moment; please try again."


class InsufficientCredits(MarketplaceError):
    code = "credits.insufficient"
    status = 402

    def __init__(self, needed: int, balance: int) -> None:
        self.needed = needed
        self.balance = balance
        super().__init__(
            f"This costs {needed} credits and your balance is {balance}. "
            "Top up with /topup, then try again."
        )


class ApiAccessUnpaid(MarketplaceError):
    code = "credits.api_access_unpaid"
    status = 402
    default_message = (
        "API access has lapsed and your credit balance cannot renew it. "
        "Top up credits (/topup in chat or GET /api/me/credits/deposit-address), then retry."
    )


class RateLimited(MarketplaceError):
    code = "rate_limited"
    status = 429

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"Too many actions; try again in {max(1, round(retry_after))} s.")
