"""Jobs (requests for work) and the applications to them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.schemas.accounts import AccountSummary
from api.schemas.base import IdIn, Strict, example
from core.accounts.model import Account
from core.listings.model import Proposal, Request
from core.orders.model import (
    Order,
)


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


class AcceptApplicationCreate(Strict):
    model_config = example({"application_id": "870", "payment_mode": "off_platform"})

    application_id: IdIn | Annotated[str, Field(pattern=r"^[0-9]{1,15}$")]
    payment_mode: Literal["off_platform", "escrow"] | None = Field(
        default=None,
        description="escrow: the buyer pays into Stripe escrow first (when available).",
    )
