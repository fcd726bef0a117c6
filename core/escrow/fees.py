"""The platform's fee: the one formula, used wherever an amount is split."""

from __future__ import annotations

from core.shared.context import MarketRules


def fee_of(rules: MarketRules, amount: int) -> int:
    """The platform's fee on ``amount`` cents (rounded down)."""
    return amount * rules.platform_fee_bps // 10_000


def escrow_minimum(rules: MarketRules, currency: str) -> int:
    """The smallest amount an escrow order in ``currency`` may cost (0: none known)."""
    return rules.escrow_minimums.get(currency.lower(), 0)
