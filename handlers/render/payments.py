"""Notifications of escrow on Stripe (core.escrow): payouts sent, failed card payments,
payments returned automatically, wallet deposits and payout status changes; and the admin
channel's lines for failed payment calls, chargebacks and money Stripe moved on its own.
"""

from __future__ import annotations

from core.escrow import model as pay
from handlers.actions import encode
from handlers.render.base import EventView, Rendered, renders
from handlers.render.channels import ADMIN_KEYS


@renders(pay.PAYMENT_PAID_OUT)
def _paid_out(v: EventView) -> Rendered:
    return v.about_order("n.payment_paid_out", amount=v.money("amount_cents"))


@renders(pay.PAYMENT_FAILED)
def _payment_failed(v: EventView) -> Rendered:
    retry = v.button("btn.pay_card", encode("pay", "card", v.order_id or 0))
    return v.about_order("n.payment_failed", (retry,), reason=v.text("reason", 300))


@renders(pay.PAYMENT_RETURNED)
def _payment_returned(v: EventView) -> Rendered:
    return v.about_order(
        "n.payment_returned", amount=v.money("amount_cents"), reason=v.text("reason", 300)
    )


@renders(pay.WALLET_CREDITED)
def _wallet_credited(v: EventView) -> Rendered:
    return v.say(
        "n.wallet_credited", amount=v.money("amount_cents"), balance=v.money("balance_cents")
    )


@renders(pay.PAYOUTS_UPDATED)
def _payouts_updated(v: EventView) -> Rendered:
    key = "n.payouts_enabled" if v.p.get("can_receive") else "n.payouts_disabled"
    return v.say(key)


@renders(pay.PAYMENT_REFUND_FAILED)
def _refund_failed(v: EventView) -> Rendered:
    return v.about_order(
        "n.payment_refund_failed", amount=v.money("amount_cents"), reason=v.text("reason", 300)
    )


@renders(pay.PAYMENT_CHARGEBACK)
def _chargeback(v: EventView) -> Rendered:
    return v.about_order("n.payment_chargeback", amount=v.money("amount_cents"))


@renders(pay.PAYMENT_CHARGEBACK_CLOSED)
def _chargeback_closed(v: EventView) -> Rendered:
    key = "n.payment_chargeback_won" if v.p.get("won") else "n.payment_chargeback_lost"
    return v.about_order(key, amount=v.money("amount_cents"))


ADMIN_KEYS.update(
    {
        pay.PAYMENT_CHARGEBACK_CLOSED: "admin.payment_chargeback_closed",
        pay.PAYMENT_CHARGEBACK_FUNDS: "admin.payment_chargeback_funds",
        pay.PAYMENT_REFUND_FAILED: "admin.payment_refund_failed",
        pay.PAYOUTS_DISCONNECTED: "admin.payouts_disconnected",
        pay.PAYMENT_JOB_FAILED: "admin.payment_job_failed",
        pay.PAYMENT_CHARGEBACK: "admin.payment_chargeback",
        pay.PAYMENT_UNEXPECTED: "admin.payment_unexpected",
    }
)
