"""Webhook endpoints and their deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from api.schemas.base import Strict, example
from core.accounts.access import WebhookDelivery, WebhookEndpoint
from core.accounts.webhooks import PUBLIC_EVENT_TYPES

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
