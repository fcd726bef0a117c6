"""Entities and value objects of the marketplace.

Entities are plain mutable dataclasses: repositories hand out copies and take them back with
``add``/``update``, so the in-memory fakes and SQL storage behave alike. Money is integer cents
with a currency, credits are whole integers, and every time is timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class AccountKind(StrEnum):
    HUMAN = "human"
    AGENT = "agent"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    BANNED = "banned"


class VerificationStatus(StrEnum):
    NONE = "none"
    PENDING = "pending"
    VERIFIED = "verified"


class Authorship(StrEnum):
    """Who produced a message or delivery: the bot (an agent executing) or a person."""

    AGENT = "agent"
    HUMAN = "human"


MODERATOR = "moderator"


@dataclass
class Account:
    id: int
    display_name: str
    kind: AccountKind
    created_at: datetime
    username: str | None = None
    supervisor_id: int | None = None
    status: AccountStatus = AccountStatus.ACTIVE
    verification: VerificationStatus = VerificationStatus.NONE
    roles: frozenset[str] = frozenset()
    email: str | None = None
    email_verified: bool = False
    #: The language the account chose (``/settings language``); None: speak the client's.
    language: str | None = None
    #: The language of the chat client it last wrote from (Telegram ``language_code``, Discord
    #: ``locale``): what notifications speak while no language is chosen.
    client_language: str | None = None
    #: Paid-up end of API access; None means never paid (the first period is granted on creation).
    api_access_until: datetime | None = None
    #: How many times the username was set; the first is free.
    username_changes: int = 0
    #: 0..100, recomputed by the services whenever an input of the score changes (see trust.py).
    trust_score: int = 0
    ban_reason: str | None = None
    #: Where notifications go ("telegram", "discord"); None means the last platform used.
    notify_platform: str | None = None
    last_platform: str | None = None

    @property
    def is_moderator(self) -> bool:
        return MODERATOR in self.roles

    @property
    def is_banned(self) -> bool:
        return self.status is AccountStatus.BANNED

    @property
    def handle(self) -> str:
        return f"@{self.username}" if self.username else self.display_name


@dataclass(frozen=True)
class Identity:
    """A way to reach or recognise an account.

    ``telegram:<id>``, ``discord:<id>`` or ``email:<addr>``.
    """

    provider: str
    external_id: str
    account_id: int


class OfferStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    EXPIRED = "expired"
    HIDDEN = "hidden"


@dataclass
class Offer:
    id: int
    seller_id: int
    title: str
    category: str
    description: str
    inputs: str
    output_format: str
    delivery_days: int
    #: Share of the work done by bot execution, in percent; the rest is human review/work.
    bot_pct: int
    price_cents: int
    currency: str
    revisions_included: int
    status: OfferStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None = None
    boosted_until: datetime | None = None
    #: An agent's delivery waits for its supervisor's sign-off before the buyer sees it.
    requires_signoff: bool = False
    hidden_reason: str | None = None
    #: Status to return to when a moderator unhides the listing.
    status_before_hidden: OfferStatus | None = None

    def is_boosted(self, now: datetime) -> bool:
        return self.boosted_until is not None and self.boosted_until > now


class RequestStatus(StrEnum):
    OPEN = "open"
    AWARDED = "awarded"
    CLOSED = "closed"
    EXPIRED = "expired"
    HIDDEN = "hidden"


@dataclass
class Request:
    id: int
    buyer_id: int
    title: str
    category: str
    description: str
    inputs: str
    budget_min_cents: int
    budget_max_cents: int
    currency: str
    deadline: datetime
    proofers_wanted: int
    status: RequestStatus
    created_at: datetime
    updated_at: datetime
    hidden_reason: str | None = None
    status_before_hidden: RequestStatus | None = None


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass
class Proposal:
    id: int
    request_id: int
    seller_id: int
    message: str
    price_cents: int
    timeline_days: int
    status: ProposalStatus
    created_at: datetime
    updated_at: datetime


class PaymentMode(StrEnum):
    OFF_PLATFORM = "off_platform"
    ESCROW = "escrow"


class OrderStatus(StrEnum):
    AWAITING_FUNDING = "awaiting_funding"
    IN_PROGRESS = "in_progress"
    AWAITING_SUPERVISOR = "awaiting_supervisor"
    DELIVERED = "delivered"
    PROOFING = "proofing"
    RELEASE_PENDING = "release_pending"
    DISPUTED = "disputed"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL_STATUSES

    @property
    def is_frozen(self) -> bool:
        """Frozen states pause every timer of the order."""
        return self in (OrderStatus.DISPUTED, OrderStatus.ON_HOLD)


TERMINAL_STATUSES = frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REFUNDED})


@dataclass
class Order:
    id: int
    buyer_id: int
    seller_id: int
    title: str
    price_cents: int
    currency: str
    payment_mode: PaymentMode
    status: OrderStatus
    revisions_included: int
    delivery_days: int
    due_at: datetime
    created_at: datetime
    updated_at: datetime
    offer_id: int | None = None
    request_id: int | None = None
    proposal_id: int | None = None
    revisions_used: int = 0
    requires_signoff: bool = False
    proofers_wanted: int = 0
    #: The state a hold or dispute returns to.
    resume_status: OrderStatus | None = None
    #: The party that asked to cancel by mutual agreement, waiting for the other.
    cancel_requested_by: int | None = None
    delivered_at: datetime | None = None
    completed_at: datetime | None = None
    #: Optimistic lock: storage refuses an update whose version is stale.
    version: int = 0

    @property
    def revisions_left(self) -> int:
        return max(0, self.revisions_included - self.revisions_used)

    def party_role(self, account_id: int) -> str | None:
        if account_id == self.buyer_id:
            return "buyer"
        if account_id == self.seller_id:
            return "seller"
        return None

    def other_party(self, account_id: int) -> int:
        return self.seller_id if account_id == self.buyer_id else self.buyer_id


@dataclass(frozen=True)
class OrderEvent:
    """One line of an order's timeline: who did what, when and why."""

    id: int
    order_id: int
    action: str
    from_status: OrderStatus | None
    to_status: OrderStatus
    actor_id: int | None
    actor_role: str
    created_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file stored by the platform (or a platform file id) with its name and size."""

    name: str
    ref: str
    size: int = 0
    content_type: str | None = None


@dataclass(frozen=True)
class OrderMessage:
    id: int
    order_id: int
    author_id: int
    authorship: Authorship
    text: str
    created_at: datetime
    attachment: Attachment | None = None
    #: The secret-scanner replaced something in ``text`` before the other party saw it.
    redacted: bool = False


@dataclass(frozen=True)
class Provenance:
    """What was automated in an agent's delivery, as declared, and who reviewed it."""

    automated: str
    tools: tuple[str, ...] = ()
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None


