"""The one error tree of BotGig, and the registry of its codes.

Services raise these; every edge (the chat layer, the admin channel, the FastAPI exception
handler) maps them once. ``code`` is stable and dotted so clients can branch on it.

Each code is declared once as an :class:`ErrorCode` with its default English template; a raise
site passes the code and the template's parameters::

    USERNAME_TAKEN = ErrorCode("account.username_taken", "@{name} is taken; pick another.")
    raise Conflict(USERNAME_TAKEN, name=name)

The API and the logs show the English text (``message``); chat looks the code up in the
message catalog as ``error.<code>`` and formats it with ``params`` in the user's language. The
catalog tests check that every registered code has that key, with the same placeholders, in
every language.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

#: Every declared code and its English template, filled as modules declare them.
REGISTRY: dict[str, ErrorCode] = {}


@dataclass(frozen=True)
class ErrorCode:
    """A stable error code with its English template (``str.format`` placeholders)."""

    code: str
    template: str

    def __post_init__(self) -> None:
        known = REGISTRY.get(self.code)
        if known is not None and known.template != self.template:
            raise ValueError(f"error code {self.code!r} is declared twice with different texts")
        REGISTRY[self.code] = self

    @property
    def placeholders(self) -> frozenset[str]:
        return placeholders(self.template)

    def format(self, params: Mapping[str, object]) -> str:
        return self.template.format(**params)


def placeholders(template: str) -> frozenset[str]:
    """The named fields of a ``str.format`` template (``{name}``, ``{count:,}`` → name, count)."""
    return frozenset(
        field.split(".", 1)[0].split("[", 1)[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field
    )


class MarketplaceError(Exception):
    """Base of every error a user can cause and fix."""

    code: str = "marketplace.error"
    default_message: str = "Something in the request is not allowed."
    #: HTTP-ish status the edges use; the API maps it directly, chat ignores it.
    status: int = 400

    def __init__(
        self,
        message: ErrorCode | str | None = None,
        *,
        code: str | None = None,
        **params: object,
    ) -> None:
        self.params: dict[str, object] = params
        self.error_code = message if isinstance(message, ErrorCode) else None
        if isinstance(message, ErrorCode):
            # ``code`` keeps an API code that predates the message's own (clients branch on it).
            self.code = code or message.code
            self.message = message.format(params)
        else:
            # A plain string is English only: chat shows it as is.
            self.message = message.format(**params) if message and params else (
                message or self.default_message
            )
            if code is not None:
                self.code = code
        super().__init__(self.message)

    @property
    def catalog_key(self) -> str:
        """The message catalog key of this error's text in chat."""
        return f"error.{self.error_code.code if self.error_code else self.code}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


NOT_FOUND = ErrorCode("not_found", "{What} {ident} was not found.")
INVALID_TRANSITION = ErrorCode(
    "order.invalid_transition", "Order {order_id} is {status}: '{action}' is not possible now."
)
INSUFFICIENT_CREDITS = ErrorCode(
    "credits.insufficient",
    "This costs {needed} credits and your balance is {balance}. Top up with /topup, then try "
    "again.",
)
RATE_LIMITED = ErrorCode("rate_limited", "Too many actions; try again in {seconds} s.")


class ValidationFailed(MarketplaceError):
    """Input that breaks a rule; the message states the rule."""

    code = "validation.failed"
    default_message = "The input is not valid."
    status = 422

    def __init__(
        self,
        message: ErrorCode | str,
        *,
        field: str | None = None,
        code: str | None = None,
        **params: object,
    ) -> None:
        self.field = field
        if not isinstance(message, ErrorCode) and code is None and field:
            code = f"validation.{field}"
        super().__init__(message, code=code, **params)


class NotFound(MarketplaceError):
    code = "not_found"
    default_message = "Nothing was found with that id."
    status = 404

    def __init__(self, what: str, ident: object) -> None:
        self.what = what
        super().__init__(NOT_FOUND, What=what.replace("_", " ").capitalize(), ident=ident)
        # The code names the kind of thing (``order.not_found``); the text is shared.
        self.code = f"{what}.not_found"

    @property
    def catalog_key(self) -> str:
        return f"error.{NOT_FOUND.code}"


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
    code = INVALID_TRANSITION.code

    def __init__(self, order_id: int, status: str, action: str) -> None:
        self.order_id = order_id
        self.state = status
        self.action = action
        super().__init__(
            INVALID_TRANSITION,
            order_id=order_id,
            status=status.replace("_", " "),
            action=action.replace("_", " "),
        )


class ConcurrentUpdate(Conflict):
    """Someone else changed the same record first (optimistic locking)."""

    code = "conflict.concurrent_update"
    default_message = "Someone changed this at the same moment; please try again."


class InsufficientCredits(MarketplaceError):
    code = INSUFFICIENT_CREDITS.code
    status = 402

    def __init__(self, needed: int, balance: int) -> None:
        self.needed = needed
        self.balance = balance
        super().__init__(INSUFFICIENT_CREDITS, needed=needed, balance=balance)


class ApiAccessUnpaid(MarketplaceError):
    code = "credits.api_access_unpaid"
    status = 402
    default_message = (
        "API access has lapsed and your credit balance cannot renew it. "
        "Top up credits (/topup in chat or GET /api/me/credits/deposit-address), then retry."
    )


class RateLimited(MarketplaceError):
    code = RATE_LIMITED.code
    status = 429

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(RATE_LIMITED, seconds=max(1, round(retry_after)))
