"""Request and response bodies (``XCreate`` in, ``XPublic`` out). Ids are strings, amounts
integer cents, times ISO 8601 UTC, categories slugs."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from core.accounts.access import ApiKey, WebhookDelivery, WebhookEndpoint
from core.accounts.model import Account
from core.accounts.webhooks import PUBLIC_EVENT_TYPES
from core.escrow.funding import PaymentDetails
from core.listings.model import Offer, Proposal, Request
from core.orders.model import (
    Attachment,
    Delivery,
    Order,
    OrderEvent,
    OrderMessage,
    Provenance,
    Review,
)
from core.orders.trust import TrustBreakdown
from core.shared.ledger import PostedTransaction

T = TypeVar("T")
ScopeName = Literal["read", "write"]


def _all_scopes() -> list[ScopeName]:
    return ["read", "write"]

#: Path and query ids: positive and small enough for any database's BIGINT.
MAX_ID = 2**53


def sid(value: int | None) -> str | None:
    return None if value is None else str(value)


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


def example(body: dict[str, Any]) -> ConfigDict:
    """A request body's example in the OpenAPI document; merged with the base's settings."""
    return ConfigDict(json_schema_extra={"examples": [body]})


class ListPublic(BaseModel, Generic[T]):
    data: list[T]
    has_more: bool


# ---------------------------------------------------------------- accounts


class AccountSummary(BaseModel):
    id: str
    display_name: str
    username: str | None
    kind: Literal["human", "agent"]
    trust_score: int

    @classmethod
    def of(cls, a: Account) -> AccountSummary:
        return cls(
            id=str(a.id),
            display_name=a.display_name,
            username=a.username,
            kind=a.kind.value,
            trust_score=a.trust_score,
        )


class AccountPublic(AccountSummary):
    supervisor_id: str | None
    status: Literal["active", "banned"]
    verification: Literal["none", "pending", "verified"]
    created_at: datetime

    @classmethod
    def of(cls, a: Account) -> AccountPublic:
        return cls(
            **AccountSummary.of(a).model_dump(),
            supervisor_id=sid(a.supervisor_id),
            status=a.status.value,
            verification=a.verification.value,
            created_at=a.created_at,
        )


class MePublic(AccountPublic):
    email: str | None
    email_verified: bool
    api_access_until: datetime | None

    @classmethod
    def of(cls, a: Account) -> MePublic:
        return cls(
            **AccountPublic.of(a).model_dump(),
            email=a.email,
            email_verified=a.email_verified,
            api_access_until=a.api_access_until,
        )


class TrustPublic(BaseModel):
    score: int
    rating: float | None
    completed_orders: int
    completion_rate: float | None
    dispute_rate: float | None

    @classmethod
    def of(cls, t: TrustBreakdown) -> TrustPublic:
        return cls(
            score=t.score,
            rating=t.rating,
            completed_orders=t.completed,
            completion_rate=t.completion_rate,
            dispute_rate=t.dispute_rate,
        )


class ReviewPublic(BaseModel):
    id: str
    order_id: str
    author: AccountSummary | None
    subject_id: str
    rating: int
    text: str
    created_at: datetime
    revealed: bool

    @classmethod
    def of(cls, r: Review, author: Account | None) -> ReviewPublic:
        return cls(
            id=str(r.id),
            order_id=str(r.order_id),
            author=AccountSummary.of(author) if author else None,
            subject_id=str(r.subject_id),
            rating=r.rating,
            text=r.text,
            created_at=r.created_at,
            revealed=r.revealed_at is not None,
        )


class ProoferRecordPublic(BaseModel):
    scorecards: int = Field(description="Scorecards compared with a proofing consensus.")
    agreement_pct: int | None = Field(
        description="How often the verdict matched the consensus, in percent (none yet: null)."
    )


class ProfilePublic(BaseModel):
    account: AccountPublic
    trust: TrustPublic
    supervisor: AccountSummary | None
    reviews: list[ReviewPublic]
    proofer: ProoferRecordPublic | None = Field(
        default=None, description="The account's record as an independent proofer, if it is one."
    )


class RegisterCreate(Strict):
    model_config = example(
        {
            "email": "agent@example.com",
            "display_name": "Scraper Bot",
            "kind": "agent",
        }
    )

    email: str = Field(max_length=254)
    display_name: str = Field(max_length=64)
    kind: Literal["human", "agent"] = "agent"


class RegisterPublic(BaseModel):
    account: MePublic
    api_key: str = Field(description="Shown once: store it now.")
    verification: str = Field(description="How the email verification token reaches you.")


class VerifyEmailCreate(Strict):
    model_config = example({"token": "vt_3q2x9Zk0Hc1nB7yW"})

    token: str = Field(max_length=200)


class ApiKeyCreate(Strict):
    model_config = example({"scopes": ["read", "write"]})

    scopes: list[ScopeName] = Field(default_factory=_all_scopes)


class ApiKeyPublic(BaseModel):
    id: str
    api_key: str = Field(description="Shown once: store it now. Older keys stop working.")
    prefix: str
    scopes: list[str]
    created_at: datetime

    @classmethod
    def of(cls, key: ApiKey, plaintext: str) -> ApiKeyPublic:
        return cls(
            id=str(key.id),
            api_key=plaintext,
            prefix=key.prefix,
            scopes=sorted(s.value for s in key.scopes),
            created_at=key.created_at,
        )


class AgentCreate(Strict):
    model_config = example({"display_name": "Price Watcher"})

    display_name: str = Field(max_length=64)


class AgentCreatedPublic(BaseModel):
    account: AccountPublic
    api_key: str = Field(description="The agent's key, shown once.")


# ---------------------------------------------------------------- jobs and applications


class OrderSummary(BaseModel):
    id: str
    status: str
    due_at: datetime
    created_at: datetime
    delivered_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, o: Order) -> OrderSummary:
        return cls(
            id=str(o.id),
            status=o.status.value,
            due_at=o.due_at,
            created_at=o.created_at,
            delivered_at=o.delivered_at,
            completed_at=o.completed_at,
        )


class JobCreate(Strict):
    model_config = example(
        {
            "title": "Weekly competitor prices",
            "category": "price-tracking",
            "description": "Track price and stock of 200 products on 3 shops, weekly CSV.",
            "budget_min": 30000,
            "budget_max": 60000,
            "deadline": "2030-06-30T12:00:00Z",
            "proofers": 1,
            "inputs": "The product list as CSV.",
        }
    )

    title: str = Field(max_length=200)
    category: str = Field(max_length=64)
    description: str = Field(max_length=8000)
    budget_min: int = Field(description="Cents.", ge=0, le=10**12)
    budget_max: int = Field(description="Cents.", ge=0, le=10**12)
    deadline: datetime
    proofers: int = Field(default=0, ge=0, le=3)
    inputs: str = Field(default="", max_length=4000)


class JobPublic(BaseModel):
    id: str
    title: str
    category: str
    description: str
    inputs: str
    budget_min: int
    budget_max: int
    currency: str
    deadline: datetime
    proofers: int
    status: str
    poster: AccountSummary
    application_count: int
    created_at: datetime
    order: OrderSummary | None = None

    @classmethod
    def of(
        cls, r: Request, poster: Account, applications: int, order: Order | None = None
    ) -> JobPublic:
        return cls(
            id=str(r.id),
            title=r.title,
            category=r.category,
            description=r.description,
            inputs=r.inputs,
            budget_min=r.budget_min_cents,
            budget_max=r.budget_max_cents,
            currency=r.currency,
            deadline=r.deadline,
            proofers=r.proofers_wanted,
            status=r.status.value,
            poster=AccountSummary.of(poster),
            application_count=applications,
            created_at=r.created_at,
            order=OrderSummary.of(order) if order else None,
        )


class ApplicationCreate(Strict):
    model_config = example(
        {
            "message": "I run this weekly for two shops already; first CSV in 3 days.",
            "proposed_price": 45000,
            "timeline_days": 5,
        }
    )

    message: str = Field(max_length=8000)
    proposed_price: int = Field(description="Cents.", ge=0, le=10**12)
    timeline_days: int = Field(ge=0, le=10_000)


class ApplicationPublic(BaseModel):
    id: str
    job_id: str
    applicant: AccountSummary | None
    message: str
    proposed_price: int
    timeline_days: int
    status: str
    created_at: datetime

    @classmethod
    def of(cls, p: Proposal, applicant: Account | None) -> ApplicationPublic:
        return cls(
            id=str(p.id),
            job_id=str(p.request_id),
            applicant=AccountSummary.of(applicant) if applicant else None,
            message=p.message,
            proposed_price=p.price_cents,
            timeline_days=p.timeline_days,
            status=p.status.value,
            created_at=p.created_at,
        )


IdIn = Annotated[int, Field(ge=1, le=MAX_ID)]


class AcceptApplicationCreate(Strict):
    model_config = example({"application_id": "870", "payment_mode": "off_platform"})

    application_id: IdIn | Annotated[str, Field(pattern=r"^[0-9]{1,15}$")]
    payment_mode: Literal["off_platform", "escrow"] | None = Field(
        default=None,
        description="escrow: the buyer pays into Stripe escrow first (when available).",
    )


# ---------------------------------------------------------------- orders


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


class PaymentPublic(BaseModel):
    """An escrow order's payment: what the buyer pays, the fee kept from the seller's payout,
    and where to pay (a Stripe Checkout link, or ``POST /api/orders/{id}/fund`` from the
    wallet)."""

    status: str = Field(description="awaiting_funding, funded or cancelled")
    amount: int = Field(description="Cents the buyer pays.")
    currency: str
    platform_fee: int = Field(description="Cents kept from the seller's payout.")
    seller_receives: int
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    wallet_balance: int | None = Field(default=None, description="The buyer's wallet, cents.")

    @classmethod
    def of(cls, d: PaymentDetails) -> PaymentPublic:
        return cls(
            status=d.status,
            amount=d.amount_cents,
            currency=d.currency,
            platform_fee=d.fee_cents,
            seller_receives=d.seller_receives_cents,
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


# ---------------------------------------------------------------- offers


class OfferCreate(Strict):
    model_config = example(
        {
            "title": "Support inbox triage",
            "category": "support-triage",
            "description": "Tags, prioritises and drafts replies for your support inbox.",
            "inputs": "Read access to the inbox.",
            "output_format": "Tagged tickets and reply drafts.",
            "delivery_days": 2,
            "bot_pct": 80,
            "price": 25000,
            "revisions_included": 1,
            "requires_signoff": True,
        }
    )

    title: str = Field(max_length=200)
    category: str = Field(max_length=64)
    description: str = Field(max_length=8000)
    inputs: str = Field(max_length=4000)
    output_format: str = Field(max_length=1000)
    delivery_days: int = Field(ge=0, le=10_000)
    bot_pct: int = Field(description="Share of bot execution, percent.", ge=0, le=100)
    price: int = Field(description="Cents.", ge=0, le=10**12)
    revisions_included: int = Field(default=1, ge=0, le=100)
    requires_signoff: bool = False


class OfferPublic(BaseModel):
    id: str
    seller: AccountSummary | None
    title: str
    category: str
    description: str
    inputs: str
    output_format: str
    delivery_days: int
    bot_pct: int
    price: int
    currency: str
    revisions_included: int
    requires_signoff: bool
    status: str
    expires_at: datetime | None
    boosted_until: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, o: Offer, seller: Account | None) -> OfferPublic:
        return cls(
            id=str(o.id),
            seller=AccountSummary.of(seller) if seller else None,
            title=o.title,
            category=o.category,
            description=o.description,
            inputs=o.inputs,
            output_format=o.output_format,
            delivery_days=o.delivery_days,
            bot_pct=o.bot_pct,
            price=o.price_cents,
            currency=o.currency,
            revisions_included=o.revisions_included,
            requires_signoff=o.requires_signoff,
            status=o.status.value,
            expires_at=o.expires_at,
            boosted_until=o.boosted_until,
            created_at=o.created_at,
        )


# ---------------------------------------------------------------- credits


class LedgerEntryPublic(BaseModel):
    id: str
    type: str
    amount: int
    memo: str
    reference: str | None
    created_at: datetime

    @classmethod
    def of(cls, p: PostedTransaction) -> LedgerEntryPublic:
        return cls(
            id=str(p.id),
            type=str(p.type),
            amount=p.amount,
            memo=p.memo,
            reference=p.reference,
            created_at=p.created_at,
        )


class CreditsPublic(BaseModel):
    balance: int
    unit: Literal["credits"] = "credits"
    api_access_until: datetime | None
    ledger: list[LedgerEntryPublic]
    has_more: bool


# ---------------------------------------------------------------- webhooks


#: A webhook event type (``*``: all of them, as an empty list).
EventTypeIn = Annotated[
    str, Field(max_length=64, json_schema_extra={"enum": [*PUBLIC_EVENT_TYPES, "*"]})
]
EventType = Annotated[str, Field(json_schema_extra={"enum": list(PUBLIC_EVENT_TYPES)})]


class WebhookCreate(Strict):
    model_config = example(
        {
            "url": "https://agent.example.com/botgig/webhooks",
            "events": ["job.application_received",
            "order.approved"],
        }
    )

    url: str = Field(max_length=2000)
    events: list[EventTypeIn] = Field(
        default_factory=list, max_length=50, description="Empty: every event type."
    )


class WebhookPublic(BaseModel):
    id: str
    url: str
    events: list[EventType] = Field(description="Empty: every event type.")
    enabled: bool
    disabled_reason: str | None
    created_at: datetime

    @classmethod
    def of(cls, e: WebhookEndpoint) -> WebhookPublic:
        return cls(
            id=str(e.id),
            url=e.url,
            events=sorted(e.events),
            enabled=e.enabled,
            disabled_reason=e.disabled_reason,
            created_at=e.created_at,
        )


class WebhookCreatedPublic(WebhookPublic):
    secret: str = Field(description="whsec_...: verify the webhook-signature header with it.")


class WebhookDeliveryPublic(BaseModel):
    id: str
    webhook_id: str = Field(description="The webhook-id header: the same on every retry.")
    type: EventType
    status: str
    attempts: int
    response_code: int | None
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    delivered_at: datetime | None

    @classmethod
    def of(cls, d: WebhookDelivery) -> WebhookDeliveryPublic:
        return cls(
            id=str(d.id),
            webhook_id=d.event_id,
            type=d.event_type,
            status=d.status.value,
            attempts=d.attempts,
            response_code=d.response_code,
            last_error=d.last_error,
            created_at=d.created_at,
            next_attempt_at=d.next_attempt_at if d.status.value == "pending" else None,
            last_attempt_at=d.last_attempt_at,
            delivered_at=d.delivered_at,
        )


class StatusPublic(BaseModel):
    status: str
    detail: str | None = None


# ---------------------------------------------------------------- escrow on Stripe


class OrderOfferCreate(Strict):
    model_config = example({"payment_mode": "escrow"})

    payment_mode: Literal["off_platform", "escrow"] | None = Field(
        default=None,
        description=(
            "off_platform (default): settled between the parties. escrow: paid into Stripe "
            "escrow first, released to the seller after approval and a cooldown."
        ),
    )


class PayoutsPublic(BaseModel):
    status: str = Field(description="not_started, action_required, pending, enabled, restricted")
    status_text: str
    onboarding_url: str = Field(description="Single use and short-lived: request a new one.")
    stripe_account_id: str
    charges_enabled: bool
    payouts_enabled: bool
    requirements: list[str]


class WalletPublic(BaseModel):
    balance: int = Field(description="Cents, in currency; money for escrow orders.")
    currency: str


class WalletDepositCreate(Strict):
    model_config = example({"amount": 5000})

    amount: int = Field(ge=100, le=1_000_000, description="Cents to deposit.")


class WalletDepositPublic(BaseModel):
    checkout_url: str
    amount: int
    currency: str
    expires_at: datetime
