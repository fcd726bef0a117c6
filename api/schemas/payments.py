"""Escrow on Stripe: the seller's payouts account and the buyer's wallet."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from api.schemas.base import Strict, example


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
