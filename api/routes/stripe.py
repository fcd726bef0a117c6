"""Escrow on Stripe: Stripe's webhook, the seller's payout onboarding, the buyer's wallet and
paying for an escrow order (a Checkout link, or funding from the wallet).

``POST /api/stripe/webhook`` takes no API key: Stripe signs it instead (verified by the
adapter, with a replay tolerance). A bad signature answers 400 and changes nothing.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request

from api.deps import Actor, Caller, Config, Ctx, Writer
from api.routes import orders as order_routes
from api.routes._common import RESPONSES, OrderId
from api.schemas.orders import OrderDetailPublic, PaymentPublic
from api.schemas.payments import (
    PayoutsPublic,
    WalletDepositCreate,
    WalletDepositPublic,
    WalletPublic,
)
from core.escrow import funding
from core.escrow import payouts as payout_setup
from core.escrow.errors import CheckoutFailed, EscrowUnavailable
from core.escrow.jobs import processor_of
from core.escrow.processor_events import handle_notice, record_ignored
from core.orders.model import Order, OrderStatus, PaymentMode
from core.shared.context import Context

log = logging.getLogger(__name__)

router = APIRouter(tags=["payments"], responses=RESPONSES)

WEBHOOK_PATH = "/api/stripe/webhook"


async def offer_checkout(ctx: Context, order: Order) -> None:
    """After an escrow order is created: make its Checkout link, so the answer carries it.
    Stripe refusing is the caller's error (``CheckoutFailed``: 402 declined, 422 refused,
    503 unreachable, naming the order): the order stays, unfunded and cancellable, and
    ``POST /api/orders/{id}/checkout`` tries again."""
    if order.payment_mode is not PaymentMode.ESCROW:
        return
    if order.status is not OrderStatus.AWAITING_FUNDING:
        return
    try:
        await funding.start_checkout(ctx, buyer_id=order.buyer_id, order_id=order.id)
    except CheckoutFailed as exc:
        log.warning("no checkout link for order %s: %s (%s)", order.id, exc.message,
                    exc.processor_code)
        raise


@router.post(
    WEBHOOK_PATH,
    summary="Stripe's events (signature verified; each event id handled once)",
    # Stripe calls it, not agents: it stays out of the agents' OpenAPI document.
    include_in_schema=False,
)
async def stripe_webhook(request: Request, ctx: Ctx) -> dict[str, object]:
    gateway = processor_of(ctx)
    # Here, not at the top: stripe-python is the optional ``stripe`` extra, and escrow being on
    # (processor_of passed) means it is installed.
    from payments.stripe import StripeGateway, notice_of

    if not isinstance(gateway, StripeGateway):
        raise EscrowUnavailable()
    payload = await request.body()
    event = gateway.verify_event(payload, request.headers.get("stripe-signature"))
    event_id = str(event["id"])
    notice = notice_of(event)
    if notice is None:
        outcome = await record_ignored(ctx, event_id=event_id, event_type=str(event.get("type")))
    else:
        outcome = await handle_notice(ctx, notice)
    return {"received": True, "id": event_id, "outcome": outcome.value}


@router.post("/api/me/payouts", summary="Stripe Connect onboarding link and payout status")
async def start_payout_onboarding(ctx: Ctx, writer: Writer) -> PayoutsPublic:
    setup = await payout_setup.start_payouts(ctx, account_id=writer.account.id)
    account = setup.account
    return PayoutsPublic(
        status=setup.state.value,
        status_text=payout_setup.describe_payouts(account),
        onboarding_url=setup.link,
        stripe_account_id=account.processor_account_id,
        charges_enabled=account.charges_enabled,
        payouts_enabled=account.payouts_enabled,
        requirements=list(account.requirements),
    )


@router.get("/api/me/wallet", summary="Your money wallet (for escrow orders; not credits)")
async def get_wallet(ctx: Ctx, caller: Caller) -> WalletPublic:
    balance = await funding.wallet_balance(ctx, account_id=caller.account.id)
    return WalletPublic(balance=balance, currency=ctx.rules.currency)


@router.post(
    "/api/me/wallet/deposits", status_code=201, summary="Deposit money: a Stripe Checkout link"
)
async def deposit_to_wallet(
    body: WalletDepositCreate, ctx: Ctx, actor: Actor
) -> WalletDepositPublic:
    session = await funding.start_wallet_deposit(
        ctx, account_id=actor.account.id, amount_cents=body.amount
    )
    return WalletDepositPublic(
        checkout_url=session.url,
        amount=session.amount_cents,
        currency=session.currency,
        expires_at=session.expires_at,
    )


@router.post("/api/orders/{order_id}/fund", summary="Fund an escrow order from your wallet")
async def fund_order(
    order_id: OrderId, ctx: Ctx, config: Config, actor: Actor
) -> OrderDetailPublic:
    await funding.fund_from_wallet(ctx, buyer_id=actor.account.id, order_id=order_id)
    return await order_routes.order_detail(ctx, config, order_id, actor.account.id)


@router.post(
    "/api/orders/{order_id}/checkout", summary="The Stripe Checkout link of an escrow order"
)
async def start_checkout(order_id: OrderId, ctx: Ctx, actor: Actor) -> PaymentPublic:
    details = await funding.start_checkout(ctx, buyer_id=actor.account.id, order_id=order_id)
    return PaymentPublic.of(details)
