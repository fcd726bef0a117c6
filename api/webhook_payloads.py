"""What outbound webhooks carry: one body per public event type, in the REST API's words.

Domain events speak the core's language (``request_id``, ``proposal_id``, ``price_cents``);
an agent reads the API's (``job_id``, ``application_id``, ``price``; ids as strings, times
as ``...Z``), so the sink renders each event through its model here when it queues the
delivery: what is stored is what is sent, byte for byte on every retry, and
``/openapi.json`` documents these models in its ``webhooks`` section.

A model lists what a recipient may see; anything else in the domain payload stays home.
A public type without a model (one added in core, not here yet) carries only its ids, in the
API's names: a receiver can fetch the rest, and nothing is exposed by default. A test fails
for such a type, so it does not ship that way.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime
from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from core.accounts.webhooks import PUBLIC_EVENT_TYPES
from core.orders.model import OrderStatus
from core.shared import events as ev
from core.shared.events import DomainEvent

log = logging.getLogger(__name__)

#: Domain words that the API says differently, wherever they occur in a payload.
API_NAMES: dict[str, str] = {
    "request_id": "job_id",
    "proposal_id": "application_id",
    "price_cents": "price",
    "amount_cents": "amount",
    "fee_cents": "platform_fee",
}

OrderStatusName = Annotated[str, Field(json_schema_extra={"enum": [s.value for s in OrderStatus]})]
Authorship = Literal["agent", "human"]


def in_api_words(payload: dict[str, Any]) -> dict[str, Any]:
    """The domain payload with the API's names for its keys."""
    return {API_NAMES.get(key, key): value for key, value in payload.items()}


def ids_only(payload: dict[str, Any]) -> dict[str, str]:
    """The rule for a public type without a model: its ids, as strings, and nothing else."""
    return {
        key: str(value)
        for key, value in in_api_words(payload).items()
        if key.endswith("_id") and value is not None
    }


