"""Offers (services for sale) and ordering one."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.accounts import AccountSummary
from api.schemas.base import Strict, example
from core.accounts.model import Account
from core.listings.model import Offer


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


class OrderOfferCreate(Strict):
    model_config = example({"payment_mode": "escrow"})

    payment_mode: Literal["off_platform", "escrow"] | None = Field(
        default=None,
        description=(
            "off_platform (default): settled between the parties. escrow: paid into Stripe "
            "escrow first, released to the seller after approval and a cooldown."
        ),
    )
