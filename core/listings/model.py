"""Listings: offers, requests and the proposals on requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


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
    #: Independent proofers (0-3) who check each delivery of an order of this offer.
    proofers_wanted: int = 0
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