@dataclass
class Delivery:
    id: int
    order_id: int
    author_id: int
    authorship: Authorship
    note: str
    created_at: datetime
    url: str | None = None
    attachment: Attachment | None = None
    provenance: Provenance | None = None


class TimerKind(StrEnum):
    FUNDING_TIMEOUT = "funding_timeout"
    SELLER_DEADLINE = "seller_deadline"
    AUTO_APPROVE = "auto_approve"
    RELEASE = "release"
    PROOFING_WINDOW = "proofing_window"
    REMINDER_SELLER = "reminder_seller"
    REMINDER_BUYER = "reminder_buyer"
    REVIEW_REVEAL = "review_reveal"
    OFFER_EXPIRY = "offer_expiry"
    REQUEST_EXPIRY = "request_expiry"
    #: Subject ``dispute``: the case is still unclaimed; post it again with a mention.
    DISPUTE_UNCLAIMED = "dispute_unclaimed"


class TimerStatus(StrEnum):
    PENDING = "pending"
    PAUSED = "paused"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass
class Timer:
    """A deadline stored as a row: the scheduler of any process fires it once.

    ``subject`` is ``order``, ``offer`` or ``request``. ``for_status`` makes a timer stale when
    its order has left the state it was armed for. Pausing keeps the time left in
    ``remaining_seconds`` so a dispute or hold extends the deadline by its own length.
    """

    id: int
    kind: TimerKind
    subject: str
    subject_id: int
    due_at: datetime
    status: TimerStatus
    created_at: datetime
    for_status: str | None = None
    remaining_seconds: int | None = None
    fired_at: datetime | None = None


@dataclass
class Review:
    id: int
    order_id: int
    author_id: int
    subject_id: int
    rating: int
    text: str
    created_at: datetime
    revealed_at: datetime | None = None


class DisputeStatus(StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"


class Ruling(StrEnum):
    RELEASE = "release"
    REFUND = "refund"
    SPLIT = "split"
    RESUME = "resume"


@dataclass
class Dispute:
    id: int
    order_id: int
    opened_by: int
    reason: str
    status: DisputeStatus
    created_at: datetime
    claimed_by: int | None = None
    claimed_at: datetime | None = None
    ruling: Ruling | None = None
    split_pct: int | None = None
    note: str | None = None
    resolved_at: datetime | None = None
    resolved_by: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    actor_id: int | None
    action: str
    subject: str
    created_at: datetime
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TrustStats:
    """Inputs of the trust score, aggregated by storage in one query for many accounts."""

    account_id: int
    rating_count: int = 0
    rating_sum: int = 0
    completed: int = 0
    finished: int = 0
    disputed: int = 0
    repeat_hires: int = 0
