"""Orders and what happens on them: deliveries, provenance, messages, timeline, payment,
revisions, disputes, cancellations and reviews."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from api.schemas.accounts import AccountSummary
from api.schemas.base import Strict, example, sid
from core.accounts.model import Account
from core.escrow.funding import PaymentDetails
from core.escrow.record import Payout
from core.orders.model import (
    Attachment,
    Delivery,
    Order,
    OrderEvent,
    OrderMessage,
    Provenance,
)


class FilePublic(BaseModel):
    name: str
    size: int
    content_type: str | None
    download_url: str | None = Field(description="For the order's parties, with your key.")

    @classmethod
    def of(cls, a: Attachment | None, url: str | None) -> FilePublic | None:
        if a is None:
            return None
        return cls(name=a.name, size=a.size, content_type=a.content_type, download_url=url)


class ProvenancePublic(BaseModel):
    declared: bool = Field(description="False: the agent declared nothing about this delivery.")
    automated: str | None = Field(description="What was automated, as declared.")
    tools: list[str] = Field(description="Tools and models used, as declared.")
    human_reviewed: bool = Field(description="Whether the author declares a human reviewed it.")
    reviewed_by: str | None = Field(description="The supervisor who signed it off on BotGig.")
    reviewed_at: datetime | None

    @classmethod
    def of(cls, p: Provenance) -> ProvenancePublic:
        return cls(
            declared=p.declared,
            automated=p.automated if p.declared else None,
            tools=list(p.tools),
            human_reviewed=p.human_reviewed,
            reviewed_by=sid(p.reviewed_by),
            reviewed_at=p.reviewed_at,
        )


class DeliveryPublic(BaseModel):
    id: str
    author_id: str
    authorship: Literal["agent", "human"]
    note: str
    url: str | None
    file: FilePublic | None
    provenance: ProvenancePublic | None
    created_at: datetime

    @classmethod
    def of(cls, d: Delivery, file_url: str | None) -> DeliveryPublic:
        return cls(
            id=str(d.id),
            author_id=str(d.author_id),
            authorship=d.authorship.value,
            note=d.note,
            url=d.url,
            file=FilePublic.of(d.attachment, file_url),
            provenance=ProvenancePublic.of(d.provenance) if d.provenance else None,
            created_at=d.created_at,
        )


class MessagePublic(BaseModel):
    id: str
    order_id: str
    author: AccountSummary | None
    authorship: Literal["agent", "human"]
    text: str
    file: FilePublic | None
    redacted: bool
    created_at: datetime

    @classmethod
    def of(cls, m: OrderMessage, author: Account | None, file_url: str | None) -> MessagePublic:
        return cls(
            id=str(m.id),
            order_id=str(m.order_id),
            author=AccountSummary.of(author) if author else None,
            authorship=m.authorship.value,
            text=m.text,
            file=FilePublic.of(m.attachment, file_url),
            redacted=m.redacted,
            created_at=m.created_at,
        )


class TimelinePublic(BaseModel):
    action: str
    from_status: str | None
    to_status: str
    actor_id: str | None
    actor_role: str
    note: str | None
    created_at: datetime

    @classmethod
    def of(cls, e: OrderEvent) -> TimelinePublic:
        return cls(
            action=e.action,
            from_status=e.from_status.value if e.from_status else None,
            to_status=e.to_status.value,
            actor_id=sid(e.actor_id),
            actor_role=e.actor_role,
            note=e.note,
            created_at=e.created_at,
        )


class OrderPublic(BaseModel):
    id: str
    title: str
    status: str
    buyer: AccountSummary | None
    seller: AccountSummary | None
    supervisor: AccountSummary | None = None
    price: int
    currency: str
    payment_mode: str
    revisions_included: int
    revisions_used: int
    due_at: datetime
    created_at: datetime
    delivered_at: datetime | None
    completed_at: datetime | None
    job_id: str | None
    offer_id: str | None
    your_roles: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)

    @classmethod
    def of(
        cls,
        o: Order,
        buyer: Account | None = None,
        seller: Account | None = None,
        supervisor: Account | None = None,
        roles: frozenset[str] = frozenset(),
        actions: list[str] | None = None,
    ) -> OrderPublic:
        return cls(
            id=str(o.id),
            title=o.title,
            status=o.status.value,
            buyer=AccountSummary.of(buyer) if buyer else None,
            seller=AccountSummary.of(seller) if seller else None,
            supervisor=AccountSummary.of(supervisor) if supervisor else None,
            price=o.price_cents,
            currency=o.currency,
            payment_mode=o.payment_mode.value,
            revisions_included=o.revisions_included,
            revisions_used=o.revisions_used,
            due_at=o.due_at,
            created_at=o.created_at,
            delivered_at=o.delivered_at,
            completed_at=o.completed_at,
            job_id=sid(o.request_id),
            offer_id=sid(o.offer_id),
            your_roles=sorted(roles),
            actions=actions or [],
        )


class PayoutPublic(BaseModel):
    """The seller's payout of an escrow order."""

    state: str = Field(
        description="none (nothing to pay out yet), queued, held (a chargeback or a "
        "moderator stopped it), sent (the call to Stripe is in flight), failing (retried; "
        "see last_error), paid (Stripe made the transfer), reversed (taken back for a "
        "chargeback) or cancelled"
    )
    amount: int = Field(default=0, description="Minor units of the order's currency.")
    attempts: int = 0
    last_error: str | None = Field(default=None, description="Why the last attempt failed.")
    sent_at: datetime | None = None

    @classmethod
    def of(cls, p: Payout) -> PayoutPublic:
        return cls(state=p.state.value, amount=p.amount_cents, attempts=p.attempts,
                   last_error=p.last_error, sent_at=p.sent_at)


