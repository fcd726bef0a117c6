"""The payout cooldown per risk: when the buyer approves an escrow order, the facts BotGig
has (how it was paid, the buyer account's age, the seller's completed orders, the amount)
choose a tier, whose cooldown times the release. The tier and its reasons go on the
order's timeline (the approval's entry), so moderators see why a payout waits.

The cooldown is the moderators' window to reverse an approval before money leaves (a
collusive or mistaken approval, a stolen card used at once). It does not cover chargebacks:
banks open them weeks later, and those reverse the payout (``core.escrow.chargebacks``)."""

from __future__ import annotations

from core.escrow.model import FundingSource
from core.escrow.risk_model import PayoutRisk, PayoutRiskRules, RiskTier
from core.orders.model import Order
from core.shared.context import Context
from core.shared.money import plain_amount
from core.shared.uow import UnitOfWork


async def assess_payout_risk(ctx: Context, uow: UnitOfWork, order: Order) -> PayoutRisk:
    """The tier of ``order``'s payout, from the facts as they are now (the approval)."""
    rules: PayoutRiskRules = ctx.rules.payout_risk
    now = ctx.clock.now()
    funding = await uow.payments.funding(order.id)
    card = funding is not None and funding.source is FundingSource.CARD
    buyer = await uow.accounts.get(order.buyer_id)
    buyer_age = now - buyer.created_at if buyer is not None else None
    stats = (await uow.accounts.trust_stats([order.seller_id])).get(order.seller_id)
    completed = stats.completed if stats is not None else 0
    days = f"{buyer_age.days} day(s)" if buyer_age is not None else "unknown"

    high: list[str] = []
    if rules.high_amount_cents and order.price_cents >= rules.high_amount_cents:
        high.append(
            f"amount {plain_amount(order.price_cents, order.currency)} ≥ "
            f"{plain_amount(rules.high_amount_cents, order.currency)}"
        )
    new_buyer = buyer_age is None or (
        bool(rules.new_buyer_age) and buyer_age < rules.new_buyer_age
    )
    if card and new_buyer:
        high.append(f"card payment by a buyer account {days} old")
    if high:
        return PayoutRisk(RiskTier.HIGH, rules.high_cooldown, tuple(high))
    trusted = completed >= rules.trusted_seller_completed
    if trusted and not new_buyer:
        return PayoutRisk(
            RiskTier.LOW,
            rules.low_cooldown,
            (f"seller with {completed} completed order(s)", f"buyer account {days} old"),
        )
    reasons = []
    if not trusted:
        reasons.append(
            f"seller with {completed} of {rules.trusted_seller_completed} completed orders"
        )
    if new_buyer:
        reasons.append(f"buyer account {days} old, paid from the wallet")
    return PayoutRisk(RiskTier.STANDARD, ctx.rules.release_cooldown, tuple(reasons))