class Payload(BaseModel):
    """The ``data`` of a webhook. Ids are strings, amounts integer cents (credits for
    credit events), times ISO 8601 UTC."""

    # Domain ids are integers; the API's are strings.
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)
    #: API name <- domain name, where one event type says it differently from API_NAMES.
    domain_names: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _from_domain(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        data = in_api_words(value)
        for api_name, domain_name in cls.domain_names.items():
            if domain_name in data and api_name not in data:
                data[api_name] = data.pop(domain_name)
        return data


# ---------------------------------------------------------------- jobs and applications


class ApplicationData(Payload):
    job_id: str = Field(examples=["311"])
    application_id: str = Field(examples=["870"])
    domain_names: ClassVar[dict[str, str]] = {"applicant_id": "seller_id"}

    applicant_id: str = Field(examples=["58"])
    title: str = Field(description="The job's title.", examples=["Weekly competitor prices"])


class ApplicationReceived(ApplicationData):
    """Someone applied to your job (``GET /api/jobs/{id}/applications``)."""

    domain_names: ClassVar[dict[str, str]] = {
        "applicant_id": "seller_id",
        "proposed_price": "price",
    }

    proposed_price: int = Field(description="Cents.", examples=[45000])
    currency: str = Field(examples=["usd"])
    timeline_days: int = Field(examples=[5])


class ApplicationAccepted(ApplicationData):
    """The poster accepted your application: the order exists (``GET /api/orders/{id}``)."""

    order_id: str = Field(examples=["1042"])


class ApplicationRejected(ApplicationData):
    """Your application was turned down (another was accepted, or the job closed)."""


# ---------------------------------------------------------------- orders


class OrderData(Payload):
    """The order as it stands after the change (the fields of ``GET /api/orders/{id}``)."""

    order_id: str = Field(examples=["1042"])
    title: str = Field(examples=["Weekly competitor prices"])
    status: OrderStatusName = Field(examples=["delivered"])
    buyer_id: str = Field(examples=["57"])
    seller_id: str = Field(examples=["58"])
    price: int = Field(description="Cents.", examples=[45000])
    currency: str = Field(examples=["usd"])
    payment_mode: Literal["off_platform", "escrow"] = Field(examples=["off_platform"])
    job_id: str | None = Field(
        description="The job the order came from (null: from an offer).", examples=["311"]
    )
    offer_id: str | None = Field(
        description="The offer the order came from (null: from a job).", examples=[None]
    )
    due_at: datetime = Field(examples=["2025-06-09T12:00:00Z"])


class OrderChange(OrderData):
    """A step of the order's timeline (``timeline`` in ``GET /api/orders/{id}``)."""

    action: str = Field(description="What was done, as in the timeline.", examples=["deliver"])
    from_status: OrderStatusName | None = Field(examples=["in_progress"])
    to_status: OrderStatusName = Field(examples=["delivered"])
    actor_id: str | None = Field(
        description="Who acted (null: a timer or the payment processor).", examples=["58"]
    )
    note: str | None = Field(examples=[None])


class OrderFunded(OrderChange):
    """The buyer's money is in escrow: work starts."""

    source: Literal["card", "wallet"] | None = Field(default=None, examples=["card"])


class OrderDelivered(OrderChange):
    """A delivery is ready for the buyer (``deliveries`` in ``GET /api/orders/{id}``)."""

    delivery_id: str | None = Field(
        default=None, description="Null when a supervisor signed off a held delivery.",
        examples=["77"],
    )
    authorship: Authorship | None = Field(default=None, examples=["agent"])


class OrderRevisionRequested(OrderChange):
    """The buyer sent the delivery back; ``note`` says what to change."""


class OrderApproved(OrderChange):
    """The buyer (or the auto-approval timer) approved the delivery."""


class OrderCompleted(OrderChange):
    """The order is complete: reviews are open."""


class OrderCancelled(OrderChange):
    """The order was cancelled (by both parties, a timer, or unfunded)."""


class OrderDisputed(OrderChange):
    """A party opened a dispute; ``note`` is the reason. Every timer of the order pauses."""


class DisputeResolved(OrderChange):
    """A moderator ruled on the order's dispute; ``note`` is the ruling's note."""

    dispute_id: str = Field(examples=["12"])
    ruling: Literal["release", "refund", "split", "resume"] = Field(examples=["split"])
    split_pct: int | None = Field(
        default=None, description="Percent refunded to the buyer (split only).", examples=[40]
    )


class PaymentData(OrderData):
    amount: int | None = Field(
        default=None, description="Cents moved (null on the order's own step).", examples=[45000]
    )
    note: str | None = Field(default=None, examples=[None])


class PaymentReleased(PaymentData):
    """Escrow money was released to the seller, less the platform fee."""

    platform_fee: int | None = Field(default=None, description="Cents.", examples=[4500])


class PaymentRefunded(PaymentData):
    """Escrow money went back to the buyer."""


class MessageReceived(Payload):
    """The other party wrote on the order (``GET /api/orders/{id}/messages``)."""

    order_id: str = Field(examples=["1042"])
    message_id: str = Field(examples=["5120"])
    author_id: str = Field(examples=["57"])
    authorship: Authorship = Field(examples=["human"])
    text: str = Field(description="Secrets are already redacted.", examples=["Looks good!"])
    domain_names: ClassVar[dict[str, str]] = {"file_name": "attachment"}

    file_name: str | None = Field(description="The attached file's name, if any.",
                                  examples=[None])


class ReviewReceived(Payload):
    """The other party reviewed you. Reviews are double-blind: what it says shows once both
    are in, or after the reveal window (``GET /api/orders/{id}/reviews``)."""

    order_id: str = Field(examples=["1042"])
    review_id: str = Field(examples=["301"])
    author_id: str = Field(examples=["57"])
    subject_id: str = Field(examples=["58"])


# ---------------------------------------------------------------- proofing


class ProofAssigned(Payload):
    """You were assigned to check a delivery (``GET /api/proofer/assignments/{id}``)."""

    assignment_id: str = Field(examples=["901"])
    order_id: str = Field(examples=["1042"])
    job_id: str | None = Field(examples=["311"])
    title: str = Field(examples=["Weekly competitor prices"])
    due_at: datetime = Field(description="Submit the scorecard by then.",
                             examples=["2025-06-05T12:00:00Z"])


class ProofSubmitted(Payload):
    """A proofer checked your delivery. Proofers stay anonymous to the parties."""

    order_id: str = Field(examples=["1042"])
    job_id: str | None = Field(examples=["311"])
    title: str = Field(examples=["Weekly competitor prices"])
    verdict: Literal["pass", "fail"] = Field(examples=["pass"])


class ProofScores(BaseModel):
    completeness: float = Field(examples=[4.5])
    accuracy: float = Field(examples=[4.0])
    methodology: float = Field(examples=[4.0])
    quality: float = Field(examples=[5.0])


class ProofConsensus(OrderData):
    """The proofing is over: the majority verdict and the mean scores (1-5)."""

    verdict: Literal["pass", "fail", "split", "none"] = Field(examples=["pass"])
    scorecards: int = Field(description="How many scorecards came in.", examples=[3])
    scores: ProofScores


# ---------------------------------------------------------------- credits


class CreditsToppedUp(Payload):
    """Credits arrived on your balance (``GET /api/me/credits``)."""

    account_id: str = Field(examples=["58"])
    amount: int = Field(description="Credits added.", examples=[500])
    balance: int = Field(description="Credits after the top-up.", examples=[620])
    source: Literal["topup_crypto", "topup_stars"] = Field(examples=["topup_crypto"])
    reference: str | None = Field(examples=["0x5f3c9a0e:7"])


#: The model of each public event type. proof.assigned and proof.consensus are keyed by name:
#: the proofing feature adds their constants to core.
PAYLOADS: dict[str, type[Payload]] = {
    ev.APPLICATION_RECEIVED: ApplicationReceived,
    ev.APPLICATION_ACCEPTED: ApplicationAccepted,
    ev.APPLICATION_REJECTED: ApplicationRejected,
    ev.ORDER_FUNDED: OrderFunded,
    ev.ORDER_DELIVERED: OrderDelivered,
    ev.ORDER_REVISION_REQUESTED: OrderRevisionRequested,
    ev.ORDER_APPROVED: OrderApproved,
    ev.ORDER_COMPLETED: OrderCompleted,
    ev.ORDER_CANCELLED: OrderCancelled,
    ev.ORDER_DISPUTED: OrderDisputed,
    ev.DISPUTE_RESOLVED: DisputeResolved,
    ev.PAYMENT_RELEASED: PaymentReleased,
    ev.PAYMENT_REFUNDED: PaymentRefunded,
    ev.MESSAGE_RECEIVED: MessageReceived,
    ev.REVIEW_RECEIVED: ReviewReceived,
    "proof.assigned": ProofAssigned,
    ev.PROOF_SUBMITTED: ProofSubmitted,
    "proof.consensus": ProofConsensus,
    ev.CREDITS_TOPPED_UP: CreditsToppedUp,
}


class IdsOnly(Payload):
    """The ids of the event's subjects (a type documented only by its ids)."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"additionalProperties": {"type": "string"}}
    )


D = TypeVar("D", bound=Payload)


class WebhookEvent(BaseModel, Generic[D]):
    """The body of every webhook POST (Standard Webhooks): verify ``webhook-signature``
    over ``webhook-id.webhook-timestamp.body`` with your ``whsec_`` secret, answer 2xx
    quickly, and deduplicate by ``id``: delivery is at least once."""

    id: str = Field(description="The event id, also the webhook-id header.",
                    examples=["6f1c0d2ab3e44f0e9c7d5a18e2b4c901"])
    type: str
    timestamp: datetime = Field(description="When it happened.",
                                examples=["2025-06-02T12:00:00Z"])
    data: D


def _model_name(event_type: str) -> str:
    return "".join(p.capitalize() for p in event_type.replace(".", "_").split("_")) + "Event"


@functools.cache
def _event_model(event_type: str) -> type[WebhookEvent[Any]]:
    data = PAYLOADS.get(event_type, IdsOnly)
    model = create_model(
        _model_name(event_type),
        __base__=WebhookEvent[data],  # type: ignore[valid-type]
        __doc__=data.__doc__,
        type=(str, Field(json_schema_extra={"const": event_type}, examples=[event_type])),
    )
    return cast(type[WebhookEvent[Any]], model)


#: The body model of each public event type, for rendering and for the OpenAPI document.
EVENT_MODELS: dict[str, type[WebhookEvent[Any]]] = {t: _event_model(t) for t in PUBLIC_EVENT_TYPES}


def message_body(event: DomainEvent, public: str, now: datetime) -> dict[str, Any]:
    """The JSON a subscriber receives for ``event`` under its public type. Raises pydantic's
    ``ValidationError`` when the domain payload lacks what the type promises (the
    dispatcher then retries the event, so nothing is sent half-filled)."""
    model = _event_model(public)
    if public in PAYLOADS:
        data: dict[str, Any] = event.payload
    else:
        log.warning("webhook type %s has no payload model: sending its ids only", public)
        data = ids_only(event.payload)
    body = model.model_validate(
        {"id": event.id, "type": public, "timestamp": event.occurred_at or now, "data": data}
    )
    return body.model_dump(mode="json")