class PaymentPublic(BaseModel):
    """An escrow order's payment: what the buyer pays, the fee kept from the seller's payout,
    where to pay (a Stripe Checkout link, or ``POST /api/orders/{id}/fund`` from the
    wallet), and afterwards where the money is. Amounts are integers in the currency's
    minor unit (cents; yen for JPY)."""

    status: str = Field(
        description="awaiting_funding, funded, release_pending, released, refunded, "
        "partially_refunded (a split), reversed (released money taken back: a refund after "
        "release or a lost chargeback), disputed_by_bank (a card chargeback is open), or "
        "cancelled (before any money came in)"
    )
    amount: int = Field(description="What the buyer pays.")
    currency: str
    platform_fee: int = Field(
        description="Kept from the seller's payout: what the release kept (less after a "
        "split), what it will keep before that, 0 once refunded."
    )
    seller_receives: int = Field(
        description="What the seller keeps: after the release, net of anything taken back."
    )
    funded: int = Field(default=0, description="What came into escrow.")
    refunded: int = Field(default=0, description="What went back to the buyer.")
    released_to_seller: int = Field(
        default=0, description="Released to the seller and not taken back (0 before release)."
    )
    processing_fee: int = Field(
        default=0, description="What Stripe kept of the card payment(s); not refunded."
    )
    processing_fee_currency: str | None = None
    lost_to_chargeback: int = Field(default=0, description="What the card holder's bank took.")
    held: int = Field(default=0, description="Still in the order's escrow.")
    paid_to_proofers: int = Field(
        default=0, description="Proofing fees earned by in-time proofers (not the seller's)."
    )
    payout: PayoutPublic | None = None
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    wallet_balance: int | None = Field(default=None, description="The buyer's wallet, cents.")

    @classmethod
    def of(cls, d: PaymentDetails) -> PaymentPublic:
        r = d.record
        return cls(
            status=d.status,
            amount=d.amount_cents,
            currency=d.currency,
            platform_fee=d.fee_cents,
            seller_receives=d.seller_receives_cents,
            funded=r.funded_cents if r else 0,
            refunded=r.refunded_cents if r else 0,
            released_to_seller=r.seller_cents if r and r.released else 0,
            processing_fee=r.processing_fee_cents if r else 0,
            processing_fee_currency=r.processing_fee_currency if r else None,
            lost_to_chargeback=r.chargeback_cents if r else 0,
            held=r.held_cents if r else 0,
            paid_to_proofers=r.proofers_paid_cents if r else 0,
            payout=PayoutPublic.of(r.payout) if r else None,
            checkout_url=d.checkout_url,
            checkout_expires_at=d.checkout_expires_at,
            wallet_balance=d.wallet_balance_cents,
        )


class OrderDetailPublic(OrderPublic):
    deliveries: list[DeliveryPublic]
    timeline: list[TimelinePublic]
    dispute_open: bool
    payment: PaymentPublic | None = Field(
        default=None, description="Escrow orders only: how the order is paid."
    )


#: Provenance bounds: enough for a paragraph and a tool list, small enough for a card.
MAX_AUTOMATED = 500
MAX_TOOLS = 20
MAX_TOOL_NAME = 100

ToolName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TOOL_NAME)
]


class ProvenanceCreate(Strict):
    """What the delivering agent declares about how the work was made."""

    automated: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_AUTOMATED)
    ] = Field(description="What was automated, e.g. 'crawling and CSV export'.")
    tools: list[ToolName] = Field(
        default_factory=list,
        max_length=MAX_TOOLS,
        description="Tools and models used, e.g. ['playwright', 'gpt-4o'].",
    )
    human_reviewed: bool = Field(
        default=False, description="Whether a human reviewed the work before delivery."
    )

    def to_core(self) -> Provenance:
        return Provenance(
            automated=self.automated,
            tools=tuple(dict.fromkeys(self.tools)),
            human_reviewed=self.human_reviewed,
        )


class DeliverCreate(Strict):
    model_config = example(
        {
            "url": "https://files.example.com/prices-week-23.csv",
            "note": "Week 23: 200 products, 3 shops.",
        }
    )

    url: str | None = Field(default=None, max_length=2000)
    note: str = Field(default="", max_length=8000)
    provenance: ProvenanceCreate | None = Field(
        default=None,
        description=(
            "Declare how the work was made; an agent's delivery without it shows as not "
            "declared. In a multipart upload, send it as a JSON string."
        ),
    )

    @field_validator("provenance", mode="before")
    @classmethod
    def _provenance_from_form(cls, value: object) -> object:
        # A multipart form carries every field as text: the object arrives as JSON.
        if isinstance(value, str):
            try:
                return json.loads(value) if value.strip() else None
            except ValueError:
                raise ValueError(
                    'provenance must be a JSON object such as {"automated": "...", '
                    '"tools": ["..."], "human_reviewed": false}'
                ) from None
        return value


class MessageCreate(Strict):
    model_config = example({"text": "The first CSV is ready for a look."})

    text: str = Field(max_length=8000)


class RevisionCreate(Strict):
    model_config = example({"note": "Please add the shipping cost column."})

    note: str = Field(max_length=4000)


class DisputeCreate(Strict):
    model_config = example({"reason": "The CSV covers 40 products, not the 200 agreed."})

    reason: str = Field(max_length=4000)


class CancelCreate(Strict):
    model_config = example({"reason": "We agreed to stop here."})

    reason: str = Field(default="", max_length=2000)


class DisputePublic(BaseModel):
    id: str
    order_id: str
    status: str
    reason: str
    created_at: datetime


class ReviewCreate(Strict):
    model_config = example({"rating": 5, "text": "Fast and accurate."})

    rating: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=4000)
