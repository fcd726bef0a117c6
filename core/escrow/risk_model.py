"""Payout risk tiers and their cooldowns (``core.escrow.risk`` chooses one per order when
the buyer approves; docs/escrow.md "Payout cooldown per risk")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class RiskTier(StrEnum):
    LOW = "low"
    STANDARD = "standard"
    HIGH = "high"


@dataclass(frozen=True)
class PayoutRiskRules:
    """BOTGIG_RELEASE_COOLDOWN_LOW / _HIGH and the thresholds that choose a tier; the
    standard cooldown is ``MarketRules.release_cooldown`` (BOTGIG_RELEASE_COOLDOWN). A
    threshold of 0 is off."""

    low_cooldown: timedelta = timedelta(hours=24)
    high_cooldown: timedelta = timedelta(hours=24)
    #: An order of at least this (minor units of its currency) is high risk.
    high_amount_cents: int = 50_000
    #: A card payment by a buyer account younger than this is high risk; an older buyer is
    #: one condition of the low tier.
    new_buyer_age: timedelta = timedelta(days=7)
    #: A seller with at least this many completed orders is one condition of the low tier.
    trusted_seller_completed: int = 5


@dataclass(frozen=True)
class PayoutRisk:
    """The tier chosen for one order's payout, its cooldown and the facts that chose it."""

    tier: RiskTier
    cooldown: timedelta
    reasons: tuple[str, ...]

    def describe(self) -> str:
        hours = self.cooldown.total_seconds() / 3600
        wait = f"{hours:g} h" if hours < 48 else f"{hours / 24:g} days"
        return f"{self.tier.value} payout risk ({'; '.join(self.reasons)}): paid out after {wait}"
