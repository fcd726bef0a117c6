"""Orders and what hangs off them: timeline, messages, deliveries, timers, reviews, disputes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.accounts.model import Authorship


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
    """What was automated in a delivery and with which tools, as its author declared, whether
    the author says a human reviewed it, and the supervisor's sign-off (``reviewed_by``,
    ``reviewed_at``) where the offer requires one. An agent that declares nothing still gets a
    record, ``declared=False``, so the buyer sees that it said nothing."""

    automated: str
    tools: tuple[str, ...] = ()
    reviewed_by: int | None = None
    reviewed_at: datetime | None = None
    declared: bool = True
    human_reviewed: bool = False


UNDECLARED = Provenance(automated="", declared=False)


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
    #: Subject ``export``: prepare a data export in the background, then drop it when stale.
    ACCOUNT_EXPORT = "account_export"
    EXPORT_EXPIRY = "export_expiry"


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
