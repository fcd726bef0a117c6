"""Domain events: what happened, in the past tense, written to the outbox in the same
transaction as the change, and delivered at least once to chat DMs, the admin and feed
channels and the account's webhooks.

Every event has a stable ``type`` (the webhook event type where one exists) and a flat JSON
``payload``; ``recipients`` are the accounts that should hear about it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class DomainEvent:
    type: str
    payload: dict[str, Any]
    recipients: tuple[int, ...] = ()
    #: Channels beyond DMs: "admin" (moderators), "feed" (public listing feed).
    channels: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime | None = None


# The event types of DESIGN §4 plus the chat-only ones. Front ends render each of them.
ORDER_CREATED = "order.created"
ORDER_FUNDED = "order.funded"
ORDER_DELIVERED = "order.delivered"
ORDER_AWAITING_SUPERVISOR = "order.awaiting_supervisor"
ORDER_SENT_BACK = "order.sent_back"
ORDER_REVISION_REQUESTED = "order.revision_requested"
ORDER_APPROVED = "order.approved"
ORDER_COMPLETED = "order.completed"
ORDER_CANCELLED = "order.cancelled"
ORDER_CANCEL_REQUESTED = "order.cancel_requested"
ORDER_DISPUTED = "order.disputed"
ORDER_HELD = "order.held"
ORDER_UNHELD = "order.unheld"
ORDER_APPROVAL_REVERSED = "order.approval_reversed"
ORDER_PROOFING_STARTED = "order.proofing_started"
ORDER_PROOFING_FINISHED = "order.proofing_finished"
ORDER_REMINDER = "order.reminder"
DISPUTE_RESOLVED = "dispute.resolved"
DISPUTE_CLAIMED = "dispute.claimed"
PAYMENT_RELEASED = "payment.released"
PAYMENT_REFUNDED = "payment.refunded"
MESSAGE_RECEIVED = "message.received"
REVIEW_RECEIVED = "review.received"
REVIEWS_REVEALED = "review.revealed"
APPLICATION_RECEIVED = "job.application_received"
APPLICATION_ACCEPTED = "application.accepted"
APPLICATION_REJECTED = "application.rejected"
APPLICATION_WITHDRAWN = "application.withdrawn"
OFFER_PUBLISHED = "offer.published"
OFFER_EXPIRED = "offer.expired"
REQUEST_POSTED = "request.posted"
REQUEST_EXPIRED = "request.expired"
CREDITS_TOPPED_UP = "credits.topped_up"
CREDITS_ADJUSTED = "credits.adjusted"
ACCOUNT_BANNED = "account.banned"
ACCOUNT_UNBANNED = "account.unbanned"
VERIFICATION_REQUESTED = "verification.requested"
VERIFICATION_DECIDED = "verification.decided"
LISTING_HIDDEN = "listing.hidden"
PROOF_ASSIGNED = "proof.assigned"
PROOF_SUBMITTED = "proof.submitted"
PROOF_CONSENSUS = "proof.consensus"

ALL_EVENT_TYPES: frozenset[str] = frozenset(
    value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str)
)
